import Foundation
import Testing

/// `ltsflow doctor` on PostgreSQL: a database changed behind ltsflow's back with psql by the
/// server's superuser (the only one who can: no ltsflow role may, and history's triggers refuse
/// even the owner until they are disabled) is explained problem by problem, as for a file
/// (ReliabilityDoctorTests), kept blocker lists included (the superuser must first disable their
/// trigger, which refuses a list written without a change).
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresDoctorTests {
    static let upgrade = ReliabilityDoctorTests.upgrade
    static let at = ReliabilityDoctorTests.at

    static let tamperings: [ReliabilityDoctorTests.Tampering] = [
        .init(name: "a tampered stage row",
              sql: "UPDATE stage_state SET status = 'done', note = 'edited by hand' WHERE stage_id = 'sandbox-request'",
              problems: ["\(upgrade): stage sandbox-request is stored as done since \(at) but its events replay to ready since \(at); "
                  + "note: stored 'edited by hand', replayed none",
                         // The list kept by the last change still has the ready stage's two missing facts.
                         "\(upgrade): its kept blockers (2) differ from those its stored stages and facts give now (0); "
                  + "its next change writes them again"]),
        .init(name: "kept blockers that cannot be read",
              sql: "ALTER TABLE blocker_snapshot DISABLE TRIGGER USER; UPDATE blocker_snapshot SET blockers = '\\x02ff'",
              problems: ["\(upgrade): its kept blockers cannot be read; they are decided again until its next change writes them"]),
        .init(name: "kept blockers emptied by hand",
              sql: "ALTER TABLE blocker_snapshot DISABLE TRIGGER USER; UPDATE blocker_snapshot SET blockers = '\\x00'",
              problems: ["\(upgrade): its kept blockers (0) differ from those its stored stages and facts give now (2); "
                  + "its next change writes them again"]),
        .init(name: "a tampered fact",
              sql: "UPDATE fact SET value = 'SUPNXP-666' WHERE key = 'cutover.ticket'",
              problems: ["\(upgrade): fact cutover.ticket is stored as 'SUPNXP-666' but its events replay to 'SUPNXP-2'"]),
        .init(name: "a sequence gap",
              sql: "ALTER TABLE event DISABLE TRIGGER USER; DELETE FROM event WHERE sequence = 8",
              problems: ["\(upgrade): its history jumps from event 7 to 9; event 8 is missing",
                         "\(upgrade): the upgrade records 9 events but 8 are stored"]),
        .init(name: "a wrong event count",
              sql: "UPDATE upgrade SET event_count = event_count + 2",
              problems: ["\(upgrade): the upgrade records 11 events but 9 are stored"]),
        .init(name: "a wrong upgrade status",
              sql: "UPDATE upgrade SET status = 'finished', finished_at = '\(at)'",
              problems: ["\(upgrade): it is marked finished but some stages are not done or skipped"]),
    ]

    @Test(arguments: tamperings)
    func eachProblemIsExplainedInWords(_ tampering: ReliabilityDoctorTests.Tampering) throws {
        let cli = try ReliabilityDoctorTests.lived(.postgres)
        let database = try #require(cli.databaseName)
        #expect(try cli.ok(["doctor"]) == "ok: every upgrade's state equals the replay of its events\n")
        let tampered = try TestServer.psql(tampering.sql, database: database)
        try #require(tampered.status == 0, "\(tampered.err)")
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.out.isEmpty)
        let count = tampering.problems.count
        let expected = tampering.problems.map { "problem: \($0)" } + ["\(count) problem\(count == 1 ? "" : "s") found"]
        #expect(doctor.err.split(separator: "\n").map(String.init) == expected)
    }
}
