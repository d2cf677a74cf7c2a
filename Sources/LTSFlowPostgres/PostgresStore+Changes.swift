#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

extension PostgresStore {
    // MARK: Customers

    public func addCustomer(_ customer: Customer) async throws(StoreError) {
        try await storeTransaction { connection in
            let inserted = try await rows(PGWrites.insertCustomer(customer), on: connection)
            if inserted.isEmpty { throw StoreError.customerExists(customer.id) }
        }
    }

    public func updateCustomer(_ customer: Customer) async throws(StoreError) {
        try await storeTransaction { connection in try await update(customer, on: connection) }
    }

    /// Locks the customer row, then its active upgrade's row, reads the upgrade as a change
    /// would, calls `step` (which may refuse the edit), updates the customer and appends the
    /// outcome `step` returns as ``change(customer:_:)`` does: one transaction.
    public func updateCustomer(_ customer: Customer, checking step: @Sendable (LockedUpgrade?) throws -> ChangeOutcome<Void>?) async throws {
        try await transaction { connection in
            guard let stored = try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer WHERE id = \(customer.id) FOR UPDATE",
                                              on: connection).first.map({ try PGRows.customer($0) }) else {
                throw try await unknownCustomer(customer.id, on: connection)
            }
            if let upgrade = try await activeUpgrade(customer.id, lock: true, on: connection) {
                guard let definition = try await fetchDefinition(upgrade.definitionHash, on: connection) else {
                    throw StoreError.missingDefinition(hash: upgrade.definitionHash, upgrade: upgrade.id)
                }
                let (state, positions) = try await fetchState(upgrade.id, on: connection)
                let outcome = try step(LockedUpgrade(customer: stored, upgrade: upgrade, definition: definition, state: state))
                try await update(customer, on: connection)
                if let outcome { _ = try await append(outcome, to: upgrade, state: state, positions: positions, on: connection) }
            } else {
                _ = try step(nil)
                try await update(customer, on: connection)
            }
        }
    }

    private func update(_ c: Customer, on connection: PostgresConnection) async throws {
        let updated = try await rows("""
                UPDATE customer SET name = \(c.name), region = \(c.region), time_zone = \(c.timeZone),
                       maintenance_window = \(c.window), contacts = \(JSONText.text(c.contacts)), sandbox = \(c.sandbox.rawValue),
                       created_at = \(c.createdAt), csm = \(c.csm), lts = \(c.lts)
                WHERE id = \(c.id) RETURNING 1
                """, on: connection)
        if updated.isEmpty { throw try await unknownCustomer(c.id, on: connection) }
    }

    // MARK: Upgrades

    /// Opens an upgrade in one transaction: locks the customer row (two openings for one
    /// customer wait for each other; the partial unique index is the last word), pins the
    /// definition, creates every stage as pending, then writes what `step` returns.
    public func beginUpgrade<Result: Sendable>(_ new: NewUpgrade, _ step: @Sendable (Customer) throws -> ChangeOutcome<Result>)
        async throws -> (upgrade: UpgradeRecord, result: Result) {
        let pinned = new.definition
        let hash = PinnedDefinition.hash(of: pinned.yaml)
        guard hash == pinned.hash else { throw StoreError.definitionHashMismatch(workflow: pinned.workflowID, pinned: pinned.hash) }
        return try await transaction { connection in
            guard let customer = try await rows("SELECT \(unescaped: PGRows.customerColumns) FROM customer WHERE id = \(new.customer) FOR UPDATE",
                                                on: connection).first.map({ try PGRows.customer($0) }) else {
                throw try await unknownCustomer(new.customer, on: connection)
            }
            if let active = try await activeUpgrade(new.customer, lock: false, on: connection) {
                throw StoreError.activeUpgradeExists(customer: new.customer, from: active.from, to: active.to)
            }
            let outcome = try step(customer)
            guard let first = outcome.events.first else { throw StoreError.emptyOpening }
            try await connection.query(PGWrites.insertDefinition(pinned), logger: logger)
            let startedAt = StoreDate.normalized(first.at)
            let inserted = try await rows("""
                INSERT INTO upgrade (customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at, event_count)
                VALUES (\(new.customer), \(new.from), \(new.to), \(pinned.workflowID), \(hash), 'active', \(startedAt), 0)
                RETURNING id
                """, on: connection)
            guard let id = try inserted.first?.int64(0) else { throw StoreError.database("the server returned no upgrade id") }
            let upgrade = UpgradeRecord(id: id, customerID: new.customer, from: new.from, to: new.to, workflowID: pinned.workflowID,
                                        definitionHash: hash, status: .active, startedAt: startedAt, finishedAt: nil, eventCount: 0)
            var initial = UpgradeState()
            var positions: [String: Int] = [:]
            for (position, stage) in new.stages.enumerated() {
                positions[stage] = position
                initial.stages[stage] = StageState()
                try await connection.query(PGWrites.upsertStage(upgrade: id, stage: stage, position: position, StageState()), logger: logger)
            }
            let after = try await append(outcome, to: upgrade, state: initial, positions: positions, on: connection)
            return (after, outcome.result)
        }
    }

    /// Applies a change in one transaction: locks the customer's active upgrade row
    /// (`SELECT … FOR UPDATE`: a concurrent change of the same upgrade waits here), then reads
    /// the customer, the pinned definition and the state, calls `step` once and writes what it
    /// returns. The pinned text is read only when it is not a built-in workflow's (the join
    /// cost the server a third of the locked read's planning).
    public func change<Result: Sendable>(customer id: String, _ step: @Sendable (LockedUpgrade) throws -> ChangeOutcome<Result>)
        async throws -> Result {
        try await transaction { connection in
            // The active upgrade's row locked, with its customer: one round trip.
            guard let row = try await rows("""
                SELECT \(unescaped: PGRows.upgradeColumns), \(unescaped: PGRows.qualifiedCustomerColumns)
                FROM upgrade JOIN customer ON customer.id = upgrade.customer_id
                WHERE upgrade.customer_id = \(id) AND upgrade.status = 'active'
                FOR UPDATE OF upgrade
                """, on: connection).first else {
                guard try await rows("SELECT 1 FROM customer WHERE id = \(id)", on: connection).isEmpty else {
                    throw StoreError.noUpgrade(customer: id)
                }
                throw try await unknownCustomer(id, on: connection)
            }
            let upgrade = try PGRows.upgrade(row)
            let customer = try PGRows.customer(row, at: 10)
            let definition: PinnedDefinition
            if let builtin = PinnedDefinition.builtin(hash: upgrade.definitionHash) {
                definition = builtin
            } else if let stored = try await fetchDefinition(upgrade.definitionHash, on: connection) {
                definition = stored
            } else {
                throw StoreError.missingDefinition(hash: upgrade.definitionHash, upgrade: upgrade.id)
            }
            let (state, positions) = try await fetchState(upgrade.id, on: connection)
            let outcome = try step(LockedUpgrade(customer: customer, upgrade: upgrade, definition: definition, state: state))
            if !outcome.events.isEmpty {
                _ = try await append(outcome, to: upgrade, state: state, positions: positions, on: connection)
            }
            return outcome.result
        }
    }

    // MARK: Writing events and state

    /// Appends the outcome's events after the upgrade's last one and writes what its folded
    /// state changed from `before`; marks the upgrade cancelled when a `cancel` event is among
    /// them, else finished when every stage is (the customer's LTS becomes the target).
    func append<Result>(_ outcome: ChangeOutcome<Result>, to upgrade: UpgradeRecord, state before: UpgradeState,
                        positions: [String: Int], on connection: PostgresConnection) async throws -> UpgradeRecord {
        var upgrade = upgrade
        let state = outcome.state
        if !outcome.events.isEmpty {
            try await connection.query(PGChangeWrites.events(outcome.events, upgrade: upgrade.id, after: upgrade.eventCount), logger: logger)
            upgrade.eventCount += outcome.events.count
        }
        var positions = positions
        var stages: [(id: String, position: Int, state: StageState)] = []
        for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) where before.stages[id] != stage {
            let position = positions[id] ?? ((positions.values.max() ?? -1) + 1)
            positions[id] = position
            stages.append((id, position, stage))
        }
        var setFacts: [(key: String, value: String)] = []
        var removedFacts: [String] = []
        for key in Set(before.facts.keys).union(state.facts.keys).sorted() where before.facts[key] != state.facts[key] {
            if let value = state.facts[key] { setFacts.append((key, value)) } else { removedFacts.append(key) }
        }
        var closedOut = false
        if let cancel = outcome.events.last(where: { $0.verb == .cancel }) {
            upgrade.status = .cancelled
            upgrade.finishedAt = StoreDate.normalized(cancel.at)
        } else if state.isFinished, let last = outcome.events.last {
            upgrade.status = .finished
            upgrade.finishedAt = StoreDate.normalized(last.at)
            // Closed out: the customer now runs the target.
            closedOut = true
        }
        // The rest (state, the upgrade's row, its kept blockers) in one statement.
        try await connection.query(PGChangeWrites.rest(upgrade: upgrade, stages: stages, setFacts: setFacts, removedFacts: removedFacts,
                                                       closedOut: closedOut, appendedEvents: !outcome.events.isEmpty,
                                                       keeping: outcome.blockers), logger: logger)
        return upgrade
    }

    // MARK: Shared queries

    func activeUpgrade(_ customer: String, lock: Bool, on connection: PostgresConnection) async throws -> UpgradeRecord? {
        let query: PostgresQuery = lock
            ? "SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade WHERE customer_id = \(customer) AND status = 'active' FOR UPDATE"
            : "SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade WHERE customer_id = \(customer) AND status = 'active'"
        return try await rows(query, on: connection).first.map { try PGRows.upgrade($0) }
    }

    func fetchDefinition(_ hash: String, on connection: PostgresConnection) async throws -> PinnedDefinition? {
        guard let row = try await rows("SELECT workflow_id, version, yaml FROM definition WHERE hash = \(hash)", on: connection).first else {
            return nil
        }
        return PinnedDefinition(workflowID: try row.string(0), version: try row.int(1), hash: hash, yaml: try row.string(2))
    }

    /// The stored state of one upgrade, with each stage's position: its stages and facts in
    /// one query (a fact row has kind 1 and its key and value after the stage columns).
    func fetchState(_ upgrade: Int64, on connection: PostgresConnection) async throws -> (UpgradeState, positions: [String: Int]) {
        var state = UpgradeState()
        var positions: [String: Int] = [:]
        for row in try await rows("""
            SELECT 0, \(unescaped: PGRows.stageColumns), NULL::text, NULL::text FROM stage_state WHERE upgrade_id = \(upgrade)
            UNION ALL
            SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, fact.key, fact.value
            FROM fact WHERE upgrade_id = \(upgrade)
            """, on: connection) {
            if try row.int(0) == 1 {
                state.facts[try row.string(14)] = try row.string(15)
            } else {
                let stage = try PGRows.stage(row, at: 1)
                state.stages[stage.id] = stage.state
                positions[stage.id] = stage.position
            }
        }
        return (state, positions)
    }

    func unknownCustomer(_ id: String, on connection: PostgresConnection) async throws -> StoreError {
        let ids = try await rows("SELECT id FROM customer ORDER BY id COLLATE \"C\"", on: connection).map { try $0.string(0) }
        return .unknownCustomer(id, suggestions: Suggestions.closest(to: id, among: ids))
    }
}
#endif
