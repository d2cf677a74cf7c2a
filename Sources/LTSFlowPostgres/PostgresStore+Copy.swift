#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

extension PostgresStore {
    public func isEmpty() async throws(StoreError) -> Bool {
        try await read { connection in try await rows("SELECT 1 FROM customer LIMIT 1", on: connection).isEmpty }
    }

    /// The cluster's current transaction snapshot (`txid_current_snapshot()`: the next
    /// transaction id and those in progress), which moves whenever a transaction that writes
    /// starts or commits, in this database or another of the cluster.
    public func changeToken() async throws(StoreError) -> String {
        try await read { connection in
            try await rows("SELECT txid_current_snapshot()::text", on: connection).first?.string(0) ?? ""
        }
    }

    /// Writes a copied database in one transaction, many rows per statement, each upgrade under
    /// its own id (the identity then continues after the highest). The events keep their
    /// original actors: the copy mode of the audit trail, which only the owner of the tables
    /// may use (docs/team.md). The blockers decided at the copy are kept beside each active
    /// upgrade, as a change keeps them. The tables are analyzed before the commit.
    public func importCopy(_ copy: StoreCopy) async throws {
        var workflows: [String: WorkflowDefinition] = [:]
        for pinned in copy.definitions {
            guard PinnedDefinition.hash(of: pinned.yaml) == pinned.hash else {
                throw StoreError.definitionHashMismatch(workflow: pinned.workflowID, pinned: pinned.hash)
            }
            workflows[pinned.hash] = try definitions.definition(hash: pinned.hash, yaml: pinned.yaml)
        }
        try await asOwner { try await transaction { connection in
            try await connection.query("SET LOCAL ltsflow.copy = 'on'", logger: logger)
            guard try await rows("SELECT 1 FROM customer LIMIT 1 FOR UPDATE", on: connection).isEmpty else {
                throw StoreError.notEmpty(target.description)
            }
            try await PGCells.insert("customer", PGCells.customerColumns, copy.customers.map(PGCells.customer), store: self, on: connection)
            for pinned in copy.definitions { try await connection.query(PGWrites.insertDefinition(pinned), logger: logger) }
            var upgrades: [[PGCell]] = [], events: [[PGCell]] = [], stages: [[PGCell]] = [], facts: [[PGCell]] = [], kept: [[PGCell]] = []
            for upgrade in copy.upgrades {
                let r = upgrade.record
                upgrades.append([.int(r.id), .text(r.customerID), .text(r.from), .text(r.to), .text(r.workflowID), .text(r.definitionHash),
                                 .text(r.status.rawValue), .date(r.startedAt), .date(r.finishedAt), .int(Int64(upgrade.events.count))])
                for (index, event) in upgrade.events.enumerated() { events.append(PGCells.event(r.id, index + 1, event)) }
                guard let workflow = workflows[r.definitionHash] else { throw StoreError.missingDefinition(hash: r.definitionHash, upgrade: r.id) }
                let (state, positions) = StoreCopy.folded(upgrade, workflow: workflow)
                for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) {
                    stages.append(PGCells.stage(r.id, id, positions[id] ?? 0, stage))
                }
                for (key, value) in state.facts.sorted(by: { $0.key < $1.key }) { facts.append([.int(r.id), .text(key), .text(value)]) }
                if r.status == .active, let blockers = upgrade.blockers {
                    kept.append(PGKept.cells(r.id, eventCount: upgrade.events.count, blockers))
                }
            }
            try await PGCells.insert("upgrade", ["id", "customer_id", "from_lts", "to_lts", "workflow_id", "definition_hash", "status",
                                                 "started_at", "finished_at", "event_count"], upgrades, store: self, on: connection)
            try await PGCells.insert("event", PGCells.eventColumns, events, store: self, on: connection)
            try await PGCells.insert("stage_state", PGCells.stageColumns, stages, store: self, on: connection)
            try await PGCells.insert("fact", ["upgrade_id", "key", "value"], facts, store: self, on: connection)
            try await PGCells.insert("blocker_snapshot", PGKept.columns, kept, store: self, on: connection)
            try await connection.query("""
                SELECT setval(pg_get_serial_sequence('upgrade', 'id'), coalesce((SELECT max(id) FROM upgrade), 0) + 1, false)
                """, logger: logger)
            // The planner's statistics of the tables just filled (it would otherwise plan for the
            // empty tables until autovacuum's next pass: `blocked` at 10,000 customers took 50 ms
            // in the server instead of 12). The owner runs a copy, and ANALYZE in this transaction
            // counts its own rows.
            try await connection.query("ANALYZE customer, upgrade, event, stage_state, fact, blocker_snapshot", logger: logger)
        } }
    }
}
#endif
