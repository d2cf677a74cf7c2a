import Foundation
import Testing

/// Kept blockers on PostgreSQL (schema version 3), through the built binary: a portfolio copied
/// from a file answers `blocked` as the file does at every moment (kept lists holding, expiring,
/// before they were decided), and as the same copy with every kept list deleted; only a change
/// may write a kept list (a CSM or the superuser with psql is refused, a viewer may not touch
/// the table); a version-2 database migrates and answers as before.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresKeptBlockersTests {
    /// Schema 3 undone by hand (inside a transaction the caller opens), after schema 4: its
    /// table, triggers and functions, and its version row.
    static let undoSchema3 = """
        \(PostgresWriteTriggerTests.undoSchema4)
        DROP TRIGGER blocker_snapshot_customer_changed ON customer;
        DROP TABLE blocker_snapshot;
        DROP FUNCTION ltsflow_customer_schedule_changed();
        DROP FUNCTION ltsflow_blocker_snapshot_write();
        DELETE FROM ltsflow_schema WHERE version = 3;
        """

    /// The demo portfolio of KeptBlockersTests in a file, and two copies of it on the server:
    /// one as `db copy` leaves it (a kept list per active upgrade, decided at the copy) and one
    /// with every kept list deleted.
    static func portfolios() throws -> (file: CLI, kept: CLI, decided: CLI) {
        let file = try CLI()
        let demo = try file.run(["demo", "--customers", "400", "--quiet"], now: KeptBlockersTests.filled)
        try #require(demo.status == 0, "\(demo.err)")
        let kept = try CLI(.postgres), decided = try CLI(.postgres)
        for server in [kept, decided] {
            let copied = try file.run(["db", "copy", "--to", TestServer.url(database: server.databaseName ?? "")],
                                      now: KeptBlockersTests.filled)
            try #require(copied.status == 0, "\(copied.err)")
        }
        try #require(try TestServer.psql("DELETE FROM blocker_snapshot", database: decided.databaseName ?? "").status == 0)
        return (file, kept, decided)
    }

    static func count(_ sql: String, _ cli: CLI) throws -> String {
        try TestServer.psql(sql, database: cli.databaseName ?? "").out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aCopiedPortfolioAnswersAsTheFileAtEveryMoment() throws {
        let (file, kept, decided) = try Self.portfolios()
        defer { file.remove() }
        let active = try Self.count("SELECT count(*) FROM upgrade WHERE status = 'active'", kept)
        #expect(Int(active) ?? 0 > 300)
        #expect(try Self.count("SELECT count(*) FROM blocker_snapshot", kept) == active)
        #expect(try Self.count("SELECT count(*) FROM blocker_snapshot", decided) == "0")
        for (moment, note) in KeptBlockersTests.moments {
            for form in KeptBlockersTests.forms {
                let expected = try file.run(form, now: moment)
                #expect(expected.status == 0 && !expected.out.isEmpty, "\(form) at \(moment): \(expected.err)")
                for (server, label) in [(kept, "kept lists"), (decided, "no kept list")] {
                    let result = try server.run(form, now: moment)
                    #expect(result.status == 0, "\(form) at \(moment) on PostgreSQL: \(result.err)")
                    #expect(result.out == expected.out, "\(form.joined(separator: " ")) at \(moment) (\(note)) on PostgreSQL with \(label)")
                }
            }
        }
        // A change keeps the list of the state it leaves, as on the file; doctor compares them all.
        let later = "2026-11-03T14:00:00Z"
        for cli in [file, kept] {
            #expect(try cli.run(["set", "customer-000137", "cutover.ticket=SUPNXP-9137"], now: later).status == 0)
        }
        let laterMs = Int64(try #require(ISO8601DateFormatter().date(from: later)).timeIntervalSince1970 * 1000)
        #expect(try Self.count("""
            SELECT kept.event_count = upgrade.event_count, kept.decided_at FROM upgrade JOIN blocker_snapshot AS kept
            ON kept.upgrade_id = upgrade.id WHERE upgrade.customer_id = 'customer-000137' AND upgrade.status = 'active'
            """, kept) == "t|\(laterMs)")
        #expect(try kept.run(["blocked", "--json"], now: later).out == (try file.run(["blocked", "--json"], now: later).out))
        let doctor = try kept.run(["doctor"], now: later)
        #expect(doctor.status == 0, "\(doctor.err)")
    }

    /// Bytes that cannot be read (written with the triggers off, as only the superuser can) are
    /// decided again, not trusted, as on a file; `doctor` names them.
    @Test func anUnreadableListIsDecidedAgain() throws {
        let (file, kept, decided) = try Self.portfolios()
        defer { file.remove() }
        let name = try #require(kept.databaseName)
        let edited = try TestServer.psql("""
            SET session_replication_role = replica;
            UPDATE blocker_snapshot SET blockers = '\\x01ffff' WHERE upgrade_id IN
              (SELECT id FROM upgrade WHERE customer_id IN ('black-mesa', 'customer-000137') AND status = 'active');
            """, database: name)
        #expect(edited.status == 0, "\(edited.err)")
        #expect(try Self.count("SELECT count(*) FROM blocker_snapshot WHERE blockers = '\\x01ffff'", kept) == "2")
        for form in KeptBlockersTests.forms {
            let expected = try decided.run(form, now: KeptBlockersTests.filled)
            #expect(expected.status == 0 && !expected.out.isEmpty, "\(form): \(expected.err)")
            #expect(try kept.run(form, now: KeptBlockersTests.filled).out == expected.out, "\(form.joined(separator: " "))")
        }
        let doctor = try kept.run(["doctor"], now: KeptBlockersTests.filled)
        #expect(doctor.status == 1)
        #expect(doctor.err.contains("black-mesa, upgrade ") && doctor.err.contains("its kept blockers cannot be read"), "\(doctor.err)")
    }

    /// Customers are listed in byte order, as on a file, whatever the server's collation (ids
    /// with `-`, `.`, `_` and digits, which a locale's collation orders otherwise).
    @Test func customersComeInByteOrder() throws {
        let file = try CLI()
        defer { file.remove() }
        let server = try CLI(.postgres)
        let ids = ["ab", "a_b", "a1", "a.b", "a-b", "a-c", "b"]
        for cli in [file, server] {
            for id in ids {
                try cli.ok(["customer", "add", id, "--name", "N \(id)", "--region", "eu", "--sandbox", "none", "--lts", "2023"])
                try cli.ok(["upgrade", "start", id, "--to", "2025"])
                try cli.ok(["block", id, "intake", "--reason", "waiting for \(id)", "--owner", "customer"])
            }
        }
        let listed = try file.ok(["blocked", "--json"])
        #expect(try server.ok(["blocked", "--json"]) == listed)
        let order = ["a-b", "a-c", "a.b", "a1", "a_b", "ab", "b"].map { "\"customer\" : \"\($0)\"" }
        let positions = order.compactMap { listed.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(listed)")
    }

    @Test func onlyAChangeMayWriteAKeptList() throws {
        let cli = try CLI(.postgres)
        let name = try #require(cli.databaseName)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none", "--lts", "2023"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2025"])
        try cli.ok(["advance", "acme"])
        let before = try cli.ok(["blocked", "--json"])
        let kept = try TestServer.psql("SELECT encode(blockers, 'hex'), event_count FROM blocker_snapshot", database: name).out
        #expect(!kept.isEmpty)
        let forgeries = [
            "UPDATE blocker_snapshot SET blockers = '\\x00'",
            "DELETE FROM blocker_snapshot; INSERT INTO blocker_snapshot SELECT id, event_count, 'any', 0, NULL, '\\x00' FROM upgrade",
        ]
        for sql in forgeries {
            for login in ["alice", nil] {
                let result = try TestServer.psql("BEGIN; \(sql); COMMIT;", database: name, login: login)
                #expect(result.status != 0, "\(sql) as \(login ?? "the superuser")")
                #expect(result.err.contains("ltsflow keeps blockers only with a change"), "\(result.err)")
            }
        }
        let viewer = try TestServer.psql("DELETE FROM blocker_snapshot", database: name, login: "victor")
        #expect(viewer.status != 0 && viewer.err.contains("permission denied"), "\(viewer.err)")
        #expect(try TestServer.psql("SELECT encode(blockers, 'hex'), event_count FROM blocker_snapshot", database: name).out == kept)
        #expect(try cli.ok(["blocked", "--json"]) == before)
        // Deleting a list only makes blocked decide it again; the next change writes it back.
        #expect(try TestServer.psql("DELETE FROM blocker_snapshot", database: name, login: "alice").status == 0)
        #expect(try cli.ok(["blocked", "--json"]) == before)
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-1"])
        #expect(try TestServer.psql("SELECT count(*) FROM blocker_snapshot", database: name).out == "1\n")
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }

    @Test func aSchema2DatabaseIsMigratedAndAnswersAsBefore() throws {
        let file = try CLI()
        defer { file.remove() }
        try file.ok(["demo", "--customers", "30", "--quiet"])
        let server = try CLI(.postgres)
        let name = try #require(server.databaseName)
        let admin = TestServer.url(database: name)
        #expect(try file.run(["db", "copy", "--to", admin]).status == 0)
        try #require(try TestServer.psql("BEGIN; \(Self.undoSchema3) COMMIT;", database: name).status == 0)
        let refused = try server.run(["blocked", "--json"])
        #expect(refused.status == 1 && refused.err.contains("run ltsflow db migrate"), "\(refused.err)")
        let migrated = try server.run(["db", "migrate", "--db", admin], useDB: false)
        #expect(migrated.status == 0 && migrated.out.contains("schema version 2 → 4"), "\(migrated.out) \(migrated.err)")
        #expect(try TestServer.psql("SELECT count(*) FROM blocker_snapshot", database: name).out == "0\n")
        for command in [["blocked", "--json"], ["blocked", "--customer", "black-mesa"], ["status", "--json"]] {
            #expect(try server.ok(command) == (try file.ok(command)), "\(command)")
        }
        for cli in [file, server] { try cli.ok(["set", "black-mesa", "cutover.ticket=SUPNXP-77"]) }
        #expect(try TestServer.psql("SELECT count(*) FROM blocker_snapshot", database: name).out == "1\n")
        #expect(try server.ok(["blocked", "--json"]) == (try file.ok(["blocked", "--json"])))
        #expect(try server.ok(["doctor"]).contains("ok"))
    }
}
