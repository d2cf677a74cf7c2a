import Foundation
import Testing
@testable import LTSFlowCore
import LTSFlowTestSupport

/// The store contract for customers, run against each of ``Backend/all``.
@Suite struct CustomerTests {
    @Test(arguments: Backend.all) func customersRoundTrip(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try backend.open(tmp)
        var acme = Fixture.customer("acme", sandbox: .purchased)
        acme.window = "22:00-00:00"
        acme.contacts = ["ops@acme.example", "cto@acme.example"]
        try await store.addCustomer(acme)
        try await store.addCustomer(Fixture.customer("globex"))
        try await store.addCustomer(Fixture.customer("initech"))

        #expect(try await store.customer(id: "acme") == acme)
        #expect(try await store.customer(id: "nobody") == nil)
        #expect(try await store.customerIDs() == ["acme", "globex", "initech"])
        #expect(try await store.customers().map(\.id) == ["acme", "globex", "initech"])

        acme.name = "ACME Worldwide"
        acme.window = nil
        acme.contacts = []
        try await store.updateCustomer(acme)
        #expect(try await store.customer(id: "acme") == acme)
    }

    @Test(arguments: Backend.all) func duplicateAndUnknownCustomersAreRefused(_ backend: Backend) async throws {
        let scratch = try TemporaryDirectory()
        let store = try backend.open(scratch)
        try await store.addCustomer(Fixture.customer("acme"))
        await #expect(throws: StoreError.customerExists("acme")) { try await store.addCustomer(Fixture.customer("acme")) }
        await #expect(throws: StoreError.unknownCustomer("acne", suggestions: ["acme"])) {
            try await store.updateCustomer(Fixture.customer("acne"))
        }
        await #expect(throws: StoreError.unknownCustomer("acmee", suggestions: ["acme"])) {
            try await store.run("acmee", .start(stage: "intake"))
        }
        await #expect(throws: StoreError.noUpgrade(customer: "acme")) { try await store.run("acme", .start(stage: "intake")) }
    }
}
