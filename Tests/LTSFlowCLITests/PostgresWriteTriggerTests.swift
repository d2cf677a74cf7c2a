import Foundation
import Testing

/// Schema version 4 on PostgreSQL, through the built binary and psql: the history's and the kept
/// lists' triggers call their PL/pgSQL functions only for a row those could refuse (a `WHEN`
/// condition), so an ordinary change calls none, and every refusal is still the function's,
/// word for word; a version-3 database migrates and is checked as before.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresWriteTriggerTests {
    /// Schema 4 undone by hand (inside a transaction the caller opens): the triggers as v1 and
    /// v3 created them, its two functions dropped, its version row deleted.
    static let undoSchema4 = """
        DROP TRIGGER event_insert ON event;
        CREATE TRIGGER event_insert BEFORE INSERT ON event FOR EACH ROW EXECUTE FUNCTION ltsflow_event_insert();
        DROP TRIGGER blocker_snapshot_write ON blocker_snapshot;
        CREATE TRIGGER blocker_snapshot_write BEFORE INSERT OR UPDATE ON blocker_snapshot
            FOR EACH ROW EXECUTE FUNCTION ltsflow_blocker_snapshot_write();
        ALTER FUNCTION ltsflow_copying() RESET search_path;
        ALTER FUNCTION ltsflow_event_insert() RESET search_path;
        ALTER FUNCTION ltsflow_event_append_only() RESET search_path;
        ALTER FUNCTION ltsflow_blocker_snapshot_write() RESET search_path;
        ALTER FUNCTION ltsflow_customer_schedule_changed() RESET search_path;
        DROP FUNCTION ltsflow_event_is_next(bigint, integer);
        DROP FUNCTION ltsflow_event_appended_here(bigint, integer);
        DELETE FROM ltsflow_schema WHERE version = 4;
        """

    /// `acme` with a started and advanced upgrade, on a fresh migrated database.
    func advanced() throws -> CLI {
        let cli = try CLI(.postgres)
        try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "none", "--lts", "2023"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2025"])
        try cli.ok(["advance", "acme"])
        return cli
    }

    /// Events of acme's upgrade, numbered by offsets from its last one, naming `actor`, inserted
    /// into `table` (the history, unqualified or by its schema).
    static func event(_ offsets: [Int], verb: String = "set", actor: String, table: String = "event") -> String {
        let rows = offsets.map { "(u.id, u.last + \($0), '\(verb)', now(), '\(actor)')" }.joined(separator: ", ")
        return """
            INSERT INTO \(table) (upgrade_id, sequence, verb, at, actor)
            SELECT v.* FROM (SELECT upgrade_id AS id, max(sequence) AS last FROM \(table) GROUP BY upgrade_id) AS u,
                 LATERAL (VALUES \(rows)) AS v
            """
    }

    @Test func theHistoryRefusesWhatItRefusedBefore() throws {
        let cli = try advanced()
        let name = try #require(cli.databaseName)
        let history = "SELECT string_agg(sequence || actor || verb, ',' ORDER BY sequence) FROM event"
        let before = try TestServer.psql(history, database: name).out
        let refusals: [(sql: String, login: String, says: String)] = [
            (Self.event([2], actor: "alice"), "alice", "ltsflow history is contiguous: event"),
            (Self.event([0], actor: "alice"), "alice", "is not the next one"),
            (Self.event([1, 3], actor: "alice"), "alice", "ltsflow history is contiguous: event"),
            (Self.event([1], actor: "bob"), "alice", "ltsflow history records the login: the actor bob is not the login alice"),
            (Self.event([1], verb: "cancel", actor: "alice"), "alice", "only a member of ltsflow_admin may cancel"),
            (Self.event([1], verb: "force", actor: "alice"), "alice", "only a member of ltsflow_admin may force"),
            ("BEGIN; UPDATE blocker_snapshot SET blockers = '\\x00'; COMMIT;", "alice", "ltsflow keeps blockers only with a change"),
        ]
        for refusal in refusals {
            let result = try TestServer.psql(refusal.sql, database: name, login: refusal.login)
            #expect(result.status != 0, "\(refusal.sql) was accepted")
            #expect(result.err.contains(refusal.says), "\(refusal.sql): \(result.err)")
        }
        #expect(try TestServer.psql(history, database: name).out == before)
        // In her own name at the next numbers, two in one statement, with the kept list beside
        // them: what ltsflow does, accepted (and rolled back).
        let own = try TestServer.psql("""
            BEGIN; \(Self.event([1, 2], actor: "alice"));
            UPDATE blocker_snapshot SET event_count = event_count + 2; ROLLBACK;
            """, database: name, login: "alice")
        #expect(own.status == 0, "\(own.err)")
        #expect(try TestServer.psql(history, database: name).out == before)
    }

    @Test func aTemporaryTableNamedEventForgesNothing() throws {
        let cli = try advanced()
        let name = try #require(cli.databaseName)
        let history = "SELECT string_agg(sequence || actor || verb, ',' ORDER BY sequence) FROM event"
        let before = try TestServer.psql(history, database: name).out
        let kept = try TestServer.psql("SELECT encode(blockers, 'hex'), event_count FROM blocker_snapshot", database: name).out
        // Her own `event`, shadowing the history in unqualified names, with the rows the checks look for.
        let shadow = """
            BEGIN; CREATE TEMP TABLE event (upgrade_id bigint, sequence integer);
            INSERT INTO pg_temp.event SELECT upgrade_id, sequence FROM public.event; SET LOCAL ltsflow.copy = on;
            """
        let forged = try TestServer.psql("\(shadow) \(Self.event([1], verb: "force", actor: "carol", table: "public.event")); COMMIT;",
                                         database: name, login: "alice")
        #expect(forged.status != 0 && forged.err.contains("the actor carol is not the login alice"), "\(forged.err)")
        let keptForged = try TestServer.psql("\(shadow) UPDATE blocker_snapshot SET blockers = '\\x00'; COMMIT;", database: name, login: "alice")
        #expect(keptForged.status != 0 && keptForged.err.contains("ltsflow keeps blockers only with a change"), "\(keptForged.err)")
        #expect(try TestServer.psql(history, database: name).out == before)
        #expect(try TestServer.psql("SELECT encode(blockers, 'hex'), event_count FROM blocker_snapshot", database: name).out == kept)
    }

    @Test func anOrdinaryChangeCallsNoPLpgSQLFunction() throws {
        let cli = try advanced()
        let name = try #require(cli.databaseName)
        try #require(try TestServer.psql("ALTER DATABASE \"\(name)\" SET track_functions = 'pl'").status == 0)
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-1"])
        try cli.ok(["advance", "acme"])
        #expect(try TestServer.psql("SELECT count(*) FROM blocker_snapshot WHERE event_count = (SELECT max(sequence) FROM event)",
                                    database: name).out == "1\n")
        // Then one event the function must look at (a `reopen`) and lets through, rolled back: its
        // function is called once, and that count shows the changes' counts were flushed before.
        let reopen = try TestServer.psql("BEGIN; \(Self.event([1], verb: "reopen", actor: "alice")); ROLLBACK;",
                                         database: name, login: "alice")
        #expect(reopen.status == 0, "\(reopen.err)")
        let calls = """
            SELECT coalesce(string_agg(funcname || '=' || calls, ',' ORDER BY funcname), '') FROM pg_stat_user_functions
            WHERE funcname IN ('ltsflow_event_insert', 'ltsflow_blocker_snapshot_write')
            """
        var counted = ""
        for _ in 0..<50 {
            counted = try TestServer.psql(calls, database: name).out
            if !counted.isEmpty && counted != "\n" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(counted == "ltsflow_event_insert=1\n")
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }

    @Test func aSchema3DatabaseIsMigratedAndChecksAsBefore() throws {
        let cli = try advanced()
        let name = try #require(cli.databaseName)
        try #require(try TestServer.psql("BEGIN; \(Self.undoSchema4) COMMIT;", database: name).status == 0)
        let refused = try cli.run(["set", "acme", "cutover.ticket=SUPNXP-1"])
        #expect(refused.status == 1 && refused.err.contains("run ltsflow db migrate"), "\(refused.err)")
        let migrated = try cli.run(["db", "migrate", "--db", TestServer.url(database: name)], useDB: false)
        #expect(migrated.status == 0 && migrated.out.contains("schema version 3 → 4"), "\(migrated.out) \(migrated.err)")
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-1"])
        #expect(try TestServer.psql("SELECT count(*) FROM blocker_snapshot WHERE event_count = (SELECT max(sequence) FROM event)",
                                    database: name).out == "1\n")
        let forged = try TestServer.psql(Self.event([1], actor: "bob"), database: name, login: "alice")
        #expect(forged.err.contains("the actor bob is not the login alice"), "\(forged.err)")
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }
}
