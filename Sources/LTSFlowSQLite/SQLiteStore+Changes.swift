import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

extension SQLiteStore {
    /// Opens an upgrade in one `BEGIN IMMEDIATE` transaction: pins the definition (stored once per
    /// hash), creates every stage as pending at its workflow position, then appends the events
    /// and writes the state and blockers `step` returns.
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``,
    ///   ``StoreError/activeUpgradeExists(customer:from:to:)``, or what `step` throws; nothing is
    ///   written then.
    public func beginUpgrade<Result: Sendable>(_ new: NewUpgrade, _ step: @Sendable (Customer) throws -> ChangeOutcome<Result>)
        async throws -> (upgrade: UpgradeRecord, result: Result) {
        let pinned = new.definition
        let hash = PinnedDefinition.hash(of: pinned.yaml)
        guard hash == pinned.hash else { throw StoreError.definitionHashMismatch(workflow: pinned.workflowID, pinned: pinned.hash) }
        return try await writeImmediate { db in
            let customer = try customerInTransaction(db, id: new.customer)
            if let active = try activeUpgrade(db, customer: new.customer) {
                throw StoreError.activeUpgradeExists(customer: new.customer, from: active.from, to: active.to)
            }
            let outcome = try step(customer)
            guard let first = outcome.events.first else { throw StoreError.emptyOpening }
            try db.execute(sql: """
                INSERT INTO definition (hash, workflow_id, version, yaml) VALUES (?, ?, ?, ?)
                ON CONFLICT (hash) DO NOTHING
                """, arguments: [hash, pinned.workflowID, pinned.version, pinned.yaml])
            let startedAt = StoreDate.normalized(first.at)
            try db.execute(sql: """
                INSERT INTO upgrade (customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at, event_count)
                VALUES (?, ?, ?, ?, ?, 'active', ?, 0)
                """, arguments: [new.customer, new.from, new.to, pinned.workflowID, hash, StoreDate.text(startedAt)])
            let upgrade = UpgradeRecord(id: db.lastInsertedRowID, customerID: new.customer, from: new.from, to: new.to,
                                        workflowID: pinned.workflowID, definitionHash: hash, status: .active, startedAt: startedAt,
                                        finishedAt: nil, eventCount: 0)
            var initial = UpgradeState()
            var positions: [String: Int] = [:]
            for (position, stage) in new.stages.enumerated() {
                positions[stage] = position
                initial.stages[stage] = StageState()
                try db.cachedStatement(sql: StageStateRow.upsertSQL).execute(
                    arguments: StageStateRow.arguments(upgrade: upgrade.id, stage: stage, position: position, StageState()))
            }
            let after = try append(db, outcome, to: upgrade, state: initial, positions: positions)
            return (after, outcome.result)
        }
    }

    /// Applies a change to the customer's active upgrade in one `BEGIN IMMEDIATE` transaction.
    ///
    /// Reads the customer, the active upgrade, its pinned definition and its state; calls `step`
    /// once; appends the events it returns with the next sequence numbers; writes only the stage
    /// and fact rows of its state that changed; keeps its blockers; and marks the upgrade
    /// finished when every stage is done or skipped.
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``, ``StoreError/noUpgrade(customer:)``,
    ///   or what `step` throws (the engine's refusal); nothing is written then.
    public func change<Result: Sendable>(customer id: String, _ step: @Sendable (LockedUpgrade) throws -> ChangeOutcome<Result>)
        async throws -> Result {
        try await writeImmediate { db in
            let customer = try customerInTransaction(db, id: id)
            guard let upgrade = try activeUpgrade(db, customer: id) else { throw StoreError.noUpgrade(customer: id) }
            guard let definition = try fetchDefinition(db, hash: upgrade.definitionHash) else {
                throw StoreError.missingDefinition(hash: upgrade.definitionHash, upgrade: upgrade.id)
            }
            let (state, positions) = try fetchState(db, upgrade: upgrade.id)
            let outcome = try step(LockedUpgrade(customer: customer, upgrade: upgrade, definition: definition, state: state))
            if !outcome.events.isEmpty {
                _ = try append(db, outcome, to: upgrade, state: state, positions: positions)
            }
            return outcome.result
        }
    }

    /// Writes every history in one `BEGIN IMMEDIATE` transaction, each row once: the customer,
    /// the pinned definition (once per hash), the upgrade, its events, and the stage and fact
    /// rows of the state its events fold to — the rows ``beginUpgrade(customer:from:to:definition:_:)``
    /// and ``change(customer:_:)`` would have left, one change after another: the same events
    /// with the same sequence numbers, stages at their workflow position, the upgrade finished
    /// at its last event when every stage is done or skipped.
    public func importHistories(_ histories: [ImportedHistory]) async throws {
        let workflows = try definitions.workflows(of: histories)
        try await writeImmediate { db in
            var stored = Set<String>()
            let addCustomer = try db.cachedStatement(sql: "INSERT INTO customer (\(CustomerRow.selection)) VALUES (\(CustomerRow.placeholders))")
            let addUpgrade = try db.cachedStatement(sql: """
                INSERT INTO upgrade (customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at,
                                     finished_at, event_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            // Each upgrade's events, stages and facts a few statements at a time (the upgrade is
            // new: no stage or fact row of it exists to conflict with).
            var addEvents = ManyRowsInsert(table: "event", columns: EventRow.columns)
            var addStages = ManyRowsInsert(table: "stage_state", columns: StageStateRow.columns)
            var addFacts = ManyRowsInsert(table: "fact", columns: ["upgrade_id", "key", "value"])
            var values: [(any DatabaseValueConvertible)?] = []
            let findCustomer = try db.cachedStatement(sql: "SELECT 1 FROM customer WHERE id = ?")
            for history in histories {
                let customer = history.customer
                if try Int.fetchOne(findCustomer, arguments: [customer.id]) != nil { throw StoreError.customerExists(customer.id) }
                try addCustomer.execute(arguments: CustomerRow.arguments(customer))
                let pinned = history.definition
                let events = history.changes.joined().map { event in
                    var event = event
                    event.at = StoreDate.normalized(event.at)
                    return event
                }
                guard let workflow = workflows[pinned.hash], let first = events.first, let last = events.last else { continue }
                if stored.insert(pinned.hash).inserted {
                    try db.execute(sql: """
                        INSERT INTO definition (hash, workflow_id, version, yaml) VALUES (?, ?, ?, ?)
                        ON CONFLICT (hash) DO NOTHING
                        """, arguments: [pinned.hash, pinned.workflowID, pinned.version, pinned.yaml])
                }
                var state = UpgradeState(definition: workflow)
                for event in events { state.apply(event) }
                let cancel = events.last { $0.verb == .cancel }
                let finished = cancel == nil && state.isFinished
                let status: UpgradeStatus = cancel != nil ? .cancelled : finished ? .finished : .active
                try addUpgrade.execute(arguments: [
                    customer.id, history.from, history.to, pinned.workflowID, pinned.hash, status.rawValue, StoreDate.text(first.at),
                    (cancel ?? (finished ? last : nil)).map { StoreDate.text($0.at) }, events.count,
                ])
                let upgradeID = db.lastInsertedRowID
                if finished {
                    try db.cachedStatement(sql: "UPDATE customer SET lts = ? WHERE id = ?").execute(arguments: [history.to, customer.id])
                }
                values.removeAll(keepingCapacity: true)
                for (index, event) in events.enumerated() {
                    EventRow.append(upgrade: upgradeID, sequence: index + 1, event, to: &values)
                }
                try addEvents.insert(db, values)
                // Positions as `beginUpgrade` and `append` give them: workflow order, then any
                // other stage after the last, in id order.
                var positions: [String: Int] = [:]
                for (position, stage) in workflow.stages.enumerated() { positions[stage.id] = position }
                values.removeAll(keepingCapacity: true)
                for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) {
                    let position = positions[id] ?? ((positions.values.max() ?? -1) + 1)
                    positions[id] = position
                    StageStateRow.append(upgrade: upgradeID, stage: id, position: position, stage, to: &values)
                }
                try addStages.insert(db, values)
                values.removeAll(keepingCapacity: true)
                for (key, value) in state.facts.sorted(by: { $0.key < $1.key }) {
                    values += [upgradeID, key, value]
                }
                try addFacts.insert(db, values)
                if status == .active, let blockers = history.blockers {
                    try keep(db, blockers, upgrade: upgradeID, eventCount: events.count)
                }
            }
        }
    }

    // MARK: Writing events and state

    /// Appends the outcome's events after the upgrade's last one and writes what its folded
    /// state changed from `before`: stage rows, fact rows, the event count and, when every
    /// stage is finished, the upgrade's status; then keeps its blockers (none once finished).
    func append<Result>(_ db: Database, _ outcome: ChangeOutcome<Result>, to upgrade: UpgradeRecord, state before: UpgradeState,
                                positions: [String: Int]) throws -> UpgradeRecord {
        var upgrade = upgrade
        let state = outcome.state
        let insert = try db.cachedStatement(sql: EventRow.insertSQL)
        for event in outcome.events {
            upgrade.eventCount += 1
            try insert.execute(arguments: EventRow.arguments(upgrade: upgrade.id, sequence: upgrade.eventCount, event))
        }

        var positions = positions
        let upsert = try db.cachedStatement(sql: StageStateRow.upsertSQL)
        for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) where before.stages[id] != stage {
            let position = positions[id] ?? ((positions.values.max() ?? -1) + 1)
            positions[id] = position
            try upsert.execute(arguments: StageStateRow.arguments(upgrade: upgrade.id, stage: id, position: position, stage))
        }
        for key in Set(before.facts.keys).union(state.facts.keys).sorted() where before.facts[key] != state.facts[key] {
            if let value = state.facts[key] {
                try db.cachedStatement(sql: """
                    INSERT INTO fact (upgrade_id, key, value) VALUES (?, ?, ?)
                    ON CONFLICT (upgrade_id, key) DO UPDATE SET value = excluded.value
                    """).execute(arguments: [upgrade.id, key, value])
            } else {
                try db.cachedStatement(sql: "DELETE FROM fact WHERE upgrade_id = ? AND key = ?").execute(arguments: [upgrade.id, key])
            }
        }

        if let cancel = outcome.events.last(where: { $0.verb == .cancel }) {
            upgrade.status = .cancelled
            upgrade.finishedAt = StoreDate.normalized(cancel.at)
        } else if state.isFinished, let last = outcome.events.last {
            upgrade.status = .finished
            upgrade.finishedAt = StoreDate.normalized(last.at)
            // Closed out: the customer now runs the target.
            try db.cachedStatement(sql: "UPDATE customer SET lts = ? WHERE id = ?").execute(arguments: [upgrade.to, upgrade.customerID])
        }
        try db.cachedStatement(sql: "UPDATE upgrade SET event_count = ?, status = ?, finished_at = ? WHERE id = ?")
            .execute(arguments: [upgrade.eventCount, upgrade.status.rawValue, upgrade.finishedAt.map(StoreDate.text), upgrade.id])
        if upgrade.status == .active, let blockers = outcome.blockers {
            try keep(db, blockers, upgrade: upgrade.id, eventCount: upgrade.eventCount)
        } else {
            try db.cachedStatement(sql: "DELETE FROM blocker_snapshot WHERE upgrade_id = ?").execute(arguments: [upgrade.id])
        }
        return upgrade
    }

    // MARK: Kept blockers

    /// Writes the row of `blocker_snapshot` that ties `snapshot` to the upgrade's event count
    /// and the rules of this build.
    func keep(_ db: Database, _ snapshot: BlockerSnapshot, upgrade: Int64, eventCount: Int) throws {
        let validity = KeptSpan.milliseconds(snapshot.validity)
        try db.cachedStatement(sql: BlockerSnapshotRow.upsertSQL).execute(arguments: [
            upgrade, eventCount, UpgradeMachine.blockerRules, validity.decidedAt, validity.until,
            Data(BlockerSnapshotCoding.encode(snapshot.blockers)),
        ])
    }

    // MARK: Shared queries

    func activeUpgrade(_ db: Database, customer: String) throws -> UpgradeRecord? {
        try UpgradeRow.fetchOne(db, sql: "SELECT \(UpgradeRow.selection) FROM upgrade WHERE customer_id = ? AND status = 'active'",
                                arguments: [customer])?.upgrade
    }

    func fetchDefinition(_ db: Database, hash: String) throws -> PinnedDefinition? {
        guard let row = try Row.fetchOne(db, sql: "SELECT workflow_id, version, yaml FROM definition WHERE hash = ?",
                                         arguments: [hash]) else { return nil }
        return PinnedDefinition(workflowID: row[0], version: row[1], hash: hash, yaml: row[2])
    }

    /// The stored state of one upgrade, with each stage's position.
    func fetchState(_ db: Database, upgrade: Int64) throws -> (UpgradeState, positions: [String: Int]) {
        var state = UpgradeState()
        var positions: [String: Int] = [:]
        let rows = try StageStateRow.fetchCursor(
            db, sql: "SELECT \(StageStateRow.selection) FROM stage_state WHERE upgrade_id = ?", arguments: [upgrade])
        while let row = try rows.next() {
            state.stages[row.stageID] = row.state
            positions[row.stageID] = row.position
        }
        let facts = try Row.fetchCursor(db, sql: "SELECT key, value FROM fact WHERE upgrade_id = ?", arguments: [upgrade])
        while let row = try facts.next() {
            state.facts[row[0]] = row[1] as String
        }
        return (state, positions)
    }
}
