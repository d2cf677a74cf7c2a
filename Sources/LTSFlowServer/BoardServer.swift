import Foundation
import Hummingbird
import Logging
import NIOCore
import LTSFlowCore

/// The web board (`ltsflow serve`): read-only pages and a JSON API over whichever store the
/// edge opened, seen only through the tracker.
public struct BoardServer: Sendable {
    public var host: String
    public var port: Int
    /// When set, every request needs `Authorization: Bearer TOKEN`.
    public var token: String?
    /// How often (seconds) a whole-portfolio answer's database is checked for changes; 0 keeps nothing.
    public var maximumAge: TimeInterval
    let trackers: TrackerSource

    public init(trackers: TrackerSource, host: String = "127.0.0.1", port: Int = 8080, token: String? = nil,
                maximumAge: TimeInterval = 5) {
        self.trackers = trackers
        self.host = host
        self.port = port
        self.token = token
        self.maximumAge = maximumAge
    }

    /// Whether `host` is a loopback address or name: the only hosts served without a token.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The router with every route and middleware (the tests drive it without a socket).
    public func router(log: @escaping @Sendable (String) -> Void = StandardError.write) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AccessLogMiddleware(write: log))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware(log: log))
        router.add(middleware: AccessMiddleware(token: token))
        Routes(trackers: trackers, memo: Memo(maximumAge: maximumAge) { [trackers] in try await trackers.changeToken() }).register(on: router)
        return router
    }

    /// Serves until SIGINT or SIGTERM, then returns (after the requests under way are answered).
    ///
    /// - Parameter onListening: Called with the port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "ltsflow-serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let app = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Lines on stderr, each written whole.
public enum StandardError {
    public static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
