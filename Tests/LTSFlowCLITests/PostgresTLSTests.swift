import Foundation
import Testing

/// TLS through the built binary, against the test cluster's own certificates
/// (scripts/postgres-test-cluster: a test CA, the server's certificate for localhost and
/// 127.0.0.1, another CA that signed nothing, the server also on 127.0.0.2, and the login
/// ltsflow_tls_only accepted over TLS only).
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresTLSTests {
    /// The test CA, and the CA that signed nothing.
    struct Authorities {
        var ca: String
        var other: String
    }

    /// The cluster's TLS files, next to the server's certificate; an error when the server has no TLS.
    static let authorities: Result<Authorities, TestServerError> = {
        do {
            let settings = try TestServer.psql("SELECT current_setting('ssl') || ' ' || current_setting('ssl_cert_file')")
            let fields = settings.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1)
            guard settings.status == 0, fields.count == 2, fields[0] == "on" else {
                return .failure(TestServerError(message: "the test server has no TLS (\(settings.out)\(settings.err)): start it with scripts/postgres-test-cluster"))
            }
            let directory = URL(fileURLWithPath: String(fields[1])).deletingLastPathComponent()
            return .success(Authorities(ca: directory.appendingPathComponent("ca.crt").path,
                                        other: directory.appendingPathComponent("other-ca.crt").path))
        } catch {
            return .failure(TestServerError(message: "\(error)"))
        }
    }()

    /// A started upgrade for `acme` on a fresh database (written without TLS, as `tester`).
    func started() throws -> CLI {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "LTS 2023"])
        return cli
    }

    /// The test's database as `login` over TCP to `host`, with these URL parameters.
    func url(_ cli: CLI, login: String = "tester", host: String = "127.0.0.1", _ parameters: [String: String]) -> String {
        var components = URLComponents(string: cli.url(as: login))!
        components.host = host
        components.queryItems = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string!
    }

    /// The database as ltsflow names it in a message: no password, no parameters.
    func named(_ cli: CLI, login: String = "tester", host: String = "127.0.0.1") -> String {
        let port = URLComponents(string: TestServer.url!)!.port!
        return "postgresql://\(login)@\(host):\(port)/\(cli.databaseName!)"
    }

    func run(_ cli: CLI, _ arguments: [String], _ url: String, login: String = "tester",
             environment: [String: String] = [:]) throws -> CLI.Result {
        try cli.run(arguments + ["--db", url], useDB: false, extraEnvironment: ["LTSFLOW_ACTOR": login].merging(environment) { $1 })
    }

    /// One line on standard error, exit 1, no password anywhere.
    func expectRefused(_ result: CLI.Result, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.err == "error: \(expected)\n", sourceLocation: sourceLocation)
        #expect(!result.err.contains(TestServer.password) && !result.out.contains(TestServer.password), sourceLocation: sourceLocation)
    }

    @Test func requireConnectsWithTLSAndATLSOnlyLoginIsRefusedWithout() throws {
        try TestServer.loginsReady.get()
        let cli = try started()
        let login = "ltsflow_tls_only"
        // The server refuses this login without TLS (hostnossl … reject): each success is a TLS connection.
        let required = try run(cli, ["start", "acme", "intake"], url(cli, login: login, ["sslmode": "require"]), login: login)
        #expect(required.status == 0, "\(required.err)")
        // prefer (libpq's default) takes the TLS the server offers; allow tries without it, then with it.
        for mode in ["prefer", "allow"] {
            let read = try run(cli, ["status", "acme"], url(cli, login: login, ["sslmode": mode]), login: login)
            #expect(read.status == 0 && read.out.contains("intake"), "sslmode=\(mode): \(read.err)")
        }
        let history = try run(cli, ["history", "acme", "--json"], url(cli, login: login, ["sslmode": "require"]), login: login)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(history.out.utf8)) as? [[String: Any]])
        #expect(events.last?["actor"] as? String == login && events.last?["verb"] as? String == "start")

        let refused = try run(cli, ["complete", "acme", "intake"], url(cli, login: login, ["sslmode": "disable"]), login: login)
        expectRefused(refused, "the server \(named(cli, login: login)) does not let \(login) connect from here without TLS "
                      + "(pg_hba.conf); use sslmode=require or verify-full, or ask its administrator")
        #expect(try TestServer.psql("SELECT count(*) FROM event", database: cli.databaseName!).out == "\(events.count)\n")
    }

    @Test func verifyFullConnectsWithTheCAFromTheURLTheEnvironmentOrRootCrt() throws {
        let authorities = try Self.authorities.get()
        let cli = try started()
        for host in ["127.0.0.1", "localhost"] {
            let given = try run(cli, ["status", "acme"], url(cli, host: host, ["sslmode": "verify-full", "sslrootcert": authorities.ca]))
            #expect(given.status == 0 && given.out.contains("intake"), "\(host): \(given.err)")
        }
        let environment = try run(cli, ["status", "acme"], url(cli, [:]),
                                  environment: ["PGSSLMODE": "verify-full", "PGSSLROOTCERT": authorities.ca])
        #expect(environment.status == 0, "\(environment.err)")
        // libpq's default: ~/.postgresql/root.crt.
        let home = URL(fileURLWithPath: cli.environment["HOME"]!)
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".postgresql"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: authorities.ca, toPath: home.appendingPathComponent(".postgresql/root.crt").path)
        let rootCrt = try run(cli, ["advance", "acme", "intake"], url(cli, ["sslmode": "verify-full"]))
        #expect(rootCrt.status == 0, "\(rootCrt.err)")
        // verify-ca checks the chain but not the name: 127.0.0.2 is not in the certificate.
        let chainOnly = try run(cli, ["status", "acme"], url(cli, host: "127.0.0.2", ["sslmode": "verify-ca"]))
        #expect(chainOnly.status == 0, "\(chainOnly.err)")
    }

    @Test func aWrongHostAnUnknownCAOrAMissingCAFileIsRefusedInOneSentence() throws {
        let authorities = try Self.authorities.get()
        let cli = try started()
        let events = try TestServer.psql("SELECT count(*) FROM event", database: cli.databaseName!).out
        let wrongHost = try run(cli, ["start", "acme", "intake"],
                                url(cli, host: "127.0.0.2", ["sslmode": "verify-full", "sslrootcert": authorities.ca]))
        expectRefused(wrongHost, "cannot connect to \(named(cli, host: "127.0.0.2")) with TLS: the server's certificate is not made out to "
                      + "127.0.0.2 (sslmode=verify-full checks the host name)")
        let unknownCA = try run(cli, ["start", "acme", "intake"], url(cli, ["sslmode": "verify-full", "sslrootcert": authorities.other]))
        expectRefused(unknownCA, "cannot connect to \(named(cli)) with TLS: the server's certificate is not signed by a certificate "
                      + "authority trusted in \(authorities.other) (sslmode=verify-full)")
        let missing = "/nonexistent/ca.crt"
        let missingFile = try run(cli, ["start", "acme", "intake"], url(cli, ["sslmode": "verify-full", "sslrootcert": missing]))
        expectRefused(missingFile, "cannot connect to \(named(cli)) with TLS: the root certificate file \(missing) does not exist; "
                      + "name the CA's certificate with sslrootcert=FILE (or sslrootcert=system for the system's roots)")
        // As libpq: with a root certificate file, require checks the chain too.
        let requireWithOther = try run(cli, ["start", "acme", "intake"], url(cli, ["sslmode": "require", "sslrootcert": authorities.other]))
        expectRefused(requireWithOther, "cannot connect to \(named(cli)) with TLS: the server's certificate is not signed by a "
                      + "certificate authority trusted in \(authorities.other) (sslmode=require)")
        // Nothing was written by any of them.
        #expect(try TestServer.psql("SELECT count(*) FROM event", database: cli.databaseName!).out == events)
    }
}
