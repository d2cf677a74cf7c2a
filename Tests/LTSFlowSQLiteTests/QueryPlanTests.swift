import Foundation
import GRDB
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// Reads must go through indexes so that their cost does not grow with the whole history.
@Suite struct QueryPlanTests {
    func plan(_ sql: String, _ store: SQLiteStore) throws -> String {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "\n")
        }
    }

    @Test func openStagesUseThePartialIndex() async throws {
        let store = try SQLiteStore.inMemory()
        let plan = try plan(SQLiteStore.briefStagesSQL(BriefScope()), store)
        #expect(plan.contains("stage_state_open"), "\(plan)")
        #expect(!plan.contains("SCAN stage_state"), "\(plan)")
    }

    @Test func eventsOfAnUpgradeAndUpgradesOfACustomerUseIndexes() async throws {
        let store = try SQLiteStore.inMemory()
        let events = try plan("SELECT \(EventRow.selection) FROM event WHERE upgrade_id = 1 ORDER BY sequence", store)
        #expect(events.contains("SEARCH event USING PRIMARY KEY"), "\(events)")
        #expect(!events.contains("TEMP B-TREE"), "\(events)")
        let upgrades = try plan("SELECT id FROM upgrade WHERE customer_id = 'acme' ORDER BY id", store)
        #expect(upgrades.contains("upgrade_by_customer"), "\(upgrades)")
        #expect(!upgrades.contains("TEMP B-TREE"), "\(upgrades)")
    }

    @Test func portfolioReadsNoEventsAndScansOnlyCustomers() async throws {
        let store = try SQLiteStore.inMemory()
        for sql in [SQLiteStore.portfolioUpgradesSQL, SQLiteStore.portfolioStagesSQL, SQLiteStore.portfolioFactsSQL] {
            let plan = try plan(sql, store)
            #expect(!plan.contains("SCAN stage_state"), "\(plan)")
            #expect(!plan.contains("SCAN fact"), "\(plan)")
            #expect(!plan.contains("SCAN u"), "\(plan)")
            #expect(!plan.contains("SCAN upgrade"), "\(plan)")
            #expect(!plan.contains("event"), "\(plan)")
        }
    }
}
