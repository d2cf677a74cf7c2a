import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

extension SQLiteStore {
    public func isEmpty() async throws(StoreError) -> Bool {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM customer") == 0 }
    }

    /// `PRAGMA data_version` (changes when another connection, in any process, commits) and
    /// `total_changes()` (the rows this connection changed): together they move with every commit.
    public func changeToken() async throws(StoreError) -> String {
        try await read { db in
            let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            let changes = try Int.fetchOne(db, sql: "SELECT total_changes()") ?? 0
            return "\(version).\(changes)"
        }
    }

    /// Writes a copied database in one `BEGIN IMMEDIATE` transaction: every row as it was, each
    /// upgrade under its own id, its stage and fact rows folded from its events.
    public func importCopy(_ copy: StoreCopy) async throws {
        var workflows: [String: WorkflowDefinition] = [:]
        for pinned in copy.definitions {
            guard PinnedDefinition.hash(of: pinned.yaml) == pinned.hash else {
                throw StoreError.definitionHashMismatch(workflow: pinned.workflowID, pinned: pinned.hash)
            }
            workflows[pinned.hash] = try definitions.definition(hash: pinned.hash, yaml: pinned.yaml)
        }
        let parsed = workflows
        let name = path
        try await writeImmediate { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM customer") == 0 else { throw StoreError.notEmpty(name) }
            for customer in copy.customers {
                try db.execute(sql: "INSERT INTO customer (\(CustomerRow.selection)) VALUES (\(CustomerRow.placeholders))",
                               arguments: CustomerRow.arguments(customer))
            }
            for pinned in copy.definitions {
                try db.execute(sql: "INSERT INTO definition (hash, workflow_id, version, yaml) VALUES (?, ?, ?, ?)",
                               arguments: [pinned.hash, pinned.workflowID, pinned.version, pinned.yaml])
            }
            let addEvent = try db.cachedStatement(sql: EventRow.insertSQL)
            let addStage = try db.cachedStatement(sql: StageStateRow.upsertSQL)
            for upgrade in copy.upgrades {
                let r = upgrade.record
                try db.execute(sql: """
                    INSERT INTO upgrade (id, customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at,
                                         finished_at, event_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [r.id, r.customerID, r.from, r.to, r.workflowID, r.definitionHash, r.status.rawValue,
                                     StoreDate.text(r.startedAt), r.finishedAt.map(StoreDate.text), upgrade.events.count])
                for (index, event) in upgrade.events.enumerated() {
                    try addEvent.execute(arguments: EventRow.arguments(upgrade: r.id, sequence: index + 1, event))
                }
                guard let workflow = parsed[r.definitionHash] else { throw StoreError.missingDefinition(hash: r.definitionHash, upgrade: r.id) }
                let (state, positions) = StoreCopy.folded(upgrade, workflow: workflow)
                for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) {
                    try addStage.execute(arguments: StageStateRow.arguments(upgrade: r.id, stage: id, position: positions[id] ?? 0, stage))
                }
                for (key, value) in state.facts.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO fact (upgrade_id, key, value) VALUES (?, ?, ?)", arguments: [r.id, key, value])
                }
                if r.status == .active, let blockers = upgrade.blockers {
                    try keep(db, blockers, upgrade: r.id, eventCount: upgrade.events.count)
                }
            }
        }
    }
}
