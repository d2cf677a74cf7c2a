import Foundation
import GRDB
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// The store keeps the blockers a change decides (`blocker_snapshot`), replaces them with the
/// next change, drops them with a change that decides none and with the end of the upgrade,
/// and reads back exactly what it wrote.
@Suite struct KeptBlockerStoreTests {
    /// The kept row of the customer's upgrades: (event count of the row, of the upgrade, decided at, number of blocker rows).
    static func kept(_ store: SQLiteStore, _ customer: String) throws -> [(Int, Int, Int64, Int)] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kept.event_count, upgrade.event_count, kept.decided_at,
                       (SELECT count(*) FROM kept_blocker WHERE kept_blocker.upgrade_id = upgrade.id)
                FROM upgrade JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id WHERE upgrade.customer_id = ?
                """, arguments: [customer]).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// The `kept_blocker` rows of the customer's upgrades, in order, as blockers.
    static func keptBlockers(_ store: SQLiteStore, _ customer: String) throws -> [Blocker?] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(BlockerSnapshotRow.blockerSelection) FROM upgrade JOIN kept_blocker AS kb ON kb.upgrade_id = upgrade.id
                WHERE upgrade.customer_id = ? ORDER BY kb.position
                """, arguments: [customer]).map { BlockerSnapshotRow.blocker($0, at: 0) }
        }
    }

    static func change(_ store: SQLiteStore, _ command: Command, at now: Date, deciding: Bool = true) async throws {
        try await store.run("acme", command, at: now, keeping: deciding)
    }

    @Test func eachChangeKeepsItsListUntilTheUpgradeEnds() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme", sandbox: .purchased))
        let t0 = Fixture.t0
        let pinned = Fixture.pinned()
        try await store.begin("acme", pinned: pinned, at: t0, keeping: true)
        var rows = try Self.kept(store, "acme")
        #expect(rows.count == 1 && rows[0].0 == rows[0].1)
        #expect(rows.first?.2 == Int64(t0.timeIntervalSince1970 * 1000))

        // Intake is ready and needs nothing: an empty list, kept all the same.
        try await Self.change(store, .start(stage: "intake"), at: t0 + 60)
        rows = try Self.kept(store, "acme")
        #expect(rows.count == 1 && rows[0].0 == rows[0].1 && rows[0].2 == Int64((t0 + 60).timeIntervalSince1970 * 1000))

        // A change that decides nothing leaves nothing behind to be trusted.
        try await Self.change(store, .complete(stage: "intake"), at: t0 + 120, deciding: false)
        #expect(try Self.kept(store, "acme").isEmpty)

        try await Self.change(store, .block(stage: "sandbox-request", reason: "waiting", owner: .customer, ticket: nil), at: t0 + 180)
        rows = try Self.kept(store, "acme")
        #expect(rows.count == 1 && rows[0].3 == 1)
        let decoded = try Self.keptBlockers(store, "acme").compactMap { $0 }
        #expect(decoded.map(\.kind) == [.manual] && decoded.first?.message == "waiting" && decoded.first?.owner == .customer)

        // To the end: the finished upgrade keeps no list.
        var now = t0 + 240
        try await Self.change(store, .unblock(stage: "sandbox-request"), at: now)
        while let state = try await store.progress(customer: "acme")?.state, try await store.progress(customer: "acme")?.upgrade?.status == .active,
              let next = Fixture.workflow.definition.stages.first(where: { [.ready, .active].contains(state[stage: $0.id].status) }) {
            now += 3600
            try await Self.change(store, .force(stage: next.id, reason: "test shortcut"), at: now)
            #expect(try Self.kept(store, "acme").count == (try await store.progress(customer: "acme")?.upgrade?.status == .active ? 1 : 0))
        }
        #expect(try await store.progress(customer: "acme")?.upgrade?.status == .finished)
        #expect(try Self.kept(store, "acme").isEmpty)
    }

    /// Every field, absent ones, long and non-ASCII texts, SQL in a ticket come back through the
    /// protocol as they were kept (texts come from command-line arguments, which hold no NUL); a row with a kind or owner this build does not know makes its list
    /// unreadable: doctor says so and `blocked` decides that upgrade again.
    @Test func keptRowsReadBackWhatWasKept() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme"))
        try await store.begin("acme")
        let since = StoreDate.normalized(Date(timeIntervalSince1970: 1_803_891_600.123))
        let blockers = [
            Blocker(stage: "production-cutover", kind: .guard, code: "outside-window",
                    message: String(repeating: "créneau 夜間 🌙 ", count: 40), owner: .cloudTeam, ticket: nil, since: since),
            Blocker(stage: "intake", kind: .manual, code: "manual", message: "", owner: .csm, ticket: "SUPNXP-1", since: nil),
            Blocker(stage: "closeout", kind: .overdue, code: "overdue", message: "closeout has been open for more than its expected 5 days",
                    owner: .support, ticket: "ticket with 'quotes'; DROP TABLE upgrade; --", since: since),
        ]
        let t1 = Fixture.t0 + 60
        try await store.change(customer: "acme") { locked in
            let events = [Event(stage: nil, verb: .set, from: nil, to: nil, at: t1, actor: "tester", note: nil,
                                data: ["cutover.ticket": "SUPNXP-9"])]
            return ChangeOutcome(events: events, state: locked.state.applying(events),
                                 blockers: BlockerSnapshot(blockers: blockers, validity: Validity(from: t1, until: t1 + 3600)), result: ())
        }
        let rules = UpgradeMachine.blockerRules
        #expect(try await store.heldBlockerLists(now: t1 + 10, rules: rules).map(\.blockers) == [blockers])
        #expect(try await store.heldBlockerLists(now: t1 + 3600, rules: rules).isEmpty, "expired")
        #expect(try await store.heldBlockerLists(now: t1 + 10, rules: rules + "x").isEmpty, "other rules")
        var kept: [[Blocker]] = []
        try await store.forEachBlockerWork(customer: nil, now: t1 + 10, rules: rules, kept: true) { work in
            if case .kept(_, let list) = work { kept.append(list) }
        }
        #expect(kept == [blockers])

        for (column, value) in [("kind", "guarx"), ("owner", "cloud-tean"), ("since", "yesterday")] {
            try store.tamper("UPDATE kept_blocker SET \(column) = '\(value)' WHERE position = 1")
            #expect(try await store.heldBlockerLists(now: t1 + 10, rules: rules).map(\.blockers) == [nil], "\(column)")
            var undecided = 0
            try await store.forEachBlockerWork(customer: nil, now: t1 + 10, rules: rules, kept: true) { work in
                if case .undecided = work { undecided += 1 }
            }
            #expect(undecided == 1, "\(column)")
            try store.tamper("UPDATE kept_blocker SET kind = 'manual', owner = 'csm', since = NULL WHERE position = 1")
        }
    }
}
