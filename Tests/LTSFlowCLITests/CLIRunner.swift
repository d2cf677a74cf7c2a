import Foundation
import Testing

/// Runs the built `ltsflow` binary against a database of its own, as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    /// A fresh directory per instance: tests run in parallel and never share a file.
    let directory: URL
    /// The database: a file in ``directory``, or the URL of a fresh PostgreSQL database as the
    /// login `tester` (an `ltsflow_admin`).
    let db: String
    let backend: CLIBackend
    /// The PostgreSQL database's name (nil for SQLite).
    let databaseName: String?
    var environment: [String: String]

    init(_ backend: CLIBackend = .sqlite) throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ltsflow-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": directory.appendingPathComponent("home").path,
            "LTSFLOW_ACTOR": "tester",
            "LTSFLOW_NOW": "2026-12-01T09:00:00Z",
        ]
        switch backend {
        case .sqlite:
            db = directory.appendingPathComponent("ltsflow.sqlite").path
            databaseName = nil
        case .postgres:
            let name = try TestServer.createDatabase()
            databaseName = name
            db = TestServer.url(database: name, login: "tester")
            try TestServer.loginsReady.get()
            let migrated = try run(["db", "migrate", "--db", TestServer.url(database: name)], useDB: false)
            guard migrated.status == 0 else { throw TestServerError(message: "db migrate failed: \(migrated.err)") }
        }
    }

    /// The URL of this test's PostgreSQL database as another login.
    func url(as login: String) -> String {
        TestServer.url(database: databaseName ?? "", login: login)
    }

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["LTSFLOW_BINARY"] { return URL(fileURLWithPath: path) }
        // The test bundle lives in the build folder next to the executable.
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("ltsflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ltsflow")
    }

    /// Runs `ltsflow ARGS --db DB` (unless `useDB` is false) at the given "now".
    @discardableResult
    func run(_ arguments: [String], now: String? = nil, useDB: Bool = true, extraEnvironment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        var arguments = arguments
        var environment = self.environment
        if useDB, backend == .postgres, arguments.first == "demo" {
            // The demo writes history in its people's names: on PostgreSQL only the tables'
            // owner (the login that migrated) may (docs/team.md).
            arguments += ["--db", TestServer.url(database: databaseName ?? "")]
            environment["LTSFLOW_ACTOR"] = nil
        } else if useDB {
            arguments += ["--db", db]
        }
        process.arguments = arguments
        if let now { environment["LTSFLOW_NOW"] = now }
        environment.merge(extraEnvironment) { $1 }
        process.environment = environment
        let outURL = directory.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let out = try String(contentsOf: outURL, encoding: .utf8)
        let err = try String(contentsOf: errURL, encoding: .utf8)
        return Result(status: process.terminationStatus, out: out, err: err)
    }

    /// Runs and requires success, returning stdout.
    @discardableResult
    func ok(_ arguments: [String], now: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, now: now)
        #expect(result.status == 0, "ltsflow \(arguments.joined(separator: " ")) failed: \(result.err)", sourceLocation: sourceLocation)
        return result.out
    }

    /// Runs a shell pipeline with `ltsflow` on the PATH.
    func shell(_ script: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        var environment = self.environment
        // The caller's PATH too, so the same python3 as the one CI installed packages for is found.
        let inherited = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment["PATH"] = Self.binary.deletingLastPathComponent().path + ":" + inherited
        environment["LTSFLOW_DB"] = db
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    func json(_ arguments: [String], now: String? = nil) throws -> Any {
        let out = try ok(arguments + ["--json"], now: now)
        return try JSONSerialization.jsonObject(with: Data(out.utf8))
    }
}
