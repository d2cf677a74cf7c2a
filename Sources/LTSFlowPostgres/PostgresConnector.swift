#if PostgreSQL
import Foundation
import LTSFlowCore
import PostgresNIO

/// Opens one connection to a ``PostgresTarget`` and turns the client's and the server's errors
/// into ``StoreError`` values that never carry the password.
enum PostgresConnector {
    /// The event loop of this process's connections. A process opens one connection (a
    /// command, a batch, the web board), which lives on one loop; PostgresNIO's default group
    /// starts a thread per core, each started for nothing. Never shut down, as the default.
    static let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// That loop as the executor of the tasks that use the connection (``LoopExecutor``).
    static let executor = LoopExecutor(loop: eventLoopGroup.next())

    static func connect(_ target: PostgresTarget) async throws(StoreError) -> PostgresConnection {
        let configuration: PostgresConnection.Configuration
        switch target.endpoint {
        case .socket:
            // libpq never uses TLS on a Unix socket, and building a TLS context costs milliseconds.
            configuration = .init(unixSocketPath: target.socketPath ?? "", username: target.user, password: target.password,
                                  database: target.database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: target.user, password: target.password,
                                  database: target.database, tls: try tls(target))
        }
        var options = configuration
        options.options.connectTimeout = .seconds(10)
        do {
            return try await PostgresConnection.connect(on: executor.loop, configuration: options, id: 1,
                                                       logger: PostgresStore.logger)
        } catch {
            // sslmode=allow: libpq tries without TLS first, then with it.
            if target.sslMode == .allow, case .tcp = target.endpoint, let error = error as? PSQLError,
               error.code == .server, error.serverInfo?[.sqlState] == "28000" {
                var secure = target
                secure.sslMode = .require
                return try await connect(secure)
            }
            throw storeError(error, target: target)
        }
    }

    /// libpq's `sslmode` as PostgresNIO's TLS setting: `disable` and `allow` start without TLS;
    /// `prefer` and `require` use TLS without checking the certificate; `verify-ca` checks the
    /// chain, `verify-full` the chain and the host name. The trusted roots are `sslrootcert`
    /// (``PostgresTarget/sslRootCert``); when libpq's default file is absent, the system's. As
    /// libpq, `require` checks the chain too when that file exists.
    static func tls(_ target: PostgresTarget) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        guard target.sslMode != .disable, target.sslMode != .allow else { return .disable }
        let system = target.sslRootCert == "system"
        let rootExists = !system && FileManager.default.fileExists(atPath: target.sslRootCert)
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch target.sslMode {
        case .verifyFull: configuration.certificateVerification = .fullVerification
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .require where rootExists: configuration.certificateVerification = .noHostnameVerification
        default: configuration.certificateVerification = .none
        }
        if configuration.certificateVerification != .none, !system {
            if rootExists {
                configuration.trustRoots = .file(target.sslRootCert)
            } else if target.sslRootCertNamed {
                throw .server(target.description, .tls("the root certificate file \(target.sslRootCert) does not exist; "
                    + "name the CA's certificate with sslrootcert=FILE (or sslrootcert=system for the system's roots)"))
            }
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return target.sslMode == .prefer ? .prefer(context) : .require(context)
        } catch {
            let usesFile = rootExists && configuration.certificateVerification != .none
            throw .server(target.description, .tls(usesFile ? "the root certificate file \(target.sslRootCert) cannot be read as PEM certificates"
                                                           : "the TLS settings cannot be used"))
        }
    }

    /// Whether the server aborted a transaction that may simply be run again.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    /// Any error met talking to the server, as a ``StoreError``.
    static func storeError(_ error: any Error, target: PostgresTarget) -> StoreError {
        if let error = error as? StoreError { return error }
        let server = target.description
        guard let error = error as? PSQLError else {
            if let error = error as? PostgresDecodingError {
                return .database("a stored value cannot be read: column \(error.columnName) (\(error.code))")
            }
            return .server(server, .other(sqlState: "", message: "\(type(of: error))"))
        }
        return .server(server, failure(error, target: target))
    }

    private static func failure(_ error: PSQLError, target: PostgresTarget) -> ServerFailure {
        switch error.code {
        case .server:
            return serverFailure(state: error.serverInfo?[.sqlState] ?? "", message: error.serverInfo?[.message] ?? "", target: target)
        case .connectionError:
            return connectionFailure(error.underlying, target: target)
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return .connectionLost
        case .sslUnsupported:
            return .tls("the server does not accept TLS connections but sslmode=\(target.sslMode.rawValue) requires it")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .tls("TLS could not be set up with the server")
        case .authMechanismRequiresPassword, .saslError, .unsupportedAuthMechanism:
            return .authenticationFailed(user: target.user)
        default:
            return .other(sqlState: "", message: error.code.description)
        }
    }

    private static func connectionFailure(_ underlying: (any Error)?, target: PostgresTarget) -> ServerFailure {
        let text = underlying.map { String(describing: $0) } ?? ""
        if text.contains("Connection refused") || text.contains("No such file or directory") || text.contains("refused") {
            return .connectionRefused
        }
        if text.lowercased().contains("timeout") || text.lowercased().contains("timed out") { return .timedOut }
        if text.contains("resolve") || text.contains("dns") || text.contains("DNS") || text.contains("Name or service not known") {
            if case .tcp(let host, _) = target.endpoint { return .unknownHost(host) }
        }
        if let failure = tlsFailure(underlying, target: target) { return failure }
        // A server restarting or a network cut resets the socket under a command: the same
        // loss as a closed connection, worded as one (never the raw errno text).
        if text.isEmpty || text.contains("Connection reset by peer") || text.contains("Broken pipe")
            || text.contains("errno: 104") || text.contains("errno: 32") {
            return .connectionLost
        }
        return .other(sqlState: "", message: text)
    }

    /// A TLS handshake that failed, as one sentence: the certificate's name or its signer
    /// refused by `verify-full`/`verify-ca` (or `require` with a root file, as libpq), else the handshake.
    private static func tlsFailure(_ underlying: (any Error)?, target: PostgresTarget) -> ServerFailure? {
        if let error = underlying as? NIOSSLExtraError, error == .failedToValidateHostname {
            let host = if case .tcp(let host, _) = target.endpoint { host } else { "" }
            return .tls("the server's certificate is not made out to \(host) (sslmode=\(target.sslMode.rawValue) checks the host name)")
        }
        guard let error = underlying as? NIOSSLError else { return nil }
        if case .handshakeFailed(let reason) = error, "\(reason)".contains("CERTIFICATE_VERIFY_FAILED") {
            let roots = target.sslRootCert == "system" || !FileManager.default.fileExists(atPath: target.sslRootCert)
                ? "the system's trusted roots" : target.sslRootCert
            return .tls("the server's certificate is not signed by a certificate authority trusted in \(roots) (sslmode=\(target.sslMode.rawValue))")
        }
        return .tls("the TLS handshake with the server failed")
    }

    private static func serverFailure(state: String, message: String, target: PostgresTarget) -> ServerFailure {
        switch state {
        case "28P01": return .authenticationFailed(user: target.user)
        case "28000":
            if message.contains("does not exist") { return .unknownLogin(target.user) }
            // "no pg_hba.conf entry for host …, no encryption", "pg_hba.conf rejects connection …":
            // the server's host rules, not the password.
            if message.contains("pg_hba.conf") { return .hostRefused(user: target.user, tls: !message.hasSuffix("no encryption")) }
            return .authenticationFailed(user: target.user)
        case "3D000": return .unknownDatabase(target.database)
        case "42501": return .readOnlyLogin(user: target.user)
        case PostgresSchema.Refusal.needsAdmin: return .needsAdmin(user: target.user, verb: message.split(separator: " ").last.map(String.init) ?? "")
        case PostgresSchema.Refusal.actorIsNotLogin: return .actorIsNotLogin(actor: "", login: target.user)
        case "57P01", "57P02", "57P03", "08006", "08003", "08000": return .connectionLost
        default: return .other(sqlState: state, message: message)
        }
    }
}
#endif
