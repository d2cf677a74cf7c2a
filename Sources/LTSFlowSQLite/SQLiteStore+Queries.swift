import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

extension SQLiteStore {
    /// The upgrade each customer is shown with: its active one, else its latest. A customer
    /// begins an upgrade only when none is active and upgrade ids only grow, so the active
    /// upgrade, when there is one, is the latest: `max(id)`, one index lookup per customer.
    static let currentUpgrades = """
        WITH current(upgrade_id) AS (
            SELECT (SELECT max(u.id) FROM upgrade u WHERE u.customer_id = c.id) FROM customer c
        )
        """

    static let portfolioUpgradesSQL = """
        \(currentUpgrades)
        SELECT \(UpgradeRow.selection) FROM current JOIN upgrade ON upgrade.id = current.upgrade_id
        """
    static let portfolioStagesSQL = """
        \(currentUpgrades)
        SELECT \(StageStateRow.selection) FROM current JOIN stage_state ON stage_state.upgrade_id = current.upgrade_id
        """
    static let portfolioFactsSQL = """
        \(currentUpgrades)
        SELECT fact.upgrade_id, fact.key, fact.value FROM current JOIN fact ON fact.upgrade_id = current.upgrade_id
        """

    public func progress(customer id: String) async throws(StoreError) -> CustomerProgress? {
        try await read { db in
            guard let customer = try fetchCustomer(db, id: id) else { return nil }
            guard let upgrade = try UpgradeRow.fetchOne(db, sql: """
                SELECT \(UpgradeRow.selection) FROM upgrade WHERE customer_id = ? ORDER BY id DESC LIMIT 1
                """, arguments: [id])?.upgrade else {
                return CustomerProgress(customer: customer, upgrade: nil, state: nil)
            }
            return CustomerProgress(customer: customer, upgrade: upgrade, state: try fetchState(db, upgrade: upgrade.id).0)
        }
    }

    public func progress(customer id: String, upgrade upgradeID: Int64) async throws(StoreError) -> CustomerProgress? {
        try await read { db in
            guard let customer = try fetchCustomer(db, id: id) else { return nil }
            guard let upgrade = try UpgradeRow.fetchOne(db, sql: """
                SELECT \(UpgradeRow.selection) FROM upgrade WHERE customer_id = ? AND id = ?
                """, arguments: [id, upgradeID])?.upgrade else {
                return CustomerProgress(customer: customer, upgrade: nil, state: nil)
            }
            return CustomerProgress(customer: customer, upgrade: upgrade, state: try fetchState(db, upgrade: upgrade.id).0)
        }
    }

    /// Every customer with its active or latest upgrade and that upgrade's state, by customer id.
    ///
    /// Four queries in one read transaction, whatever the number of customers; events are not read.
    public func portfolio() async throws(StoreError) -> [CustomerProgress] {
        try await read { db in
            let customers = try CustomerRow.fetchAll(db, sql: "SELECT \(CustomerRow.selection) FROM customer ORDER BY id")
            var upgrades: [String: UpgradeRecord] = [:]
            upgrades.reserveCapacity(customers.count)
            for row in try UpgradeRow.fetchAll(db, sql: Self.portfolioUpgradesSQL) {
                upgrades[row.upgrade.customerID] = row.upgrade
            }
            var states: [Int64: UpgradeState] = [:]
            states.reserveCapacity(upgrades.count)
            // Rows come grouped by upgrade: build each upgrade's stages apart, then store them once.
            var upgradeID: Int64?
            var stages: [String: StageState] = [:]
            let rows = try StageStateRow.fetchCursor(db, sql: Self.portfolioStagesSQL)
            while let row = try rows.next() {
                if row.upgradeID != upgradeID {
                    if let upgradeID { states[upgradeID, default: UpgradeState()].stages.merge(stages) { $1 } }
                    upgradeID = row.upgradeID
                    stages = Dictionary(minimumCapacity: 16)
                }
                stages[row.stageID] = row.state
            }
            if let upgradeID { states[upgradeID, default: UpgradeState()].stages.merge(stages) { $1 } }
            let facts = try Row.fetchCursor(db, sql: Self.portfolioFactsSQL)
            while let row = try facts.next() {
                states[row[0], default: UpgradeState()].facts[row[1]] = row[2] as String
            }
            return customers.map { row in
                let upgrade = upgrades[row.customer.id]
                return CustomerProgress(customer: row.customer, upgrade: upgrade,
                                        state: upgrade.map { states[$0.id] ?? UpgradeState() })
            }
        }
    }

    /// The customers of one page, after a customer id, and their current upgrades.
    static let pageSQL = """
        WITH page(id) AS (SELECT id FROM customer WHERE id > ? ORDER BY id LIMIT ?),
        current(upgrade_id) AS (SELECT (SELECT max(u.id) FROM upgrade u WHERE u.customer_id = page.id) FROM page)
        """

    /// Customers read per query by ``forEachProgress(_:)``.
    static let progressPage = 500

    /// ``portfolio()``'s four queries, a page of customers at a time, in one read transaction.
    public func forEachProgress(_ body: (CustomerProgress) throws -> Void) async throws {
        try readPassingErrors { db in
            let customers = try db.cachedStatement(sql: """
                SELECT \(CustomerRow.selection) FROM customer WHERE id > ? ORDER BY id LIMIT ?
                """)
            let upgrades = try db.cachedStatement(sql: """
                \(Self.pageSQL)
                SELECT \(UpgradeRow.selection) FROM current JOIN upgrade ON upgrade.id = current.upgrade_id
                """)
            let stages = try db.cachedStatement(sql: """
                \(Self.pageSQL)
                SELECT \(StageStateRow.selection) FROM current JOIN stage_state ON stage_state.upgrade_id = current.upgrade_id
                """)
            let facts = try db.cachedStatement(sql: """
                \(Self.pageSQL)
                SELECT fact.upgrade_id, fact.key, fact.value FROM current JOIN fact ON fact.upgrade_id = current.upgrade_id
                """)
            var texts: [String: PinnedDefinition] = [:]
            var after = ""
            while true {
                let arguments: StatementArguments = [after, Self.progressPage]
                let page = try CustomerRow.fetchAll(customers, arguments: arguments)
                guard let last = page.last else { return }
                after = last.customer.id
                var current: [String: UpgradeRecord] = [:]
                for row in try UpgradeRow.fetchAll(upgrades, arguments: arguments) { current[row.upgrade.customerID] = row.upgrade }
                var states: [Int64: UpgradeState] = [:]
                let stageRows = try StageStateRow.fetchCursor(stages, arguments: arguments)
                while let row = try stageRows.next() {
                    states[row.upgradeID, default: UpgradeState()].stages[row.stageID] = row.state
                }
                let factRows = try Row.fetchCursor(facts, arguments: arguments)
                while let fact = try factRows.next() {
                    states[fact[0], default: UpgradeState()].facts[fact[1]] = fact[2] as String
                }
                for upgrade in current.values where texts[upgrade.definitionHash] == nil {
                    texts[upgrade.definitionHash] = try fetchDefinition(db, hash: upgrade.definitionHash)
                }
                for row in page {
                    let upgrade = current[row.customer.id]
                    try body(CustomerProgress(customer: row.customer, upgrade: upgrade,
                                              state: upgrade.map { states[$0.id] ?? UpgradeState() },
                                              definition: upgrade.flatMap { texts[$0.definitionHash] }))
                }
                if page.count < Self.progressPage { return }
            }
        }
    }

    public func upgrades(customer id: String) async throws(StoreError) -> [UpgradeRecord] {
        try await read { db in
            try UpgradeRow.fetchAll(db, sql: "SELECT \(UpgradeRow.selection) FROM upgrade WHERE customer_id = ? ORDER BY id",
                                    arguments: [id]).map(\.upgrade)
        }
    }

    public func definition(hash: String) async throws(StoreError) -> PinnedDefinition? {
        try await read { db in try fetchDefinition(db, hash: hash) }
    }

    public func events(upgrade: Int64) async throws(StoreError) -> [StoredEvent] {
        try await read { db in
            try EventRow.fetchAll(db, sql: "SELECT \(EventRow.selection) FROM event WHERE upgrade_id = ? ORDER BY sequence",
                                  arguments: [upgrade]).map(\.stored)
        }
    }
}
