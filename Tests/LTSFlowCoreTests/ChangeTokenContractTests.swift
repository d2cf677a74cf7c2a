import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore
import LTSFlowTestSupport

/// ``UpgradeStore/changeToken()`` against each of ``Backend/all``: the same while nothing is
/// written (SQLite; PostgreSQL's moves with the whole cluster), different after every kind of write, by this connection or another one (another
/// process, for the web board reading what the command line wrote).
@Suite struct ChangeTokenContractTests {
    @Test(arguments: Backend.all) func theTokenMovesWithEveryWriteAndOnlyThen(_ backend: Backend) async throws {
        let tmp = try TemporaryDirectory()
        let store = try await backend.open(tmp)
        try await store.addCustomer(Fixture.customer("acme"))
        let start = try await store.changeToken()
        _ = try await store.portfolio()
        _ = try await store.customers()
        // PostgreSQL's token is the cluster's: the other tests writing at the same time move it.
        if backend.name == Backend.sqlite.name {
            #expect(try await store.changeToken() == start, "reads change nothing")
        }

        var seen: Set<String> = [start]
        // This connection's writes: a customer added, edited (no event), an upgrade begun, changed.
        try await store.addCustomer(Fixture.customer("globex"))
        #expect(seen.insert(try await store.changeToken()).inserted, "after addCustomer")
        var edited = Fixture.customer("globex")
        edited.csm = "Dana Scully"
        try await store.updateCustomer(edited)
        #expect(seen.insert(try await store.changeToken()).inserted, "after updateCustomer")
        _ = try await store.begin("acme")
        #expect(seen.insert(try await store.changeToken()).inserted, "after beginUpgrade")
        try await store.run("acme", .start(stage: "intake"))
        #expect(seen.insert(try await store.changeToken()).inserted, "after change")

        // Another connection's write.
        let other = try await backend.open(tmp)
        let before = try await store.changeToken()
        var renamed = edited
        renamed.name = "Globex Renamed"
        try await other.updateCustomer(renamed)
        #expect(try await store.customer(id: "globex")?.name == "Globex Renamed")
        #expect(try await store.changeToken() != before, "after another connection's write")
    }
}
