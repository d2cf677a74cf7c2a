#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

// Ids are ordered byte by byte (`COLLATE "C"`), as SQLite orders them, whatever the database's
// locale: the two backends list customers in the same order.

extension PostgresStore {
    public func customer(id: String) async throws(StoreError) -> Customer? {
        try await read { connection in
            try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer WHERE id = \(id)", on: connection)
                .first.map { try PGRows.customer($0) }
        }
    }

    public func customers() async throws(StoreError) -> [Customer] {
        try await read { connection in
            try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer ORDER BY id COLLATE \"C\"", on: connection)
                .map { try PGRows.customer($0) }
        }
    }

    public func customerIDs() async throws(StoreError) -> [String] {
        try await read { connection in
            try await rows("SELECT id FROM customer ORDER BY id COLLATE \"C\"", on: connection).map { try $0.string(0) }
        }
    }

    public func progress(customer id: String) async throws(StoreError) -> CustomerProgress? {
        try await read { connection in
            guard let customer = try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer WHERE id = \(id)",
                                                on: connection).first.map({ try PGRows.customer($0) }) else { return nil }
            guard let upgrade = try await rows("""
                SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade WHERE customer_id = \(id) ORDER BY id DESC LIMIT 1
                """, on: connection).first.map({ try PGRows.upgrade($0) }) else {
                return CustomerProgress(customer: customer, upgrade: nil, state: nil)
            }
            return CustomerProgress(customer: customer, upgrade: upgrade, state: try await fetchState(upgrade.id, on: connection).0)
        }
    }

    public func progress(customer id: String, upgrade upgradeID: Int64) async throws(StoreError) -> CustomerProgress? {
        try await read { connection in
            guard let customer = try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer WHERE id = \(id)",
                                                on: connection).first.map({ try PGRows.customer($0) }) else { return nil }
            guard let upgrade = try await rows("""
                SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade WHERE customer_id = \(id) AND id = \(upgradeID)
                """, on: connection).first.map({ try PGRows.upgrade($0) }) else {
                return CustomerProgress(customer: customer, upgrade: nil, state: nil)
            }
            return CustomerProgress(customer: customer, upgrade: upgrade, state: try await fetchState(upgrade.id, on: connection).0)
        }
    }

    /// The upgrade each customer is shown with: its latest (the active one when there is one).
    static let currentUpgrades = """
        WITH current AS (SELECT DISTINCT ON (customer_id) id FROM upgrade ORDER BY customer_id, id DESC)
        """

    public func portfolio() async throws(StoreError) -> [CustomerProgress] {
        var all: [CustomerProgress] = []
        do {
            try await forEachProgress(withDefinitions: false) { all.append($0) }
        } catch {
            throw PostgresConnector.storeError(error, target: target)
        }
        return all
    }

    public func forEachProgress(_ body: (CustomerProgress) throws -> Void) async throws {
        try await forEachProgress(withDefinitions: true, body)
    }

    /// Every customer with its current upgrade and state, by id, from one snapshot: four queries.
    func forEachProgress(withDefinitions: Bool, _ body: (CustomerProgress) throws -> Void) async throws {
        try await transaction(readOnly: true) { connection in
            let customers = try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer ORDER BY id COLLATE \"C\"",
                                           on: connection).map { try PGRows.customer($0) }
            var upgrades: [String: UpgradeRecord] = [:]
            for row in try await rows("""
                \(unescaped: Self.currentUpgrades)
                SELECT \(unescaped: PGRows.upgradeColumns) FROM current JOIN upgrade ON upgrade.id = current.id
                """, on: connection) {
                let upgrade = try PGRows.upgrade(row)
                upgrades[upgrade.customerID] = upgrade
            }
            var states: [Int64: UpgradeState] = [:]
            for row in try await rows("""
                \(unescaped: Self.currentUpgrades)
                SELECT \(unescaped: PGRows.stageColumns) FROM current JOIN stage_state ON stage_state.upgrade_id = current.id
                """, on: connection) {
                let stage = try PGRows.stage(row)
                states[stage.upgrade, default: UpgradeState()].stages[stage.id] = stage.state
            }
            for row in try await rows("""
                \(unescaped: Self.currentUpgrades)
                SELECT fact.upgrade_id, fact.key, fact.value FROM current JOIN fact ON fact.upgrade_id = current.id
                """, on: connection) {
                states[try row.int64(0), default: UpgradeState()].facts[try row.string(1)] = try row.string(2)
            }
            var texts: [String: PinnedDefinition] = [:]
            if withDefinitions {
                for row in try await rows("SELECT hash, workflow_id, version, yaml FROM definition", on: connection) {
                    let hash = try row.string(0)
                    texts[hash] = PinnedDefinition(workflowID: try row.string(1), version: try row.int(2), hash: hash, yaml: try row.string(3))
                }
            }
            for customer in customers {
                let upgrade = upgrades[customer.id]
                try body(CustomerProgress(customer: customer, upgrade: upgrade, state: upgrade.map { states[$0.id] ?? UpgradeState() },
                                          definition: upgrade.flatMap { texts[$0.definitionHash] }))
            }
        }
    }

    public func upgrades(customer id: String) async throws(StoreError) -> [UpgradeRecord] {
        try await read { connection in
            try await rows("SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade WHERE customer_id = \(id) ORDER BY id", on: connection)
                .map { try PGRows.upgrade($0) }
        }
    }

    public func definition(hash: String) async throws(StoreError) -> PinnedDefinition? {
        try await read { connection in try await fetchDefinition(hash, on: connection) }
    }

    public func events(upgrade: Int64) async throws(StoreError) -> [StoredEvent] {
        try await read { connection in
            try await rows("SELECT \(unescaped: PGRows.eventColumns) FROM event WHERE upgrade_id = \(upgrade) ORDER BY sequence",
                           on: connection).map { try PGRows.event($0) }
        }
    }

    // MARK: The blocked list, decided afresh

    /// The active upgrades with an open stage (the one customer's, or those of `only` when
    /// given), by customer id, as rows to decide their blockers from: the customer carries
    /// only its id, region, zone, window and sandbox; the upgrade only its id, versions,
    /// workflow and pinned hash, with its pinned definition, open stages in workflow order and
    /// facts. Three queries (and one per pinned definition), in the read already open.
    func openUpgrades(customer: String?, only: [Int64]?, on connection: PostgresConnection) async throws -> [OpenUpgradeRows] {
        var filter = ""
        var binds = PostgresBindings()
        if let customer {
            binds.append(customer)
            filter += " AND upgrade.customer_id = $\(binds.count)"
        }
        if let only {
            binds.append(only)
            filter += " AND upgrade.id = ANY($\(binds.count))"
        }
        var facts: [Int64: [(key: String, value: String)]] = [:]
        for row in try await rows(PostgresQuery(unsafeSQL: """
            SELECT fact.upgrade_id, fact.key, fact.value FROM upgrade JOIN fact ON fact.upgrade_id = upgrade.id
            WHERE upgrade.status = 'active' \(filter)
            """, binds: binds), on: connection) {
            facts[try row.int64(0), default: []].append((try row.string(1), try row.string(2)))
        }
        var texts: [String: PinnedDefinition] = [:]
        var all: [OpenUpgradeRows] = []
        var current: OpenUpgradeRows?
        func finish() async throws {
            guard var open = current else { return }
            current = nil
            let hash = open.upgrade.definitionHash
            if texts[hash] == nil { texts[hash] = try await fetchDefinition(hash, on: connection) }
            guard let text = texts[hash] else { throw StoreError.missingDefinition(hash: hash, upgrade: open.upgrade.id) }
            open.definition = text
            open.facts = (facts[open.upgrade.id] ?? []).sorted { $0.key < $1.key }
            all.append(open)
        }
        for row in try await rows(PostgresQuery(unsafeSQL: """
            SELECT customer.id, customer.region, customer.time_zone, customer.maintenance_window, customer.sandbox,
                   upgrade.id, upgrade.from_lts, upgrade.to_lts, upgrade.workflow_id, upgrade.definition_hash,
                   \(PGRows.stageColumns)
            FROM upgrade JOIN customer ON customer.id = upgrade.customer_id
            JOIN stage_state ON stage_state.upgrade_id = upgrade.id
            WHERE upgrade.status = 'active' AND stage_state.status IN ('ready', 'active', 'blocked') \(filter)
            ORDER BY upgrade.customer_id COLLATE "C", stage_state.position
            """, binds: binds), on: connection) {
            let upgradeID = try row.int64(5)
            if current?.upgrade.id != upgradeID {
                try await finish()
                let id = try row.string(0)
                let sandbox = try row.string(4)
                let customer = Customer(id: id, name: "", region: try row.string(1), timeZone: try row.string(2),
                                        window: try row.optionalString(3),
                                        sandbox: try PGRows.decode(SandboxContract(rawValue: sandbox), sandbox, what: "sandbox of customer \(id)"),
                                        createdAt: Date(timeIntervalSince1970: 0))
                let upgrade = UpgradeRecord(id: upgradeID, customerID: id, from: try row.string(6), to: try row.string(7),
                                            workflowID: try row.string(8), definitionHash: try row.string(9), status: .active,
                                            startedAt: Date(timeIntervalSince1970: 0), finishedAt: nil, eventCount: 0)
                current = OpenUpgradeRows(customer: customer, upgrade: upgrade)
            }
            let stage = try PGRows.stage(row, at: 10)
            current?.stages.append((stage.id, stage.state))
        }
        try await finish()
        return all
    }
}
#endif
