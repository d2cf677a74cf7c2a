import Foundation
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

@Suite struct CustomerTests {
    @Test func customersRoundTrip() throws {
        let tmp = try TemporaryDirectory()
        let store = try SQLiteStore(path: tmp.path("ltsflow.sqlite"))
        var acme = Fixture.customer("acme", sandbox: .purchased)
        acme.window = "22:00-00:00"
        acme.contacts = ["ops@acme.example", "cto@acme.example"]
        try store.addCustomer(acme)
        try store.addCustomer(Fixture.customer("globex"))
        try store.addCustomer(Fixture.customer("initech"))

        #expect(try store.customer(id: "acme") == acme)
        #expect(try store.customer(id: "nobody") == nil)
        #expect(try store.customerIDs() == ["acme", "globex", "initech"])
        #expect(try store.customers().map(\.id) == ["acme", "globex", "initech"])

        acme.name = "ACME Worldwide"
        acme.window = nil
        acme.contacts = []
        try store.updateCustomer(acme)
        #expect(try store.customer(id: "acme") == acme)
    }

    @Test func duplicateAndUnknownCustomersAreRefused() throws {
        let store = try SQLiteStore.inMemory()
        try store.addCustomer(Fixture.customer("acme"))
        #expect(throws: StoreError.customerExists("acme")) { try store.addCustomer(Fixture.customer("acme")) }
        #expect(throws: StoreError.unknownCustomer("acne", suggestions: ["acme"])) {
            try store.updateCustomer(Fixture.customer("acne"))
        }
        #expect(throws: StoreError.unknownCustomer("acmee", suggestions: ["acme"])) {
            try store.run("acmee", .start(stage: "intake"))
        }
        #expect(throws: StoreError.noUpgrade(customer: "acme")) { try store.run("acme", .start(stage: "intake")) }
    }
}
