import Foundation
import Testing

/// The upgrade lifecycle through the built binary: cancel, the customer's current LTS,
/// `upgrades`, `--upgrade ID`, and a database made before the v4 migration.
@Suite struct LifecycleCommandTests {
    /// A one-stage workflow, so that an upgrade closes out in one command.
    static let tinyWorkflow = """
        id: tiny
        version: 1
        title: One stage
        stages:
          - id: only
            title: The only stage
            owner: csm
        """

    func tinyCLI(_ backend: CLIBackend) throws -> (CLI, [String]) {
        let cli = try CLI(backend)
        let directory = cli.directory.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.tinyWorkflow.write(to: directory.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        return (cli, ["--workflows", directory.path])
    }

    @Test(arguments: CLIBackend.all) func cancelKeepsTheHistoryAndAnotherUpgradeCanStart(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--lts", "LTS 2021"])
        try cli.ok(["upgrade", "start", "acme", "--to", "2025"])
        try cli.ok(["advance", "acme"])

        let blank = try cli.run(["upgrade", "cancel", "acme", "--reason", "  "])
        #expect(blank.status == 64)
        #expect(blank.err.contains("upgrade cancel needs a reason"))
        let cancelled = try cli.ok(["upgrade", "cancel", "acme", "--reason", "wrong target: 2023 first"], now: "2026-12-02T10:00:00Z")
        #expect(cancelled.contains("Cancelled acme: upgrade 1, LTS 2021 → 2025"))
        let again = try cli.run(["upgrade", "cancel", "acme", "--reason", "twice"])
        #expect(again.status == 1)
        #expect(again.err.contains("acme"))

        // The customer still runs 2021: the next upgrade takes it as --from.
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"], now: "2026-12-03T09:00:00Z")
        let upgrades = try #require(try cli.json(["upgrades", "acme"]) as? [[String: Any]])
        #expect(upgrades.count == 2)
        #expect(upgrades.map { Set($0.keys) }.allSatisfy { $0.isSuperset(of: ["id", "from", "to", "status", "startedAt", "finishedAt"]) })
        #expect(upgrades[0]["id"] as? Int == 1 && upgrades[0]["status"] as? String == "cancelled")
        #expect(upgrades[0]["from"] as? String == "2021" && upgrades[0]["to"] as? String == "2025")
        #expect(upgrades[0]["finishedAt"] as? String == "2026-12-02T10:00:00Z")
        #expect(upgrades[1]["id"] as? Int == 2 && upgrades[1]["status"] as? String == "active")
        #expect(upgrades[1]["finishedAt"] is NSNull)

        // The cancelled one is still readable.
        let history = try #require(try cli.json(["history", "acme", "--upgrade", "1"]) as? [[String: Any]])
        let last = try #require(history.last)
        #expect(last["verb"] as? String == "cancel" && last["note"] as? String == "wrong target: 2023 first")
        let status = try #require(try cli.json(["status", "acme", "--upgrade", "1"]) as? [String: Any])
        #expect(status["status"] as? String == "cancelled" && status["to"] as? String == "2025")
        let current = try #require(try cli.json(["status", "acme"]) as? [String: Any])
        #expect(current["upgrade"] as? Int == 2 && current["lts"] as? String == "2021")
        let report = try cli.ok(["report", "acme", "--upgrade", "1"])
        #expect(report.contains("LTS 2021 → 2025") && report.contains("cancelled"))
        #expect(try cli.ok(["status"]).contains("acme"))
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }

    @Test(arguments: CLIBackend.all) func theRecordedLTSIsTheSourceAndAnotherIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--lts", "2021"])
        let wrong = try cli.run(["upgrade", "start", "acme", "--from", "2019", "--to", "2023"])
        #expect(wrong.status == 1)
        #expect(wrong.err.contains("acme runs LTS 2021 (recorded), not 2019"))
        #expect((try cli.json(["upgrades", "acme"]) as? [Any])?.isEmpty == true)
        // The same LTS in another spelling is the same.
        try cli.ok(["upgrade", "start", "acme", "--from", "LTS 2021", "--to", "2023"])

        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "us"])
        let none = try cli.run(["upgrade", "start", "globex", "--to", "2023"])
        #expect(none.status == 64)
        #expect(none.err.contains("globex has no recorded LTS: give --from"))
        try cli.ok(["upgrade", "start", "globex", "--from", "2021", "--to", "2023"])

        let badLTS = try cli.run(["customer", "edit", "globex", "--lts", "2020"])
        #expect(badLTS.status == 64)
        #expect(badLTS.err.contains("2020"))
        let unknown = try cli.run(["upgrade", "start", "nobody", "--to", "2023"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("nobody"))
    }

    @Test(arguments: CLIBackend.all) func closeoutSetsTheCustomersLTSToTheTarget(_ backend: CLIBackend) throws {
        let (cli, workflows) = try tinyCLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--lts", "2021"] + workflows)
        try cli.ok(["upgrade", "start", "acme", "--to", "2023", "--workflow", "tiny"] + workflows)
        try cli.ok(["advance", "acme"] + workflows)
        try cli.ok(["advance", "acme"] + workflows)
        let customer = try #require(try cli.json(["customer", "show", "acme"] + workflows) as? [String: Any])
        #expect(customer["lts"] as? String == "2023")
        #expect(try cli.ok(["customer", "show", "acme"] + workflows).contains("LTS 2023"))
        let upgrades = try #require(try cli.json(["upgrades", "acme"] + workflows) as? [[String: Any]])
        #expect(upgrades.map { $0["status"] as? String } == ["finished"])
        // The next upgrade starts from 2023; 2021 is refused.
        let old = try cli.run(["upgrade", "start", "acme", "--from", "2021", "--to", "2025", "--workflow", "tiny"] + workflows)
        #expect(old.status == 1)
        #expect(old.err.contains("acme runs LTS 2023 (recorded), not 2021"))
        try cli.ok(["upgrade", "start", "acme", "--to", "2025", "--workflow", "tiny"] + workflows)
        // The finished upgrade's history is still there, under its id.
        let first = try #require(try cli.json(["history", "acme", "--upgrade", "1"] + workflows) as? [[String: Any]])
        #expect(first.contains { $0["verb"] as? String == "complete" })
    }

    @Test(arguments: CLIBackend.all) func anotherCustomersUpgradeIdIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"])
        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "us"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        try cli.ok(["upgrade", "start", "globex", "--from", "2021", "--to", "2023"])
        for command in [["history"], ["status"], ["report"]] {
            let result = try cli.run(command + ["globex", "--upgrade", "1"])
            #expect(result.status == 1, "\(command)")
            #expect(result.err.contains("globex has no upgrade 1 (its upgrades: 2)"), "\(command): \(result.err)")
        }
        let noCustomer = try cli.run(["status", "--upgrade", "1"])
        #expect(noCustomer.status == 64)
        let unknown = try cli.run(["upgrades", "nobody"])
        #expect(unknown.status == 1)
    }

    /// A database with the layout before v4 (no csm, no lts, no cancelled status) opens,
    /// migrates and answers; its customers have no CSM and no recorded LTS.
    @Test func aDatabaseFromBeforeV4IsMigrated() throws {
        let cli = try CLI()
        try cli.ok(["demo", "--customers", "6"])
        // Back to the v3 layout, as main's binary before issue 15 wrote it.
        _ = try cli.sqlite("""
            PRAGMA foreign_keys = OFF;
            BEGIN;
            DROP TRIGGER blocker_snapshot_customer_changed;
            CREATE TABLE upgrade_v3 (
                id INTEGER PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customer(id), from_lts TEXT NOT NULL,
                to_lts TEXT NOT NULL, workflow_id TEXT NOT NULL, definition_hash TEXT NOT NULL REFERENCES definition(hash),
                status TEXT NOT NULL CHECK (status IN ('active', 'finished')), started_at TEXT NOT NULL, finished_at TEXT,
                event_count INTEGER NOT NULL DEFAULT 0 CHECK (event_count >= 0));
            INSERT INTO upgrade_v3 SELECT * FROM upgrade;
            DROP TABLE upgrade;
            ALTER TABLE upgrade_v3 RENAME TO upgrade;
            CREATE UNIQUE INDEX upgrade_one_active_per_customer ON upgrade(customer_id) WHERE status = 'active';
            CREATE INDEX upgrade_by_customer ON upgrade(customer_id, id);
            CREATE TRIGGER blocker_snapshot_customer_changed AFTER UPDATE OF region, time_zone, maintenance_window, sandbox ON customer
            BEGIN
                DELETE FROM blocker_snapshot WHERE upgrade_id IN (SELECT id FROM upgrade WHERE customer_id = NEW.id);
            END;
            ALTER TABLE customer DROP COLUMN csm;
            ALTER TABLE customer DROP COLUMN lts;
            DELETE FROM grdb_migrations WHERE identifier = 'v4-csm-lts-cancelled';
            PRAGMA user_version = 1;
            COMMIT;
            """)
        #expect(try cli.sqlite("SELECT count(*) FROM pragma_table_info('customer') WHERE name IN ('csm', 'lts');")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        let customers = try #require(try cli.json(["customer", "list"]) as? [[String: Any]])
        #expect(customers.count == 6)
        #expect(customers.allSatisfy { $0["csm"] is NSNull && $0["lts"] is NSNull })
        #expect(try cli.sqlite("PRAGMA user_version;").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        let upgrades = try #require(try cli.json(["upgrades", "acme"]) as? [[String: Any]])
        #expect(upgrades.count == 1)
        // The migrated file takes the new values.
        try cli.ok(["customer", "edit", "acme", "--csm", "alice", "--lts", "2021"])
        try cli.ok(["upgrade", "cancel", "acme", "--reason", "after the migration"])
        #expect(try cli.ok(["upgrades", "acme"]).contains("cancelled"))
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }
}
