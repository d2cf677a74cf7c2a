import Foundation
import Testing

/// A command line that names a PostgreSQL database is connected to while it is still being
/// parsed (docs/team.md, "Speed"). A command that turns out not to need the database behaves as
/// if nothing had been opened, and one that does reports exactly what it reported before.
@Suite struct EarlyConnectionTests {
    /// Nothing listens on port 1: every connection is refused at once.
    static let unreachable = "postgresql://tester:never-shown@127.0.0.1:1/none?sslmode=disable"

    @Test func commandsThatNeedNoDatabaseIgnoreTheServerTheyName() throws {
        let cli = try CLI()
        // `windows --region` starts an early connection (it may open the database for a
        // customer) but needs none here: the refused connection must not show.
        for arguments in [["workflow", "list", "--db", Self.unreachable], ["set", "--help", "--db", Self.unreachable],
                          ["plan", "--from", "2021", "--to", "2023", "--db", Self.unreachable],
                          ["windows", "--region", "eu", "--db", Self.unreachable]] {
            let result = try cli.run(arguments, useDB: false)
            #expect(result.status == 0, "\(arguments): \(result.err)")
            #expect(result.err.isEmpty, "\(arguments): \(result.err)")
            #expect(!result.out.isEmpty, "\(arguments)")
        }
        for arguments in [["--version"], ["--help"], ["workflow", "list"]] {
            let result = try cli.run(arguments, useDB: false, extraEnvironment: ["LTSFLOW_DB": Self.unreachable])
            #expect(result.status == 0 && result.err.isEmpty, "\(arguments): \(result.err)")
        }
    }

    @Test func theFileOnTheCommandLineWinsOverAServerInTheEnvironment() throws {
        let cli = try CLI()
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", "none"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        let result = try cli.run(["status", "acme"], extraEnvironment: ["LTSFLOW_DB": Self.unreachable])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("ACME"))
    }

    /// A build with the PostgreSQL backend reports the refused connection, one sentence without
    /// the password; one without it says how to build it. Either way only when the store is needed.
    @Test func aServerThatRefusesIsReportedByACommandThatNeedsIt() throws {
        let cli = try CLI()
        let result = try cli.run(["status"], useDB: false, extraEnvironment: ["LTSFLOW_DB": Self.unreachable])
        // 1 with the PostgreSQL backend, 64 (a usage error) without it.
        #expect([1, 64].contains(result.status), "\(result.status)")
        #expect(result.err.contains("connection refused") || result.err.contains("built without the PostgreSQL backend"), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
        #expect(!result.err.contains("never-shown"))
    }
}

/// The early connection on a real server: the database the command parses is the one it uses.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresEarlyConnectionTests {
    @Test func theLastDbOnTheCommandLineIsTheDatabase() throws {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", "none"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        let nobody = cli.url(as: "nobody")
        let last = try cli.run(["status", "acme", "--db", nobody, "--db", cli.db], useDB: false)
        #expect(last.status == 0, "\(last.err)")
        #expect(last.out.contains("ACME"))
        let first = try cli.run(["status", "acme", "--db", cli.db, "--db", nobody], useDB: false)
        #expect(first.status == 1)
        #expect(first.err.contains("nobody"), "\(first.err)")
    }

    @Test func aChangeGoesThroughTheConnectionOpenedWhileParsing() throws {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", "none"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        let before = try #require(try cli.json(["history", "acme"]) as? [[String: Any]]).count
        // Through LTSFLOW_DB as well as --db: each change is recorded once, in the login's name.
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-1"])
        let fromEnvironment = try cli.run(["set", "acme", "cutover.ticket=SUPNXP-2"], useDB: false, extraEnvironment: ["LTSFLOW_DB": cli.db])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.err)")
        let events = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(events.count == before + 2)
        #expect(events.suffix(2).map { $0["verb"] as? String } == ["set", "set"])
        #expect(Set(events.compactMap { $0["actor"] as? String }) == ["tester"])
    }
}
