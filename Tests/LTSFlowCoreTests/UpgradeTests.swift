import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore
import LTSFlowTestSupport

/// The store contract: what every backend does, run against each of ``Backend/all``.
@Suite struct UpgradeTests {
    @Test(arguments: Backend.all) func anUpgradeAndItsEventsRoundTrip(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        var expected: [Event] = []
        let upgrade: UpgradeRecord
        do {
            let store = try backend.open(tmp)
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

        let store = try backend.open(tmp)
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

    @Test(arguments: Backend.all) func timesAreKeptToTheMillisecondAndStillReplayExactly(_ backend: Backend) async throws {
        let scratch = try TemporaryDirectory()
        let store = try backend.open(scratch)
        try await store.addCustomer(Fixture.customer("acme"))
        let odd = Fixture.t0 + 0.123_456_789
        try await store.begin("acme", at: odd)
        try await store.run("acme", .start(stage: "intake"), at: odd + 1)
        let progress = try #require(try await store.progress(customer: "acme"))
        #expect(progress.state?[stage: "intake"].since == StoreDate.normalized(odd + 1))
        #expect(try await store.verify() == [])
    }

    @Test(arguments: Backend.all) func aRefusedChangeWritesNothing(_ backend: Backend) async throws {
        let scratch = try TemporaryDirectory()
        let store = try backend.open(scratch)
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

    @Test(arguments: Backend.all) func aCustomerHasOneActiveUpgradeAndFinishedOnesStayQueryable(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try backend.open(tmp)
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

    @Test(arguments: Backend.all) func aDefinitionWhoseHashDoesNotMatchItsTextIsRefused(_ backend: Backend) async throws {
        let scratch = try TemporaryDirectory()
        let store = try backend.open(scratch)
        try await store.addCustomer(Fixture.customer("acme"))
        var pinned = Fixture.pinned()
        pinned.hash = String(repeating: "0", count: 64)
        await #expect(throws: StoreError.self) { try await store.begin("acme", pinned: pinned) }
        #expect(try await store.upgrades(customer: "acme").isEmpty)
    }

    @Test(arguments: Backend.all) func portfolioShowsEachCustomerWithItsCurrentUpgrade(_ backend: Backend) async throws {
        let scratch = try TemporaryDirectory()
        let store = try backend.open(scratch)
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
