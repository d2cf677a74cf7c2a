import Foundation
import GRDB
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// `importHistories` (the demo's fill) writes many rows per statement; the rows must be those
/// that the same changes leave when made one at a time through `beginUpgrade` and `change`.
@Suite struct ImportTests {
    /// Every row of the tables an upgrade writes, as text, in key order.
    private func rows(_ path: String) throws -> [String: [[String]]] {
        let queue = try DatabaseQueue(path: path)
        let tables = [
            "customer": "SELECT * FROM customer ORDER BY id",
            "upgrade": "SELECT * FROM upgrade ORDER BY id",
            "event": "SELECT * FROM event ORDER BY upgrade_id, sequence",
            "stage_state": "SELECT * FROM stage_state ORDER BY upgrade_id, position",
            "fact": "SELECT * FROM fact ORDER BY upgrade_id, key",
        ]
        return try queue.read { db in
            try tables.mapValues { sql in
                try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description) }
            }
        }
    }

    @Test func aLongHistoryImportedLeavesTheRowsOfItsChangesMadeOneAtATime() async throws {
        let tmp = try TemporaryDirectory()
        let onePath = tmp.path("one-at-a-time.sqlite")
        let one = try SQLiteStore(path: onePath)
        let customer = Fixture.customer("acme")
        try await one.addCustomer(customer)
        let upgrade = try await one.begin("acme")
        // 45 changes of one fact and a start: more events than one statement's 32 rows.
        for number in 1...45 {
            try await one.run("acme", .set([FactAssignment(key: "restore.ticket", value: "SUPNXP-\(number)")]),
                              at: Fixture.t0.addingTimeInterval(Double(number) * 60))
        }
        try await one.run("acme", .start(stage: "intake"), at: Fixture.t0.addingTimeInterval(3_600))
        let events = try await one.events(upgrade: upgrade.id).map(\.event)
        #expect(events.count > ManyRowsInsert.maxRows)

        let importedPath = tmp.path("imported.sqlite")
        let imported = try SQLiteStore(path: importedPath)
        try await imported.importHistories([ImportedHistory(customer: customer, from: "2021", to: "2023",
                                                            definition: Fixture.pinned(), changes: [events])])

        let expected = try rows(onePath)
        let actual = try rows(importedPath)
        #expect(expected["event"]?.count == events.count)
        #expect(expected["stage_state"]?.count == Fixture.definition(Fixture.pinned()).stages.count)
        for table in expected.keys.sorted() {
            #expect(actual[table] == expected[table], "table \(table)")
        }
    }

    @Test func contactsAreWrittenAsJSONArrays() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        let store = try SQLiteStore(path: path)
        var plain = Fixture.customer("plain")
        plain.contacts = ["it@plain.example", "Ops Team <ops@plain.example>"]
        var escaped = Fixture.customer("escaped")
        escaped.contacts = ["Jürgen \"JJ\" <j@escaped.example>", "back\\slash@escaped.example"]
        try await store.importHistories([plain, escaped].map { customer in
            ImportedHistory(customer: customer, from: "2021", to: "2023", definition: Fixture.pinned(), changes: [])
        })

        let texts = try await DatabaseQueue(path: path).read { db in
            try [String: String](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, contacts FROM customer").map { ($0[0], $0[1]) })
        }
        #expect(texts["plain"] == #"["it@plain.example","Ops Team <ops@plain.example>"]"#)
        #expect(texts["escaped"] == #"["Jürgen \"JJ\" <j@escaped.example>","back\\slash@escaped.example"]"#)
        #expect(try await store.customer(id: "plain")?.contacts == plain.contacts)
        #expect(try await store.customer(id: "escaped")?.contacts == escaped.contacts)
    }
}
