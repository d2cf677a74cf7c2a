import Foundation
import Testing

/// Issue 15 (a CSM's day) on PostgreSQL through the built binary: a schema-1 database (as the
/// binary before issue 15 left it) migrates and keeps its data, only an admin cancels, `--mine`
/// is the login, and `db copy` carries CSMs, LTS versions, cancelled upgrades and ticked items.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresCSMDayTests {
    /// Schemas 3 and 2 undone by hand: the kept blockers, the columns, the status check and the
    /// version rows of v1 only.
    static let backToSchema1 = """
        BEGIN;
        \(PostgresKeptBlockersTests.undoSchema3)
        ALTER TABLE customer DROP COLUMN csm, DROP COLUMN lts;
        ALTER TABLE upgrade DROP CONSTRAINT upgrade_status_check;
        ALTER TABLE upgrade ADD CONSTRAINT upgrade_status_check CHECK (status IN ('active', 'finished'));
        DELETE FROM ltsflow_schema WHERE version IN (2, 3);
        COMMIT;
        """

    @Test func aSchema1DatabaseIsMigratedAndKeepsWorking() throws {
        let cli = try CLI(.postgres)
        let name = try #require(cli.databaseName)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        try cli.ok(["advance", "acme"])
        let historyBefore = try cli.ok(["history", "acme", "--json"])
        try TestServer.psql(Self.backToSchema1, database: name)
        #expect(try TestServer.psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'customer' AND column_name IN ('csm', 'lts')",
                                    database: name).out == "0\n")

        let before = try cli.run(["status", "acme"])
        #expect(before.status == 1)
        #expect(before.err.contains("(or an older one); run ltsflow db migrate"), "\(before.err)")
        let migrated = try cli.run(["db", "migrate", "--db", TestServer.url(database: name)], useDB: false)
        #expect(migrated.status == 0, "\(migrated.err)")
        #expect(migrated.out.contains("schema version 1 → 4"), "\(migrated.out)")
        #expect(try TestServer.psql("SELECT max(version) FROM ltsflow_schema", database: name).out == "4\n")

        // The old rows read as before, with no CSM and no recorded LTS.
        let customer = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(customer["csm"] is NSNull && customer["lts"] is NSNull)
        #expect(try cli.ok(["history", "acme", "--json"]) == historyBefore)
        // The migrated database takes the new values, a CSM (alice) included.
        try cli.ok(["customer", "edit", "acme", "--csm", "alice", "--lts", "2021"])
        #expect(try cli.runAs("alice", ["customer", "edit", "acme", "--lts", "LTS 2021"]).status == 0)
        try cli.ok(["upgrade", "cancel", "acme", "--reason", "after the migration"])
        let upgrades = try #require(try cli.json(["upgrades", "acme"]) as? [[String: Any]])
        #expect(upgrades.map { $0["status"] as? String } == ["cancelled"])
        #expect(try cli.ok(["doctor"]).contains("ok"))
        let again = try cli.run(["db", "migrate", "--db", TestServer.url(database: name)], useDB: false)
        #expect(again.out.contains("the schema is up to date (version 4)"), "\(again.out)")
    }

    @Test func onlyAnAdminMayCancelAnUpgrade() throws {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none", "--lts", "2021"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"])
        let csm = try cli.runAs("alice", ["upgrade", "cancel", "acme", "--reason", "wrong target"])
        #expect(csm.status == 1)
        #expect(csm.err == "error: only a member of ltsflow_admin may cancel here, and alice is not one; nothing was changed\n")
        let still = try #require(try cli.json(["upgrades", "acme"]) as? [[String: Any]])
        #expect(still.map { $0["status"] as? String } == ["active"])
        // A CSM may tick a checklist item; an admin cancels.
        #expect(try cli.runAs("alice", ["check", "acme", "2021-2023/java-17"]).status == 0)
        let admin = try cli.runAs("carol", ["upgrade", "cancel", "acme", "--reason", "wrong target"])
        #expect(admin.status == 0, "\(admin.err)")
        let history = try #require(try cli.json(["history", "acme", "--upgrade", "1"]) as? [[String: Any]])
        #expect(history.suffix(2).map { "\($0["verb"] ?? "") by \($0["actor"] ?? "")" } == ["check by alice", "cancel by carol"])
        let customer = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(customer["lts"] as? String == "2021")
    }

    @Test func aCSMCannotCancelWithPsqlEither() throws {
        let cli = try CLI(.postgres)
        let name = try #require(cli.databaseName)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none", "--lts", "2021"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"])
        func cancel(_ login: String) throws -> CLI.Result {
            try TestServer.psql("""
                INSERT INTO event (upgrade_id, sequence, verb, at, actor, note)
                SELECT upgrade_id, max(sequence) + 1, 'cancel', now(), '\(login)', 'by hand' FROM event GROUP BY upgrade_id
                """, database: name, login: login)
        }
        let csm = try cancel("alice")
        #expect(csm.status != 0)
        #expect(csm.err.contains("only a member of ltsflow_admin may cancel"), "\(csm.err)")
        #expect(try cancel("carol").status == 0)
    }

    @Test func mineIsTheLoginNotTheActorVariable() throws {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--csm", "alice"])
        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "us", "--csm", "bob"])
        try cli.ok(["customer", "add", "initech", "--name", "Initech", "--region", "jp"])
        // No LTSFLOW_ACTOR: the login alone says who "mine" is.
        var environment = cli
        environment.environment["LTSFLOW_ACTOR"] = nil
        let mine = try environment.run(["status", "--mine", "--json", "--db", cli.url(as: "alice")], useDB: false)
        #expect(mine.status == 0, "\(mine.err)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(mine.out.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["customer"] as? String } == ["acme"])
        let bobs = try #require(try cli.runAs("bob", ["status", "--mine", "--json"]).out.data(using: .utf8))
        #expect((try JSONSerialization.jsonObject(with: bobs) as? [[String: Any]])?.compactMap { $0["customer"] as? String } == ["globex"])
        let viewer = try cli.runAs("victor", ["agenda", "--mine", "--json"])
        #expect(viewer.status == 0, "\(viewer.err)")
        #expect((try JSONSerialization.jsonObject(with: Data(viewer.out.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test func dbCopyCarriesCSMsLTSCancelledUpgradesAndTickedItemsBothWays() throws {
        let file = try CLI()
        try file.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--csm", "Dana Scully", "--lts", "2021"])
        try file.ok(["upgrade", "start", "acme", "--to", "2025"])
        try file.ok(["upgrade", "cancel", "acme", "--reason", "2023 first"], now: "2026-12-02T10:00:00Z")
        try file.ok(["upgrade", "start", "acme", "--to", "2023"], now: "2026-12-03T09:00:00Z")
        try file.ok(["check", "acme", "2021-2023/java-17"], now: "2026-12-03T10:00:00Z")
        try file.ok(["customer", "add", "globex", "--name", "Globex", "--region", "us", "--lts", "2023"])
        let server = try CLI(.postgres)
        let owner = TestServer.url(database: server.databaseName ?? "")
        let there = try file.run(["db", "copy", "--to", owner])
        #expect(there.status == 0, "\(there.err)")
        let back = file.directory.appendingPathComponent("back.sqlite").path
        let home = try file.run(["db", "copy", "--db", owner, "--to", back], useDB: false)
        #expect(home.status == 0, "\(home.err)")
        let commands = [["customer", "list", "--json"], ["upgrades", "acme", "--json"], ["status", "acme", "--json"],
                        ["history", "acme", "--upgrade", "1", "--json"], ["history", "acme", "--json"], ["upgrades", "globex", "--json"]]
        for command in commands {
            let original = try file.ok(command)
            #expect(try file.run(command + ["--db", owner], useDB: false).out == original, "\(command) on PostgreSQL")
            #expect(try file.run(command + ["--db", back], useDB: false).out == original, "\(command) back in SQLite")
        }
        // What the comparison rests on, read from the copies themselves.
        let customers = try #require(try JSONSerialization.jsonObject(with: Data(try file.run(["customer", "list", "--json", "--db", back],
                                                                                           useDB: false).out.utf8)) as? [[String: Any]])
        #expect(customers.map { "\($0["id"] ?? "") \($0["csm"] ?? "") \($0["lts"] ?? "")" } == ["acme Dana Scully 2021", "globex <null> 2023"])
        let upgrades = try #require(try server.json(["upgrades", "acme"]) as? [[String: Any]])
        #expect(upgrades.map { $0["status"] as? String } == ["cancelled", "active"])
        #expect(try server.ok(["status", "acme"]).contains("[x] 2021-2023/java-17"))
        #expect(try server.ok(["doctor"]).contains("ok"))
    }

    @Test func theServerRowsRecordTheCancelAndTheCSM() throws {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--lts", "2021", "--csm", "alice"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"])
        try cli.ok(["upgrade", "cancel", "acme", "--reason", "not now"], now: "2026-12-02T10:00:00Z")
        // The server's own rows, not what the binary prints.
        let name = try #require(cli.databaseName)
        #expect(try TestServer.psql("SELECT lts, csm FROM customer WHERE id = 'acme'", database: name).out == "2021|alice\n")
        #expect(try TestServer.psql("SELECT status, finished_at AT TIME ZONE 'UTC' FROM upgrade", database: name).out
            == "cancelled|2026-12-02 10:00:00\n")
        #expect(try TestServer.psql("SELECT verb, note FROM event ORDER BY sequence DESC LIMIT 1", database: name).out == "cancel|not now\n")
    }
}
