import Foundation
import GRDB
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// Pinned definitions are stored once per text (the `definition` table), whatever the number
/// of upgrades that pin them.
@Suite struct DefinitionStorageTests {
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
}
