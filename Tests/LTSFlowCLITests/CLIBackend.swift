import Foundation
import Testing

/// The database a ``CLI`` works on: an SQLite file, or a fresh PostgreSQL database on the test
/// server named by `LTSFLOW_TEST_POSTGRES` (scripts/postgres-test-cluster, `.ci/run`).
enum CLIBackend: String, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test server is given.
    static var all: [CLIBackend] { TestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// The PostgreSQL server of the tests: an admin login that may create databases and logins.
enum TestServer {
    static let variable = "LTSFLOW_TEST_POSTGRES"
    static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else { return nil }
        return url
    }()
    static let skipReason: Comment = "LTSFLOW_TEST_POSTGRES is not set: PostgreSQL tests skipped (eval \"$(scripts/postgres-test-cluster start)\")"
    static let psql = "/usr/lib/postgresql/15/bin/psql"
    /// The password of every login the tests create.
    static let password = "ltsflow-test"

    /// The URL of `database` on the test server as `login` (the admin when nil).
    static func url(database: String, login: String? = nil) -> String {
        guard let admin = url, var components = URLComponents(string: admin) else { return "" }
        components.path = "/" + database
        if let login {
            components.user = login
            components.password = password
        }
        return components.string ?? ""
    }

    /// Runs SQL with psql as the admin (or `login`) on `database`; the result.
    @discardableResult
    static func psql(_ sql: String, database: String = "postgres", login: String? = nil) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url(database: database, login: login), "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                          err: String(decoding: errData, as: UTF8.self))
    }

    /// Every row of every table of `database` (pg_dump's data), to prove
    /// that nothing was written.
    static func dump(_ database: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql).deletingLastPathComponent().appendingPathComponent("pg_dump")
        // A fixed \restrict key (pg_dump draws a random one each time since 15.14).
        process.arguments = ["--data-only", "--no-comments", "--restrict-key=ltsflowtests", "-d", url(database: database)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !outData.isEmpty else {
            throw TestServerError(message: "pg_dump failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// A new empty database; its name.
    static func createDatabase() throws -> String {
        let name = "ltsflow_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let result = try psql("CREATE DATABASE \(name)")
        guard result.status == 0 else { throw TestServerError(message: "CREATE DATABASE failed: \(result.err)") }
        return name
    }

    /// The logins the tests act as, each with its group role, created once per test process.
    static let logins: [String: String] = ["tester": "ltsflow_admin", "alice": "ltsflow_csm", "bob": "ltsflow_csm",
                                           "carol": "ltsflow_admin", "victor": "ltsflow_viewer", "nobody": "",
                                           // Accepted over TLS only by the test cluster (scripts/postgres-test-cluster).
                                           "ltsflow_tls_only": "ltsflow_csm"]
    static let loginsReady: Result<Void, TestServerError> = {
        var sql = ""
        for role in ["ltsflow_viewer", "ltsflow_csm", "ltsflow_admin"] {
            sql += "DO $$ BEGIN CREATE ROLE \(role) NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
        }
        for (login, role) in logins.sorted(by: { $0.key < $1.key }) {
            sql += "DO $$ BEGIN CREATE ROLE \(login) LOGIN PASSWORD '\(password)'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
            // Another test target may grant the same membership at the same moment: one of the two suffices.
            if !role.isEmpty { sql += "DO $$ BEGIN GRANT \(role) TO \(login); EXCEPTION WHEN OTHERS THEN NULL; END $$;\n" }
        }
        do {
            let result = try psql(sql)
            return result.status == 0 ? .success(()) : .failure(TestServerError(message: result.err))
        } catch {
            return .failure(TestServerError(message: "\(error)"))
        }
    }()
}

struct TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
