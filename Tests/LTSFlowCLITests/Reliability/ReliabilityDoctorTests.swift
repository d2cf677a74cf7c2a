import Foundation
import Testing

/// `ltsflow doctor` explains, in words, each problem it finds in a file changed behind its back
/// with the sqlite3 shell, and exits 1; on a sound file it says so and exits 0.
@Suite struct ReliabilityDoctorTests {
    struct Tampering: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        /// The lines doctor must print on stderr, in this order, and nothing else.
        var problems: [String]
        var testDescription: String { name }
    }

    static let upgrade = "acme, upgrade 1 (LTS 2023 → 2025)"
    static let at = "2026-12-01T09:00:00.000Z"

    static let tamperings: [Tampering] = [
        Tampering(name: "a tampered stage row",
                  sql: "UPDATE stage_state SET status = 'done', note = 'edited by hand' WHERE stage_id = 'sandbox-request';",
                  problems: ["\(upgrade): stage sandbox-request is stored as done since \(at) but its events replay to ready since \(at); "
                      + "note: stored 'edited by hand', replayed none",
                             // The list kept by the last change still has the ready stage's two missing facts.
                             "\(upgrade): its kept blockers (2) differ from those its stored stages and facts give now (0); "
                      + "its next change writes them again"]),
        Tampering(name: "kept blockers that cannot be read",
                  sql: "UPDATE blocker_snapshot SET blockers = X'02FF';",
                  problems: ["\(upgrade): its kept blockers cannot be read; they are decided again until its next change writes them"]),
        Tampering(name: "kept blockers emptied by hand",
                  sql: "UPDATE blocker_snapshot SET blockers = X'00';",
                  problems: ["\(upgrade): its kept blockers (0) differ from those its stored stages and facts give now (2); "
                      + "its next change writes them again"]),
        Tampering(name: "a tampered fact",
                  sql: "UPDATE fact SET value = 'SUPNXP-666' WHERE key = 'cutover.ticket';",
                  problems: ["\(upgrade): fact cutover.ticket is stored as 'SUPNXP-666' but its events replay to 'SUPNXP-2'"]),
        // The triggers forbid deleting events; someone who drops them can still make a gap.
        Tampering(name: "a sequence gap",
                  sql: "DROP TRIGGER event_is_append_only_delete; DELETE FROM event WHERE sequence = 8;",
                  problems: ["\(upgrade): its history jumps from event 7 to 9; event 8 is missing",
                             "\(upgrade): the upgrade records 9 events but 8 are stored"]),
        Tampering(name: "a wrong event count",
                  sql: "UPDATE upgrade SET event_count = event_count + 2;",
                  problems: ["\(upgrade): the upgrade records 11 events but 9 are stored"]),
        Tampering(name: "a wrong upgrade status",
                  sql: "UPDATE upgrade SET status = 'finished', finished_at = '\(at)';",
                  problems: ["\(upgrade): it is marked finished but some stages are not done or skipped"]),
        Tampering(name: "an index that no longer matches its table",
                  sql: "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX upgrade_by_customer ON upgrade(from_lts, id)' "
                      + "WHERE name = 'upgrade_by_customer';",
                  problems: ["SQLite integrity check: row 1 missing from index upgrade_by_customer"]),
    ]

    /// One upgrade with nine events: begin, the search cluster, intake ready, search coordination
    /// skipped, intake started and done, sandbox request ready, and two tickets.
    static func lived(_ backend: CLIBackend = .sqlite) throws -> CLI {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", "purchased"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2023", "--to", "2025"])
        try cli.ok(["advance", "acme"])
        try cli.ok(["advance", "acme"])
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-1"])
        try cli.ok(["set", "acme", "cutover.ticket=SUPNXP-2"])
        return cli
    }

    @Test func aSoundFilePasses() throws {
        let cli = try Self.lived()
        defer { cli.remove() }
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 0)
        #expect(doctor.out == "ok: every upgrade's state equals the replay of its events\n")
        #expect(doctor.err.isEmpty)
    }

    @Test(arguments: tamperings)
    func eachProblemIsExplainedInWords(_ tampering: Tampering) throws {
        let cli = try Self.lived()
        defer { cli.remove() }
        #expect(try cli.history("acme").count == 9)
        _ = try cli.sqlite(tampering.sql)
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.out.isEmpty)
        let count = tampering.problems.count
        let expected = tampering.problems.map { "problem: \($0)" } + ["\(count) problem\(count == 1 ? "" : "s") found"]
        #expect(doctor.err.split(separator: "\n").map(String.init) == expected)
    }

    @Test func aPinnedDefinitionEditedByHandIsNamed() throws {
        let cli = try Self.lived()
        defer { cli.remove() }
        _ = try cli.sqlite("UPDATE definition SET yaml = yaml || '# edited';")
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 1)
        let lines = doctor.err.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.hasPrefix("problem: the pinned definition nuxeo-lts-upgrade ") == true)
        #expect(lines.first?.hasSuffix(" was changed: its text no longer matches its hash") == true)
        #expect(lines.last == "1 problem found")
    }
}
