import Foundation
import GRDB
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

@Suite struct OpeningTests {
    @Test func createsMissingDirectoriesWith0700AndTheFilesWith0600() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("a/b/c/ltsflow.sqlite")
        let store = try SQLiteStore(path: path)
        try await store.addCustomer(Fixture.customer("acme"))

        for directory in ["a", "a/b", "a/b/c"] {
            #expect(try permissions(tmp.path(directory)) == 0o700, "\(directory)")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(try permissions(file) == 0o600, "\(file)")
        }
    }

    @Test func reopensItsOwnDatabase() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try await store.addCustomer(Fixture.customer("acme"))
        }
        let again = try SQLiteStore(path: path)
        #expect(try await again.customerIDs() == ["acme"])
    }

    @Test func acceptsAnEmptyFile() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteStore(path: path)
        try await store.addCustomer(Fixture.customer("acme"))
        #expect(try await store.customerIDs() == ["acme"])
    }

    @Test(arguments: ["hello, this is a plain text file\n", "hi", "SQLite format 2\0 and then some bytes"])
    func refusesAFileThatIsNotSQLiteAndLeavesItUntouched(_ text: String) async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("notes.txt")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let before = contents(path)

        #expect(throws: StoreError.notADatabase(path: path)) { try SQLiteStore(path: path) }
        #expect(contents(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesAnotherApplicationsDatabaseAndLeavesItUntouched() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("other.sqlite")
        do {
            let other = try DatabaseQueue(path: path)
            try await other.write { db in
                try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO note (text) VALUES ('keep me')")
            }
            try other.close()
        }
        let before = contents(path)

        #expect(throws: StoreError.notADatabase(path: path)) { try SQLiteStore(path: path) }
        #expect(contents(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// A newer ltsflow marks its schema both in GRDB's migration table and in `user_version`;
    /// either is enough to refuse the file.
    @Test(arguments: [
        "INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-a-newer-ltsflow')",
        "PRAGMA user_version = 3",
    ])
    func refusesANewerSchemaAndLeavesTheFileUntouched(_ newer: String) async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try await store.addCustomer(Fixture.customer("acme"))
            try store.tamper(newer)
        }
        let before = contents(path)
        #expect(before != nil)

        #expect(throws: StoreError.newerSchema(path: path)) { try SQLiteStore(path: path) }
        #expect(contents(path) == before)
        // Its wording is the command line's (ReliabilityFileInputTests checks it).
    }

    @Test func refusesAReadOnlyFile() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        do { _ = try SQLiteStore(path: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        let before = contents(path)

        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        guard case .cannotOpen(let reported, let reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(reason == .readOnlyFile(mode: "400"))
        #expect(contents(path) == before)
    }

    @Test func refusesAReadOnlyDirectory() async throws {
        let tmp = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: tmp.path("locked"), withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o500])
        let path = tmp.path("locked/ltsflow.sqlite")

        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
        guard case .cannotOpen(_, let reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(reason == .readOnlyDirectory(tmp.path("locked"), mode: "500"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func refusesADirectoryAsTheFile() async throws {
        let tmp = try TemporaryDirectory()
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: tmp.url.path) }
        guard case .cannotOpen(_, let reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(reason == .notARegularFile(isDirectory: true))
    }

    @Test func usesWALAndForeignKeysAndStampsTheApplicationID() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        let (journal, foreignKeys, applicationID, version) = try await store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int.fetchOne(db, sql: "PRAGMA user_version"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == true)
        #expect(applicationID == Schema.applicationID)
        #expect(version == Schema.version)
    }
}

struct PathCase: Sendable, CustomTestStringConvertible {
    var environment: [String: String]
    var expected: String
    var testDescription: String { environment.keys.sorted().joined(separator: "+") }
}

@Suite struct DefaultPathTests {
    static let cases: [PathCase] = [
        PathCase(environment: ["LTSFLOW_DB": "/srv/ltsflow.db", "XDG_DATA_HOME": "/x", "HOME": "/home/ann"], expected: "/srv/ltsflow.db"),
        PathCase(environment: ["LTSFLOW_DB": "~/work/ltsflow.db", "HOME": "/home/ann"], expected: "/home/ann/work/ltsflow.db"),
        PathCase(environment: ["LTSFLOW_DB": "", "XDG_DATA_HOME": "/x/data/", "HOME": "/home/ann"], expected: "/x/data/ltsflow/ltsflow.sqlite"),
        PathCase(environment: ["XDG_DATA_HOME": "relative/data", "HOME": "/home/ann"], expected: "/home/ann/.local/share/ltsflow/ltsflow.sqlite"),
        PathCase(environment: ["HOME": "/home/ann"], expected: "/home/ann/.local/share/ltsflow/ltsflow.sqlite"),
    ]

    @Test(arguments: cases)
    func followsTheSpecOrder(_ test: PathCase) {
        #expect(SQLiteStore.defaultPath(environment: test.environment) == test.expected)
    }
}
