import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

@Suite struct UpgradeTests {
    @Test func anUpgradeAndItsEventsRoundTrip() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        var expected: [Event] = []
        let upgrade: UpgradeRecord
        do {
            let store = try SQLiteStore(path: path)
            try await store.addCustomer(Fixture.customer("acme"))
            upgrade = try await store.begin("acme")
            expected = try await store.events(upgrade: upgrade.id).map(\.event)
            expected += try await store.run("acme", .start(stage: "intake"), at: Fixture.t0 + 60)
            expected += try await store.run("acme", .block(stage: "intake", reason: "waiting for the inventory | with a pipe",
                                                     owner: .customer, ticket: "SUPNXP-1234"), at: Fixture.t0 + 120)
            expected += try await store.run("acme", .set([FactAssignment(key: "cutover.ticket", value: "SUPNXP-99")]), at: Fixture.t0 + 180)
        }
        #expect(upgrade.customerID == "acme")
        #expect(upgrade.status == .active)
        #expect(upgrade.startedAt == Fixture.t0)
        #expect(upgrade.definitionHash == Fixture.pinned().hash)

        let store = try SQLiteStore(path: path)
        let stored = try await store.events(upgrade: upgrade.id)
        #expect(stored.map(\.event) == expected)
        #expect(stored.map(\.sequence) == Array(1...expected.count))
        let block = try #require(stored.first { $0.event.verb == .block })
        #expect(block.event.data == ["owner": "customer", "ticket": "SUPNXP-1234"])
        #expect(block.event.note == "waiting for the inventory | with a pipe")

        let progress = try #require(try await store.progress(customer: "acme"))
        #expect(progress.upgrade?.eventCount == expected.count)
        #expect(progress.state == UpgradeState.replay(expected, definition: Fixture.workflow.definition))
        #expect(progress.state?[stage: "intake"].status == .blocked)
        #expect(progress.state?[stage: "intake"].blockTicket == "SUPNXP-1234")
        #expect(progress.state?.facts["cutover.ticket"] == "SUPNXP-99")
        #expect(try await store.upgrades(customer: "acme") == [progress.upgrade!])
    }

    @Test func timesAreKeptToTheMillisecondAndStillReplayExactly() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme"))
        let odd = Fixture.t0 + 0.123_456_789
        try await store.begin("acme", at: odd)
        try await store.run("acme", .start(stage: "intake"), at: odd + 1)
        let progress = try #require(try await store.progress(customer: "acme"))
        #expect(progress.state?[stage: "intake"].since == StoreDate.normalized(odd + 1))
        #expect(try await store.verify() == [])
    }

    @Test func aRefusedChangeWritesNothing() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme"))
        try await store.begin("acme")
        let before = try await store.progress(customer: "acme")
        await #expect(throws: EngineError.self) { try await store.run("acme", .complete(stage: "closeout")) }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await store.change(customer: "acme") { _ -> ChangeOutcome<Void> in throw Boom() }
        }
        let after = try await store.progress(customer: "acme")
        #expect(after?.upgrade == before?.upgrade)
        #expect(after?.state == before?.state)
    }

    @Test func aCustomerHasOneActiveUpgradeAndFinishedOnesStayQueryable() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        try await store.addCustomer(Fixture.customer("acme"))
        let first = try await store.begin("acme", from: "2021", to: "2023")
        await #expect(throws: StoreError.activeUpgradeExists(customer: "acme", from: "2021", to: "2023")) {
            try await store.begin("acme", from: "2023", to: "2025")
        }
        #expect(try await store.upgrades(customer: "acme").count == 1)

        let end = try await store.finish("acme", from: Fixture.t0)
        let finished = try #require(try await store.upgrades(customer: "acme").first)
        #expect(finished.status == .finished)
        #expect(finished.finishedAt == end)
        #expect(try await store.progress(customer: "acme")?.upgrade == finished)
        await #expect(throws: StoreError.noUpgrade(customer: "acme")) { try await store.run("acme", .start(stage: nil)) }

        let second = try await store.begin("acme", from: "2023", to: "2025", at: end + 86_400)
        #expect(second.id != first.id)
        #expect(try await store.upgrades(customer: "acme").map(\.id) == [first.id, second.id])
        #expect(try await store.progress(customer: "acme")?.upgrade?.id == second.id)
        let history = try await store.events(upgrade: first.id)
        #expect(history.count == finished.eventCount)
        #expect(history.last?.event.stage == "closeout")
        #expect(try await store.verify() == [])
    }

    @Test func anUpgradeKeepsTheDefinitionItPinned() async throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        for id in ["acme", "globex", "initech"] { try await store.addCustomer(Fixture.customer(id)) }
        let original = Fixture.pinned()
        let acme = try await store.begin("acme", pinned: original)

        // "Edit the file": a changed definition (here, another title) pins a new copy.
        let edited = Fixture.pinned(yaml: Fixture.workflow.yaml.replacingOccurrences(
            of: "title: Nuxeo LTS upgrade through Nuxeo Cloud", with: "title: Nuxeo LTS upgrade, edited"))
        #expect(edited.hash != original.hash)
        let globex = try await store.begin("globex", pinned: edited)
        let initech = try await store.begin("initech", pinned: original)

        #expect(acme.definitionHash == original.hash)
        #expect(globex.definitionHash == edited.hash)
        #expect(initech.definitionHash == original.hash)
        #expect(try await store.definition(hash: original.hash) == original)
        #expect(try await store.definition(hash: edited.hash) == edited)
        #expect(try await store.progress(customer: "acme")?.upgrade?.definitionHash == original.hash)
        let context = try await store.change(customer: "acme") { locked in
            ChangeOutcome(events: [], state: locked.state, blockers: nil, result: locked.definition)
        }
        #expect(context == original)
        let definitions = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM definition") }
        #expect(definitions == 2)
    }

    @Test func aDefinitionWhoseHashDoesNotMatchItsTextIsRefused() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme"))
        var pinned = Fixture.pinned()
        pinned.hash = String(repeating: "0", count: 64)
        await #expect(throws: StoreError.self) { try await store.begin("acme", pinned: pinned) }
        #expect(try await store.upgrades(customer: "acme").isEmpty)
    }

    @Test func portfolioShowsEachCustomerWithItsCurrentUpgrade() async throws {
        let store = try SQLiteStore.inMemory()
        for id in ["acme", "globex", "initech"] { try await store.addCustomer(Fixture.customer(id)) }
        try await store.begin("acme")
        let end = try await store.finish("acme", from: Fixture.t0)
        let next = try await store.begin("acme", from: "2023", to: "2025", at: end + 60)
        try await store.begin("globex")
        try await store.run("globex", .start(stage: "intake"))

        let portfolio = try await store.portfolio()
        #expect(portfolio.map(\.customer.id) == ["acme", "globex", "initech"])
        #expect(portfolio[0].upgrade == next)
        #expect(portfolio[0].state?[stage: "intake"].status == .ready)
        #expect(portfolio[1].state?[stage: "intake"].status == .active)
        #expect(portfolio[1].state?.facts["search.cluster"] == "elasticsearch 7.9")
        #expect(portfolio[2].upgrade == nil)
        #expect(portfolio[2].state == nil)
        for progress in portfolio {
            #expect(try await store.progress(customer: progress.customer.id)?.state == progress.state)
        }

        // What `blocked` decides from when no kept list holds: the open stages, in workflow order.
        var open: [String] = []
        try await store.forEachBlockerWork(customer: nil, now: Fixture.t0, rules: UpgradeMachine.blockerRules, kept: false) { work in
            guard case .undecided(let rows) = work else { return }
            open += rows.stages.map { "\(rows.customer.id):\($0.id):\($0.state.status.rawValue)" }
        }
        #expect(open == ["acme:intake:ready", "globex:intake:active"], "a skipped branch does not let later stages jump the queue")
    }
}
