#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowPostgres

extension Backend {
    /// A database of its own on the test server per test directory, migrated by the server's
    /// admin login and opened as the login `tester` (an `ltsflow_admin`, the contract suite's actor).
    package static let postgres = Backend(name: "PostgreSQL", open: { directory in
        try await PostgresTestDatabase.open(directory)
    })
}

/// The test server of `LTSFLOW_TEST_POSTGRES` (an admin login that may create databases and roles).
package enum PostgresTestDatabase {
    package static let serverURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["LTSFLOW_TEST_POSTGRES"], !url.isEmpty else { return nil }
        return url
    }()
    package static let psql = "/usr/lib/postgresql/15/bin/psql"
    package static let password = "ltsflow-test"

    /// The URL of `database` as `login` (the admin when nil).
    package static func url(database: String, login: String? = nil) -> String {
        guard let serverURL, var components = URLComponents(string: serverURL) else { return "" }
        components.path = "/" + database
        if let login {
            components.user = login
            components.password = password
        }
        return components.string ?? ""
    }

    /// Runs SQL as the admin with psql; its standard output, or an error with its standard error.
    @discardableResult
    package static func run(_ sql: String, database: String = "postgres") throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url(database: database), "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.database("psql: " + String(decoding: error, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The login `tester`, created once per test process.
    static let tester: Result<Void, StoreError> = {
        var sql = ""
        for role in ["ltsflow_viewer", "ltsflow_csm", "ltsflow_admin", "tester"] {
            let login = role == "tester" ? "LOGIN PASSWORD '\(password)'" : "NOLOGIN"
            sql += "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role) \(login); END IF; "
                + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
        }
        do {
            try run(sql)
            // Granting it at the same moment as the CLI tests can fail: one of the two suffices.
            try run("DO $$ BEGIN GRANT ltsflow_admin TO tester; EXCEPTION WHEN OTHERS THEN NULL; END $$")
            return .success(())
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.database("\(error)"))
        }
    }()

    /// The store of a test directory: its database is created and migrated the first time.
    package static func open(_ directory: TemporaryDirectory) async throws -> PostgresStore {
        try tester.get()
        let file = directory.path("postgres-database")
        let name: String
        if let known = try? String(contentsOfFile: file, encoding: .utf8) {
            name = known
        } else {
            name = "ltsflow_s_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
            try run("CREATE DATABASE \(name)")
            _ = try await PostgresStore.migrate(PostgresTarget(url: url(database: name), environment: [:]))
            try name.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try await PostgresStore.open(PostgresTarget(url: url(database: name, login: "tester"), environment: [:]))
    }
}
#endif
