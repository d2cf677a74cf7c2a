import Foundation
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

@Suite struct VerifyTests {
    /// A short life of an upgrade with most verbs, including a reopen that sends stages back.
    static func livedIn(_ store: SQLiteStore) async throws {
        try await store.addCustomer(Fixture.customer("acme", sandbox: .purchased))
        try await store.addCustomer(Fixture.customer("globex"))
        try await store.begin("acme")
        try await store.begin("globex")
        var now = Fixture.t0
        func step(_ customer: String, _ command: Command) async throws {
            now += 600
            try await store.run(customer, command, at: now)
        }
        try await step("acme", .start(stage: "intake"))
        try await step("acme", .complete(stage: "intake"))
        try await step("acme", .set([FactAssignment(key: "sandbox.start", value: "2027-02-01"),
                               FactAssignment(key: "sandbox.end", value: "2027-03-01")]))
        try await step("acme", .block(stage: "sandbox-request", reason: "budget approval", owner: .customer, ticket: nil))
        try await step("acme", .unblock(stage: "sandbox-request"))
        try await step("acme", .advance(stage: "sandbox-request"))
        try await step("acme", .advance(stage: "sandbox-request"))
        try await step("acme", .reopen(stage: "intake", reason: "wrong source version"))
        try await step("acme", .set([FactAssignment(key: "sandbox.end", value: "")]))
        try await step("globex", .force(stage: "intake", reason: "kick-off done by phone"))
        try await step("globex", .skip(stage: "preprod-restore", reason: "not needed"))
    }

    @Test func replayEqualsTheStoredStateAfterManyChanges() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        try await Self.livedIn(store)

        #expect(try await store.verify() == [])
        for progress in try await store.portfolio() {
            let upgrade = try #require(progress.upgrade)
            let events = try await store.events(upgrade: upgrade.id).map(\.event)
            #expect(progress.state == UpgradeState.replay(events, definition: Fixture.workflow.definition))
        }
        let acme = try #require(try await store.progress(customer: "acme")?.state)
        #expect(acme[stage: "intake"].status == .ready)
        #expect(acme[stage: "sandbox-request"].status == .pending)
        #expect(acme.facts["sandbox.end"] == nil)
    }

    @Test func detectsATamperedStageRow() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        try await Self.livedIn(store)
        try store.tamper("UPDATE stage_state SET status = 'done', note = 'edited by hand' WHERE stage_id = 'preprod-upgrade' AND upgrade_id = (SELECT id FROM upgrade WHERE customer_id = 'globex')")
        try store.tamper("UPDATE fact SET value = 'opensearch 1.3' WHERE key = 'search.cluster' AND upgrade_id = (SELECT id FROM upgrade WHERE customer_id = 'acme')")

        let problems = try await store.verify()
        #expect(problems.count == 2, "\(problems)")
        let stage = try #require(problems.first { $0.contains("preprod-upgrade") })
        #expect(stage.contains("globex"))
        #expect(stage.contains("stored as done"))
        #expect(stage.contains("replay to ready"))
        #expect(stage.contains("note: stored 'edited by hand', replayed none"))
        let fact = try #require(problems.first { $0.contains("search.cluster") })
        #expect(fact.contains("acme"))
        #expect(fact.contains("'opensearch 1.3'"))
        #expect(fact.contains("'elasticsearch 7.9'"))
    }

    @Test func historyIsAppendOnlyAndAGapIsDetected() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        try await Self.livedIn(store)
        let acme = try #require(try await store.progress(customer: "acme")?.upgrade)

        #expect(throws: (any Error).self) { try store.tamper("DELETE FROM event WHERE sequence = 3") }
        #expect(throws: (any Error).self) { try store.tamper("UPDATE event SET actor = 'mallory'") }
        #expect(throws: (any Error).self) {
            try store.tamper("INSERT INTO event (upgrade_id, sequence, verb, at, actor) VALUES (\(acme.id), \(acme.eventCount + 2), 'set', '2027-01-15T08:00:00.000Z', 'x')")
        }
        #expect(try await store.verify() == [])

        // Someone who removes the guards can still break history; verify says how.
        try store.tamper("DROP TRIGGER event_is_append_only_delete")
        try store.tamper("DELETE FROM event WHERE upgrade_id = \(acme.id) AND sequence = 3")
        let problems = try await store.verify()
        #expect(problems.contains { $0.contains("acme") && $0.contains("jumps from event 2 to 4") && $0.contains("event 3 is missing") },
                "\(problems)")
        #expect(problems.contains { $0.contains("records \(acme.eventCount) events but \(acme.eventCount - 1) are stored") }, "\(problems)")
    }

    @Test func detectsAWrongEventCountAndStatus() async throws {
        let store = try SQLiteStore.inMemory()
        try await Self.livedIn(store)
        try store.tamper("UPDATE upgrade SET event_count = event_count + 1, status = 'finished' WHERE customer_id = 'globex'")
        let problems = try await store.verify()
        #expect(problems.contains { $0.contains("globex") && $0.contains("marked finished but some stages are not done or skipped") },
                "\(problems)")
        #expect(problems.contains { $0.contains("globex") && $0.contains("events but") }, "\(problems)")
    }
}
