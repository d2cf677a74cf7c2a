import Foundation
import Testing

/// `ltsflow blocked` answers from the blockers each change keeps (`blocker_snapshot`) while they
/// hold, and decides the others from the stages and facts. These tests run the built binary on
/// one demo portfolio twice: as written, and with every kept list deleted with the sqlite3
/// shell (so everything is decided from the stages and facts, as before v3). The two must print
/// the same bytes at every moment: the same day, hours and weeks later (kept lists expiring a
/// few at a time, then most of them), across the DST nights of the US and the EU, over the year
/// end, and before the lists were decided.
@Suite struct KeptBlockersTests {
    /// When the demo is filled (and the lists decided).
    static let filled = "2026-10-20T09:00:00Z"

    /// Moments to compare at, with what each exercises.
    static let moments: [(String, String)] = [
        ("2026-10-20T09:00:00Z", "the moment the lists were decided: all hold"),
        ("2026-10-20T10:30:00Z", "ninety minutes later"),
        ("2026-10-21T09:00:00Z", "a day later: a few have expired"),
        ("2026-10-25T00:30:00Z", "EU DST night (02:30 CEST): before"),
        ("2026-10-25T01:30:00Z", "EU DST night: after the clocks went back"),
        ("2026-11-01T05:30:00Z", "US DST night (01:30 EDT)"),
        ("2026-11-01T06:30:00Z", "US DST night: the repeated hour, now EST"),
        ("2026-11-27T09:00:00Z", "five weeks later: most have expired"),
        ("2026-12-31T23:30:00Z", "year end in UTC"),
        ("2027-01-01T00:30:00Z", "the new year"),
        ("2026-10-19T09:00:00Z", "the day before the lists were decided: none applies"),
    ]

    /// The demo portfolio at `filled`, and a copy without any kept list.
    static func portfolios() throws -> (kept: CLI, decided: CLI) {
        let kept = try CLI()
        let demo = try kept.run(["demo", "--customers", "400", "--quiet"], now: filled)
        try #require(demo.status == 0, "\(demo.err)")
        let decided = try CLI()
        try FileManager.default.copyItem(atPath: kept.db, toPath: decided.db)
        _ = try decided.sqlite("DELETE FROM blocker_snapshot;")
        return (kept, decided)
    }

    /// How many of the active upgrades' kept lists hold at `moment` (as `blocked` tests them).
    static func holding(_ cli: CLI, at moment: String) throws -> (holding: Int, active: Int) {
        let epoch = try #require(ISO8601DateFormatter().date(from: moment)).timeIntervalSince1970
        let ms = Int64(epoch * 1000)
        let out = try cli.sqlite("""
            SELECT sum(kept.upgrade_id IS NOT NULL AND kept.event_count = upgrade.event_count AND kept.decided_at <= \(ms)
                       AND (kept.valid_until IS NULL OR kept.valid_until > \(ms))), count(*)
            FROM upgrade LEFT JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id WHERE upgrade.status = 'active';
            """)
        let parts = out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map { Int($0) ?? -1 }
        return (parts[0], parts[1])
    }

    static let forms: [[String]] = [
        ["blocked", "--json"],
        ["blocked"],
        ["blocked", "--owner", "cloud-team", "--json"],
        ["blocked", "--owner", "customer"],
        ["blocked", "--customer", "black-mesa", "--json"],
        ["blocked", "--customer", "customer-000137"],
    ]

    static func expectSameOutput(_ kept: CLI, _ decided: CLI, at moment: String, _ note: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        for form in forms {
            let a = try kept.run(form, now: moment)
            let b = try decided.run(form, now: moment)
            #expect(a.status == 0 && b.status == 0, "\(form) at \(moment): \(a.err) \(b.err)", sourceLocation: sourceLocation)
            #expect(a.out == b.out, "\(form.joined(separator: " ")) at \(moment) (\(note)) differs with kept lists",
                    sourceLocation: sourceLocation)
            #expect(!b.out.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func keptListsGiveTheSameAnswerAsDecidingAtEveryMoment() throws {
        let (kept, decided) = try Self.portfolios()
        defer { kept.remove(); decided.remove() }
        // The portfolio exercises every path: all kept lists hold at first, a few expire within
        // days (read one by one), most within weeks (read in one pass), none applies before.
        let first = try Self.holding(kept, at: Self.filled)
        #expect(first.active > 300 && first.holding == first.active)
        let dayLater = try Self.holding(kept, at: "2026-10-21T09:00:00Z")
        #expect(dayLater.holding < dayLater.active && dayLater.holding * 8 > dayLater.active * 7)
        let weeksLater = try Self.holding(kept, at: "2026-11-27T09:00:00Z")
        #expect(weeksLater.holding * 8 < weeksLater.active * 7)
        #expect(try Self.holding(kept, at: "2026-10-19T09:00:00Z").holding == 0)
        for (moment, note) in Self.moments {
            try Self.expectSameOutput(kept, decided, at: moment, note)
        }
    }

    /// Each change keeps the list it leaves, decided at its own "now"; a customer's schedule or
    /// contract changed (by ltsflow or by hand) drops the list; a finished upgrade keeps none.
    @Test func changesAndCustomerEditsKeepTheirListAndHandEditsDropIt() throws {
        let (kept, decided) = try Self.portfolios()
        defer { kept.remove(); decided.remove() }
        let later = "2026-11-03T14:00:00Z"
        func row(_ customer: String) throws -> String {
            try kept.sqlite("""
                SELECT kept.event_count = upgrade.event_count, kept.decided_at FROM upgrade JOIN blocker_snapshot AS kept
                ON kept.upgrade_id = upgrade.id WHERE upgrade.customer_id = '\(customer)' AND upgrade.status = 'active';
                """).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let laterMs = Int64(try #require(ISO8601DateFormatter().date(from: later)).timeIntervalSince1970 * 1000)
        // A change: the same command on both copies; its list is decided at its "now".
        for cli in [kept, decided] {
            #expect(try cli.run(["set", "customer-000137", "cutover.ticket=SUPNXP-9137"], now: later).status == 0)
        }
        #expect(try row("customer-000137") == "1|\(laterMs)")
        // A zone changed through ltsflow is one unit of work like a change: its list is decided
        // again under the new zone at its "now". A window changed by hand: the list is dropped.
        for cli in [kept, decided] {
            #expect(try cli.run(["customer", "edit", "black-mesa", "--timezone", "Asia/Tokyo"], now: later).status == 0)
            _ = try cli.sqlite("UPDATE customer SET maintenance_window = '03:00-05:00' WHERE id = 'customer-000200';")
        }
        #expect(try row("black-mesa") == "1|\(laterMs)")
        #expect(try row("customer-000200").isEmpty)
        try Self.expectSameOutput(kept, decided, at: later, "after the changes")
        try Self.expectSameOutput(kept, decided, at: "2026-11-20T09:00:00Z", "weeks after the changes")
    }

    /// Bytes the store cannot read are decided again, not trusted (and `doctor` names them).
    @Test func anUnreadableListIsDecidedAgain() throws {
        let (kept, decided) = try Self.portfolios()
        defer { kept.remove(); decided.remove() }
        _ = try kept.sqlite("""
            UPDATE blocker_snapshot SET blockers = X'01FFFF' WHERE upgrade_id =
              (SELECT id FROM upgrade WHERE customer_id = 'black-mesa' AND status = 'active');
            """)
        try Self.expectSameOutput(kept, decided, at: Self.filled, "one list unreadable")
        let doctor = try kept.run(["doctor"], now: Self.filled)
        #expect(doctor.status == 1)
        #expect(doctor.err.contains("black-mesa, upgrade ") && doctor.err.contains("its kept blockers cannot be read"))
    }

    /// The store copies kept lists into one buffer 128 at a time and hands them out when the
    /// batch is full or an upgrade must be decided: unreadable lists on either side of a batch's
    /// edge, in a row, first and last are decided in their place. A few (read one by one) and
    /// one in four (which turns the read to one pass over every upgrade left, part way through
    /// a batch).
    @Test(arguments: [
        [0, 1, 126, 127, 128, 129, 200, 255, 256, -1],
        Array(stride(from: 3, to: 400, by: 4)),
    ])
    func unreadableListsAroundTheBatchEdgesAreDecidedInTheirPlace(_ positions: [Int]) throws {
        let (kept, decided) = try Self.portfolios()
        defer { kept.remove(); decided.remove() }
        let active = try kept.sqlite("SELECT id FROM upgrade WHERE status = 'active' ORDER BY customer_id;")
            .split(separator: "\n").map(String.init)
        try #require(active.count > 300, "\(active.count) active upgrades")
        let chosen = Set(positions.map { $0 < 0 ? active.count + $0 : $0 }.filter { $0 < active.count }.map { active[$0] })
        _ = try kept.sqlite("UPDATE blocker_snapshot SET blockers = X'01FF' WHERE upgrade_id IN (\(chosen.sorted().joined(separator: ",")));")
        #expect(try Self.holding(kept, at: Self.filled).holding == active.count, "every list holds, readable or not")
        try Self.expectSameOutput(kept, decided, at: Self.filled, "\(chosen.count) lists unreadable")
        let doctor = try kept.run(["doctor"], now: Self.filled)
        #expect(doctor.err.contains("\(chosen.count) problems found"), "\(doctor.err.suffix(200))")
    }

    /// A database from before v3 (no kept list): the first command, even one that only reads,
    /// adds the table; until each upgrade changes, its blockers are decided as before.
    @Test func aDatabaseFromBeforeV3IsMigratedAndAnswersAsBefore() throws {
        let (kept, decided) = try Self.portfolios()
        defer { kept.remove(); decided.remove() }
        _ = try kept.sqlite("""
            DROP TRIGGER blocker_snapshot_customer_changed; DROP TABLE blocker_snapshot;
            DELETE FROM grdb_migrations WHERE identifier = 'v3-blocker-snapshot';
            """)
        try Self.expectSameOutput(kept, decided, at: Self.filled, "migrated from v2")
        #expect(try kept.sqlite("SELECT count(*) FROM blocker_snapshot;").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // v3 is applied again after v4 here (the file only lost it): compare the set of migrations.
        #expect(try kept.sqlite("SELECT identifier FROM grdb_migrations ORDER BY identifier;")
            .split(separator: "\n").map(String.init) == ["v1-initial-schema", "v2-open-stages-by-upgrade", "v3-blocker-snapshot",
                                                   "v4-csm-lts-cancelled"])
        let doctor = try kept.run(["doctor"], now: Self.filled)
        #expect(doctor.status == 0, "\(doctor.err)")
    }
}
