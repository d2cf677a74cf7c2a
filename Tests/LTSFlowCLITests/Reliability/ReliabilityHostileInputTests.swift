import Foundation
import Testing

/// The bytes of a database file and of what SQLite keeps beside it.
struct FileSnapshot: Equatable, CustomStringConvertible {
    var main: Data?
    var wal: Data?
    var shm: Bool

    init(_ path: String) {
        main = FileManager.default.contents(atPath: path)
        wal = FileManager.default.contents(atPath: path + "-wal")
        shm = FileManager.default.fileExists(atPath: path + "-shm")
    }

    /// The main file with the three header counters that any opening for writing moves: the
    /// file change counter (bytes 24–27), the schema cookie (40–43) and the version-valid-for
    /// number (92–95). GRDB's WAL set-up (a `DatabasePool`'s) commits an empty `CREATE TABLE
    /// grdb_issue_102; DROP TABLE grdb_issue_102` when it opens a file with no `-wal` (GRDB issue
    /// 102), which changes those counters and nothing else; the store, which opens a
    /// `DatabaseQueue` and sets WAL itself, no longer does. See docs/reliability.md.
    var mainOutsideOpeningCounters: Data? {
        guard var bytes = main, bytes.count >= 100 else { return main }
        for range in [24..<28, 40..<44, 92..<96] { bytes.replaceSubrange(range, with: Data(count: 4)) }
        return bytes
    }

    var description: String {
        "main \(main.map { "\($0.count) bytes" } ?? "absent"), -wal \(wal.map { "\($0.count) bytes" } ?? "absent"), -shm \(shm ? "present" : "absent")"
    }
}

/// Hostile input: impossible dates and times, ids that are empty, huge, Unicode or SQL, broken
/// workflow files. Each is answered with a clear error (one short message on stderr, exit 1 or
/// 64) and the database is left as it was.
@Suite struct ReliabilityHostileInputTests {
    /// How much of the database a refusal is proven to leave alone.
    enum Guarantee: Sendable {
        /// Refused before the database is opened: every byte of the file is the same, and no
        /// `-wal` or `-shm` file appears.
        case untouched
        /// Refused after the database was opened: `sqlite3 .dump` is the same, every byte is the
        /// same but the three header counters an opening moves, and no `-wal` or `-shm` is left.
        case sameContent
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var environment: [String: String] = [:]
        var status: Int32
        var fragments: [String]
        var guarantee: Guarantee
        var useDB = true
        var testDescription: String { name }
    }

    static let long = String(repeating: "a", count: 10_000)
    static let sql = "'; DROP TABLE customer; --"

    static let cases: [Case] = [
        // Dates and times.
        Case(name: "date 2027-02-30", arguments: ["set", "acme", "sandbox.start=2027-02-30"], status: 64,
             fragments: ["'2027-02-30' is not a valid value for sandbox.start", "YYYY-MM-DD"], guarantee: .sameContent),
        Case(name: "year 99999", arguments: ["set", "acme", "sandbox.end=99999-01-01"], status: 64,
             fragments: ["'99999-01-01' is not a valid value for sandbox.end"], guarantee: .sameContent),
        Case(name: "time 24:30", arguments: ["set", "acme", "cutover.at=2027-03-12T24:30"], status: 64,
             fragments: ["'2027-03-12T24:30' is not a valid value for cutover.at", "YYYY-MM-DDTHH:MM"], guarantee: .sameContent),
        Case(name: "date-time on 2027-02-30", arguments: ["set", "acme", "cutover.at=2027-02-30T00:30"], status: 64,
             fragments: ["'2027-02-30T00:30' is not a valid value for cutover.at"], guarantee: .sameContent),
        Case(name: "empty fact key", arguments: ["set", "acme", "=2027-01-01"], status: 64,
             fragments: ["'=2027-01-01' is not KEY=VALUE"], guarantee: .untouched),
        Case(name: "window 24:30", arguments: ["customer", "add", "newco", "--name", "N", "--region", "eu", "--window", "24:30-02:00"],
             status: 64, fragments: ["'24:30-02:00' is not a valid maintenance window", "HH:MM-HH:MM"], guarantee: .sameContent),
        Case(name: "windows from 2027-02-30", arguments: ["windows", "--from", "2027-02-30"], status: 64,
             fragments: ["'2027-02-30' is not a valid date", "real calendar day"], guarantee: .untouched),
        Case(name: "windows from empty", arguments: ["windows", "--from", ""], status: 64,
             fragments: ["'' is not a valid date"], guarantee: .untouched),
        Case(name: "windows from year 99999", arguments: ["windows", "--from", "99999-01-01"], status: 64,
             fragments: ["'99999-01-01' is not a valid date", "9999-12-31"], guarantee: .untouched),
        Case(name: "hotfixes from month 13", arguments: ["hotfixes", "--from", "2027-13"], status: 64,
             fragments: ["'2027-13' is not a valid month"], guarantee: .untouched),
        Case(name: "LTSFLOW_NOW 2027-02-30", arguments: ["status", "acme"], environment: ["LTSFLOW_NOW": "2027-02-30T09:00:00Z"],
             status: 64, fragments: ["LTSFLOW_NOW='2027-02-30T09:00:00Z' is not an ISO 8601 time"], guarantee: .untouched),
        Case(name: "LTSFLOW_NOW 24:30", arguments: ["advance", "acme"], environment: ["LTSFLOW_NOW": "2027-03-01T24:30:00Z"],
             status: 64, fragments: ["LTSFLOW_NOW='2027-03-01T24:30:00Z'"], guarantee: .untouched),
        Case(name: "LTSFLOW_NOW year 99999", arguments: ["advance", "acme"], environment: ["LTSFLOW_NOW": "99999-01-01T00:00:00Z"],
             status: 64, fragments: ["LTSFLOW_NOW='99999-01-01T00:00:00Z'"], guarantee: .untouched),
        Case(name: "LTSFLOW_NOW blank", arguments: ["advance", "acme"], environment: ["LTSFLOW_NOW": " "],
             status: 64, fragments: ["LTSFLOW_NOW=' ' is not an ISO 8601 time"], guarantee: .untouched),

        // Customer ids, stage ids, fact keys and other values.
        Case(name: "empty id", arguments: ["customer", "add", "", "--name", "X", "--region", "eu"], status: 64,
             fragments: ["'' is not a valid customer id", "1 to 64 lowercase letters"], guarantee: .sameContent),
        Case(name: "id with spaces", arguments: ["customer", "add", "acme corp", "--name", "X", "--region", "eu"], status: 64,
             fragments: ["'acme corp' is not a valid customer id"], guarantee: .sameContent),
        Case(name: "id of 10,000 characters", arguments: ["customer", "add", long, "--name", "X", "--region", "eu"], status: 64,
             fragments: ["is not a valid customer id", "…"], guarantee: .sameContent),
        Case(name: "Unicode id", arguments: ["customer", "add", "café", "--name", "X", "--region", "eu"], status: 64,
             fragments: ["'café' is not a valid customer id"], guarantee: .sameContent),
        Case(name: "Japanese id", arguments: ["customer", "add", "顧客", "--name", "X", "--region", "jp"], status: 64,
             fragments: ["'顧客' is not a valid customer id"], guarantee: .sameContent),
        Case(name: "SQL id on add", arguments: ["customer", "add", sql, "--name", "X", "--region", "eu"], status: 64,
             fragments: ["'\(sql)' is not a valid customer id"], guarantee: .sameContent),
        Case(name: "SQL id on status", arguments: ["status", sql], status: 1,
             fragments: ["no customer '\(sql)'"], guarantee: .sameContent),
        Case(name: "empty id on history", arguments: ["history", ""], status: 1,
             fragments: ["no customer ''"], guarantee: .sameContent),
        Case(name: "id of 10,000 characters on advance", arguments: ["advance", long], status: 1,
             fragments: ["no customer 'aaaa", "…'"], guarantee: .sameContent),
        Case(name: "Unicode id on block", arguments: ["block", "アクメ", "intake", "--reason", "x"], status: 1,
             fragments: ["no customer 'アクメ'"], guarantee: .sameContent),
        Case(name: "spaces id on set", arguments: ["set", "  ", "cutover.ticket=SUPNXP-1"], status: 1,
             fragments: ["no customer '  '"], guarantee: .sameContent),
        Case(name: "SQL stage", arguments: ["start", "acme", "'; DROP TABLE event; --"], status: 64,
             fragments: ["unknown stage ''; DROP TABLE event; --'", "stages: intake"], guarantee: .sameContent),
        Case(name: "stage of 10,000 characters", arguments: ["start", "acme", long], status: 64,
             fragments: ["unknown stage 'aaaa", "…'"], guarantee: .sameContent),
        Case(name: "SQL fact key", arguments: ["set", "acme", "x'); DROP TABLE fact; --=1"], status: 64,
             fragments: ["unknown fact 'x'); DROP TABLE fact; --'"], guarantee: .sameContent),
        Case(name: "fact value of 10,000 characters", arguments: ["set", "acme", "sandbox.start=" + long], status: 64,
             fragments: ["is not a valid value for sandbox.start", "…'"], guarantee: .sameContent),
        Case(name: "SQL version", arguments: ["upgrade", "start", "globex", "--from", "2023", "--to", "2025; DROP TABLE upgrade"], status: 64,
             fragments: ["unknown LTS version", "2025; DROP TABLE upgrade"], guarantee: .sameContent),
        Case(name: "SQL ticket", arguments: ["block", "acme", "intake", "--reason", "x", "--ticket", "SUPNXP-1'; --"], status: 64,
             fragments: ["is not a ticket key"], guarantee: .untouched),
        Case(name: "SQL region", arguments: ["customer", "add", "newco", "--name", "N", "--region", "eu'; --"], status: 64,
             fragments: ["is not a region"], guarantee: .sameContent),
        Case(name: "path as time zone", arguments: ["customer", "add", "newco", "--name", "N", "--region", "eu", "--timezone", "Europe/../../etc/passwd"],
             status: 64, fragments: ["is not an IANA time zone"], guarantee: .sameContent),
        Case(name: "SQL contact", arguments: ["customer", "add", "newco", "--name", "N", "--region", "eu", "--contact", "a@b.c'; DROP"],
             status: 64, fragments: ["is not an email address"], guarantee: .sameContent),
        Case(name: "empty --db", arguments: ["status", "--db", ""], status: 64,
             fragments: ["--db needs the path of a database file"], guarantee: .untouched, useDB: false),
    ]

    @Test(arguments: cases)
    func hostileValueIsRefusedClearlyAndWritesNothing(_ test: Case) throws {
        let cli = try ErrorPathTests.started(.sqlite)
        defer { cli.remove() }
        let historyBefore = try cli.ok(["history", "acme", "--json"])
        let before = FileSnapshot(cli.db)
        let dumpBefore = try cli.sqlite(".dump")

        let result = try cli.run(test.arguments, useDB: test.useDB, extraEnvironment: test.environment)
        #expect(result.status == test.status, "stderr: \(result.err)")
        Self.expectClear(result.err, stdout: result.out, fragments: test.fragments)

        let after = FileSnapshot(cli.db)
        switch test.guarantee {
        case .untouched:
            #expect(after == before, "the database changed: \(before) → \(after)")
        case .sameContent:
            #expect(after.mainOutsideOpeningCounters == before.mainOutsideOpeningCounters, "the database changed beyond its header counters")
            #expect(after.wal == nil && !after.shm, "SQLite files left beside the database: \(after)")
        }
        #expect(try cli.sqlite(".dump") == dumpBefore)
        #expect(try cli.ok(["history", "acme", "--json"]) == historyBefore)
    }

    /// The same values against a PostgreSQL database: the same refusal, and every row of every
    /// table (pg_dump's data) the same afterwards.
    @Test(.enabled(if: TestServer.url != nil, TestServer.skipReason), arguments: cases)
    func hostileValueIsRefusedClearlyAndWritesNothingOnPostgreSQL(_ test: Case) throws {
        let cli = try ErrorPathTests.started(.postgres)
        defer { cli.remove() }
        let database = try #require(cli.databaseName)
        let historyBefore = try cli.ok(["history", "acme", "--json"])
        let dumpBefore = try TestServer.dump(database)

        let result = try cli.run(test.arguments, useDB: test.useDB, extraEnvironment: test.environment)
        #expect(result.status == test.status, "stderr: \(result.err)")
        Self.expectClear(result.err, stdout: result.out, fragments: test.fragments)

        #expect(try TestServer.dump(database) == dumpBefore, "a row changed")
        #expect(try cli.ok(["history", "acme", "--json"]) == historyBefore)
    }

    /// One clear error: a short message on stderr naming the problem, nothing on stdout, no crash.
    static func expectClear(_ stderr: String, stdout: String, fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(stdout.isEmpty, "errors go to stderr: \(stdout.prefix(300))", sourceLocation: sourceLocation)
        #expect(!stderr.isEmpty, sourceLocation: sourceLocation)
        #expect(!Invariants.crashed(stderr), "\(stderr.prefix(2000))", sourceLocation: sourceLocation)
        let lines = stderr.split(separator: "\n")
        #expect(lines.count <= 12 && lines.allSatisfy { $0.count <= 400 }, "not one short message: \(stderr.prefix(1000))",
                sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(stderr.contains(fragment), "stderr lacks '\(fragment)': \(stderr.prefix(1000))", sourceLocation: sourceLocation)
        }
    }
}
