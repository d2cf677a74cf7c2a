import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore
import LTSFlowTestSupport

/// The store contract of issue 15, run against each of ``Backend/all``: a customer's CSM and
/// LTS, a cancelled upgrade, the LTS set at closeout, one upgrade by id, checklist events.
@Suite struct LifecycleContractTests {
    @Test(arguments: Backend.all) func csmAndLTSRoundTrip(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try await backend.open(tmp)
        var customer = Fixture.customer("acme")
        customer.csm = "Dana Scully"
        customer.lts = "2021"
        try await store.addCustomer(customer)
        #expect(try await store.customer(id: "acme")?.csm == "Dana Scully")
        #expect(try await store.customer(id: "acme")?.lts == "2021")
        customer.csm = nil
        customer.lts = "2023"
        try await store.updateCustomer(customer)
        let read = try #require(try await store.customer(id: "acme"))
        #expect(read.csm == nil && read.lts == "2023")
        #expect(try await store.customers() == [read])
    }

    @Test(arguments: Backend.all) func aCancelEventEndsTheUpgradeAsCancelled(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try await backend.open(tmp)
        var customer = Fixture.customer("acme")
        customer.lts = "2021"
        try await store.addCustomer(customer)
        let first = try await store.begin("acme")
        let at = Fixture.t0 + 3_600
        try await store.change(customer: "acme") { locked in
            let cancel = Event(stage: nil, verb: .cancel, at: at, actor: "tester", note: "wrong target")
            return ChangeOutcome(events: [cancel], state: locked.state, blockers: nil, result: ())
        }
        let upgrades = try await store.upgrades(customer: "acme")
        #expect(upgrades.map(\.status) == [.cancelled])
        #expect(upgrades.first?.finishedAt == at)
        #expect(try await store.customer(id: "acme")?.lts == "2021")
        await #expect(throws: StoreError.noUpgrade(customer: "acme")) {
            try await store.run("acme", .start(stage: "intake"), at: at + 60)
        }
        // Another upgrade can start; the cancelled one stays readable by its id.
        let second = try await store.begin("acme", at: at + 120)
        #expect(second.id != first.id)
        let old = try #require(try await store.progress(customer: "acme", upgrade: first.id))
        #expect(old.upgrade?.status == .cancelled && old.state?[stage: "intake"].status == .ready)
        #expect(try await store.progress(customer: "acme")?.upgrade?.id == second.id)
        #expect(try await store.verify() == [])
    }

    @Test(arguments: Backend.all) func closeoutSetsTheLTSAndUpgradesAreReadByCustomer(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try await backend.open(tmp)
        try await store.addCustomer(Fixture.customer("acme"))
        try await store.addCustomer(Fixture.customer("globex"))
        let acme = try await store.begin("acme")
        let globex = try await store.begin("globex")
        _ = try await store.finish("acme", from: Fixture.t0)
        #expect(try await store.customer(id: "acme")?.lts == "2023")
        #expect(try await store.customer(id: "globex")?.lts == nil)
        // Another customer's upgrade id gives the customer without an upgrade; no customer, nil.
        let mismatch = try #require(try await store.progress(customer: "acme", upgrade: globex.id))
        #expect(mismatch.customer.id == "acme" && mismatch.upgrade == nil && mismatch.state == nil)
        #expect(try await store.progress(customer: "acme", upgrade: acme.id)?.upgrade?.status == .finished)
        #expect(try await store.progress(customer: "nobody", upgrade: acme.id) == nil)
    }

    @Test(arguments: Backend.all) func checklistEventsAreAppendedAndChangeNoState(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try await backend.open(tmp)
        try await store.addCustomer(Fixture.customer("acme"))
        try await store.begin("acme")
        let before = try #require(try await store.progress(customer: "acme")?.state)
        for verb in [Verb.check, .uncheck, .check] {
            try await store.change(customer: "acme") { locked in
                let event = Event(stage: nil, verb: verb, at: Fixture.t0 + 60, actor: "tester", data: ["item": "2021-2023/java-17"])
                return ChangeOutcome(events: [event], state: locked.state, blockers: nil, result: ())
            }
        }
        let progress = try #require(try await store.progress(customer: "acme"))
        #expect(progress.state == before)
        #expect(progress.upgrade?.status == .active)
        let events = try await store.events(upgrade: try #require(progress.upgrade?.id))
        #expect(events.suffix(3).map(\.event.verb) == [.check, .uncheck, .check])
        #expect(events.last?.event.data == ["item": "2021-2023/java-17"])
        #expect(try await store.verify() == [])
    }
}
