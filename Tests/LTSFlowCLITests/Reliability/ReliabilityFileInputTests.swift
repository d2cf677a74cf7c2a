import Foundation
import Testing

/// Hostile files: workflow definitions that are cyclic, incomplete, mistyped, exponential or
/// huge; database paths that are not SQLite, another program's, read-only, missing, or written
/// by a newer ltsflow. Each gets a clear error and leaves every byte where it was.
@Suite struct ReliabilityFileInputTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    // MARK: Workflow definitions

    struct Definition: Sendable, CustomTestStringConvertible {
        var name: String
        /// The file's text, made from the built-in workflow's text.
        var make: @Sendable (String) -> Data
        var code: String
        var testDescription: String { name }
    }

    static func tiny(_ text: String) -> @Sendable (String) -> Data { { _ in Data(text.utf8) } }

    static let definitions: [Definition] = [
        Definition(name: "a dependency cycle", make: { builtin in
            Data(builtin.replacingOccurrences(of: "    needs: [search.cluster]\n    expected-days: 5",
                                              with: "    needs: [search.cluster]\n    expected-days: 5\n    depends-on: [closeout]").utf8)
        }, code: "dependency-cycle"),
        Definition(name: "a missing key", make: tiny("id: tiny\ntitle: Tiny\nstages:\n  - {id: a, title: A, owner: csm}\n"), code: "missing-key"),
        Definition(name: "stages of the wrong type", make: tiny("id: tiny\nversion: 1\ntitle: Tiny\nstages: a-string\n"), code: "wrong-type"),
        Definition(name: "a version of the wrong type", make: tiny("id: tiny\nversion: one\ntitle: T\nstages:\n  - {id: a, title: A, owner: csm}\n"),
                   code: "bad-value"),
        Definition(name: "anchors and aliases that expand exponentially", make: { _ in
            var lines = ["id: lol", "version: 1", "title: lol", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
            var previous = "a"
            for name in "bcdefghijklmnop".map(String.init) {
                lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
                previous = name
            }
            lines.append("stages: *\(previous)")
            return Data(lines.joined(separator: "\n").utf8)
        }, code: "yaml-too-large"),
        Definition(name: "a 10 MB file", make: { _ in
            var text = "id: huge\nversion: 1\ntitle: Huge\nstages:\n"
            let comment = "  # " + String(repeating: "x", count: 100) + "\n"
            text += String(repeating: comment, count: 10 * 1024 * 1024 / comment.utf8.count + 1)
            return Data(text.utf8)
        }, code: "file-too-large"),
        Definition(name: "nesting 100,000 deep", make: { _ in
            Data(("id: deep\nversion: 1\ntitle: D\nstages: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        }, code: "yaml-syntax"),
    ]

    @Test(arguments: definitions)
    func aBrokenDefinitionDirectoryIsRefusedBeforeTheDatabaseIsOpened(_ definition: Definition) throws {
        let cli = try ErrorPathTests.started(.sqlite)
        defer { cli.remove() }
        let builtin = try String(contentsOf: Self.repository.appendingPathComponent("workflows/nuxeo-lts-upgrade.yaml"), encoding: .utf8)
        let directory = cli.directory.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("nuxeo-lts-upgrade.yaml")
        try definition.make(builtin).write(to: file)
        let before = FileSnapshot(cli.db)

        for command in [["status", "acme"], ["advance", "acme"], ["workflow", "list"]] {
            let result = try cli.run(command + ["--workflows", directory.path])
            #expect(result.status == 1, "\(command): \(result.err.prefix(500))")
            ReliabilityHostileInputTests.expectClear(result.err, stdout: result.out, fragments: ["nuxeo-lts-upgrade.yaml", "[\(definition.code)]"])
        }
        #expect(FileSnapshot(cli.db) == before)

        // `workflow validate` reports the same problem as data on stdout, and needs no database.
        let elsewhere = cli.directory.appendingPathComponent("never/created.sqlite").path
        let validated = try cli.run(["workflow", "validate", file.path, "--db", elsewhere], useDB: false)
        #expect(validated.status == 1)
        #expect(validated.out.contains("[\(definition.code)]") && validated.out.contains("1 error"), "\(validated.out.prefix(500))")
        #expect(!Invariants.crashed(validated.err + validated.out))
        #expect(!FileManager.default.fileExists(atPath: elsewhere))
    }

    @Test func definitionDirectoriesThatCannotBeReadAreUsageErrors() throws {
        let cli = try ErrorPathTests.started(.sqlite)
        defer { cli.remove() }
        let before = FileSnapshot(cli.db)
        let empty = cli.directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let notUTF8 = cli.directory.appendingPathComponent("latin1")
        try FileManager.default.createDirectory(at: notUTF8, withIntermediateDirectories: true)
        try Data([0x69, 0x64, 0x3A, 0x20, 0xE9, 0xFF, 0x0A]).write(to: notUTF8.appendingPathComponent("w.yaml"))
        for (directory, fragment) in [(empty.path, "has no .yaml files"), (notUTF8.path, "is not UTF-8 text"),
                                      (cli.directory.appendingPathComponent("missing").path, "not found")] {
            let result = try cli.run(["status", "acme", "--workflows", directory])
            #expect(result.status == 64, "\(result.err)")
            ReliabilityHostileInputTests.expectClear(result.err, stdout: result.out, fragments: [fragment])
        }
        #expect(FileSnapshot(cli.db) == before)
    }

    // MARK: Database files

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        /// Makes the file at the path (the directory exists), with the sqlite3 shell if needed.
        var make: @Sendable (CLI, String) throws -> Void
        var fragments: [String]
        /// Commands that only read go through (a read-only copy can be read, docs/storage.md), still
        /// leaving the file untouched; writes are refused.
        var readable = false
        var testDescription: String { name }
    }

    /// Writes an ltsflow database with one customer at `path` with the binary itself.
    static func ltsflowDatabase(_ cli: CLI, _ path: String) throws {
        var copy = cli
        copy.environment["LTSFLOW_DB"] = path
        let result = try copy.run(["customer", "add", "acme", "--name", "ACME", "--region", "eu"], useDB: false)
        guard result.status == 0 else { throw ShellError(message: result.err) }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "a text file", make: { _, path in try Data("hello, not a database\n".utf8).write(to: URL(fileURLWithPath: path)) },
                fragments: ["is not an ltsflow database", "left untouched"]),
        Refusal(name: "random bytes", make: { _, path in
            var generator = SystemRandomNumberGenerator()
            try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: path))
        }, fragments: ["is not an ltsflow database"]),
        Refusal(name: "an SQLite header and garbage", make: { _, path in
            try Data("SQLite format 3\0garbage garbage garbage".utf8).write(to: URL(fileURLWithPath: path))
        }, fragments: ["is not an ltsflow database"]),
        Refusal(name: "an ltsflow database cut short", make: { cli, path in
            try ltsflowDatabase(cli, path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            try bytes.prefix(4096).write(to: URL(fileURLWithPath: path))
        }, fragments: ["is damaged", "restore it from a backup"]),
        Refusal(name: "another application's database", make: { cli, path in
            _ = try cli.sqlite("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO note (text) VALUES ('keep me');", file: path)
        }, fragments: ["is not an ltsflow database"]),
        Refusal(name: "another application's database in WAL mode", make: { cli, path in
            _ = try cli.sqlite("PRAGMA journal_mode = WAL; CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('keep me');", file: path)
        }, fragments: ["is not an ltsflow database"]),
        Refusal(name: "a database from a newer ltsflow (user_version)", make: { cli, path in
            try ltsflowDatabase(cli, path)
            _ = try cli.sqlite("PRAGMA user_version = 3;", file: path)
        }, fragments: ["was written by a newer version of ltsflow", "upgrade ltsflow", "left untouched"]),
        Refusal(name: "a database from a newer ltsflow (migration)", make: { cli, path in
            try ltsflowDatabase(cli, path)
            _ = try cli.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-a-newer-ltsflow');", file: path)
        }, fragments: ["was written by a newer version of ltsflow"]),
        Refusal(name: "a read-only file", make: { cli, path in
            try ltsflowDatabase(cli, path)
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        }, fragments: ["is read-only (mode 400)", "chmod u+w", "--db"], readable: true),
    ]

    @Test(arguments: refusals)
    func aDatabaseFileThatCannotBeUsedIsRefusedAndLeftUntouched(_ refusal: Refusal) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let path = cli.directory.appendingPathComponent("target.sqlite").path
        try refusal.make(cli, path)
        let before = FileSnapshot(path)
        #expect(before.main != nil && before.wal == nil && !before.shm, "\(before)")
        for command in [["status"], ["customer", "add", "newco", "--name", "N", "--region", "eu"], ["doctor"]] {
            let result = try cli.run(command + ["--db", path], useDB: false)
            if refusal.readable && command != ["customer", "add", "newco", "--name", "N", "--region", "eu"] {
                #expect(result.status == 0, "\(command): \(result.err)")
            } else {
                #expect(result.status == 1, "\(command): \(result.err)")
                ReliabilityHostileInputTests.expectClear(result.err, stdout: result.out, fragments: refusal.fragments + [path])
            }
            #expect(FileSnapshot(path) == before, "\(command) changed the file: \(before) → \(FileSnapshot(path))")
        }
    }

    @Test func aReadOnlyDirectoryIsRefusedAndNothingIsCreatedOrChanged() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let locked = cli.directory.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        let existing = locked.appendingPathComponent("ltsflow.sqlite").path
        try Self.ltsflowDatabase(cli, existing)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
        let before = FileSnapshot(existing)

        for path in [existing, locked.appendingPathComponent("new.sqlite").path] {
            let result = try cli.run(["customer", "add", "newco", "--name", "N", "--region", "eu", "--db", path], useDB: false)
            #expect(result.status == 1)
            ReliabilityHostileInputTests.expectClear(result.err, stdout: result.out,
                                                     fragments: ["the directory \(locked.path) is read-only (mode 500)", "--db"])
        }
        #expect(FileSnapshot(existing) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == ["ltsflow.sqlite"])
    }

    /// docs/storage.md, "Where the file is": the database is created on first use, its missing
    /// directories with mode 0700 and the file with 0600. Where that is impossible, the error says
    /// why and nothing is created.
    @Test func aMissingDirectoryIsCreatedPrivatelyOrRefusedClearly() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let path = cli.directory.appendingPathComponent("missing/a/b/ltsflow.sqlite").path
        let added = try cli.run(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--db", path], useDB: false)
        #expect(added.status == 0, "\(added.err)")
        for directory in ["missing", "missing/a", "missing/a/b"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: cli.directory.appendingPathComponent(directory).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o700, "\(directory)")
        }
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(try cli.run(["doctor", "--db", path], useDB: false).status == 0)

        // A parent that is a file, and paths that name a directory.
        let file = cli.directory.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        for (bad, fragment) in [(file.path + "/ltsflow.sqlite", "\(file.path) is not a directory"),
                                (cli.directory.path, "it is a directory"), (cli.directory.path + "/", "it is a directory")] {
            let result = try cli.run(["status", "--db", bad], useDB: false)
            #expect(result.status == 1, "\(bad): \(result.err)")
            // A read finds no database under a file (it creates nothing); a write says why it cannot.
            let read = bad.hasSuffix("/ltsflow.sqlite") ? ["there is no database at \(bad)"] : ["cannot open the database", fragment]
            ReliabilityHostileInputTests.expectClear(result.err, stdout: result.out, fragments: read)
            if bad.hasSuffix("/ltsflow.sqlite") {
                let write = try cli.run(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--db", bad], useDB: false)
                #expect(write.status == 1)
                ReliabilityHostileInputTests.expectClear(write.err, stdout: write.out, fragments: ["cannot open the database", fragment])
            }
        }
        #expect(try Data(contentsOf: file) == Data("x".utf8))
    }

    /// Relative spellings of a path that once crashed the tool (Foundation's path functions).
    @Test(arguments: [".", "./", "fresh/", "a//b.sqlite", "./c/./d.sqlite", "~"])
    func unusualRelativePathsGiveAnAnswerNotACrash(_ path: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["status", "--db", path]
        process.currentDirectoryURL = cli.directory
        process.environment = cli.environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "\(path): \(text.prefix(500))")
        #expect(!Invariants.crashed(text), "\(path): \(text.prefix(500))")
        #expect(process.terminationStatus == 0 || text.hasPrefix("error: cannot open the database")
                    || text.hasPrefix("error: there is no database at"), "\(path): \(text)")
    }
}
