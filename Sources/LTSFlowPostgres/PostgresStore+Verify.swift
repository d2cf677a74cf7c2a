#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

extension PostgresStore {
    /// Checks the whole database from one snapshot, as ``SQLiteStore`` does: every pinned text
    /// against its hash, then every upgrade's history and state (``HistoryCheck``). Writes nothing.
    public func verify() async throws(StoreError) -> [String] {
        try await read { connection in
            var problems: [String] = []
            var workflows: [String: WorkflowDefinition] = [:]
            for row in try await rows("SELECT hash, workflow_id, yaml FROM definition ORDER BY hash", on: connection) {
                let hash = try row.string(0), id = try row.string(1), yaml = try row.string(2)
                if PinnedDefinition.hash(of: yaml) != hash {
                    problems.append("the pinned definition \(id) \(hash.prefix(12)) was changed: its text no longer matches its hash")
                }
                do {
                    workflows[hash] = try definitions.definition(hash: hash, yaml: yaml)
                } catch let error as DefinitionError {
                    problems.append("the pinned definition \(id) \(hash.prefix(12)) does not load, so its upgrades cannot be replayed: "
                        + error.diagnostics.map(\.message).joined(separator: "; "))
                }
            }
            var stored: [Int64: UpgradeState] = [:]
            for row in try await rows("SELECT \(unescaped: PGRows.stageColumns) FROM stage_state", on: connection) {
                let stage = try PGRows.stage(row)
                stored[stage.upgrade, default: UpgradeState()].stages[stage.id] = stage.state
            }
            for row in try await rows("SELECT upgrade_id, key, value FROM fact", on: connection) {
                stored[try row.int64(0), default: UpgradeState()].facts[try row.string(1)] = try row.string(2)
            }
            var events: [Int64: [StoredEvent]] = [:]
            for row in try await rows("SELECT \(unescaped: PGRows.eventColumns) FROM event ORDER BY upgrade_id, sequence", on: connection) {
                let event = try PGRows.event(row)
                events[event.upgradeID, default: []].append(event)
            }
            for row in try await rows("SELECT \(unescaped: PGRows.upgradeColumns) FROM upgrade ORDER BY id", on: connection) {
                let upgrade = try PGRows.upgrade(row)
                problems += HistoryCheck.problems(upgrade, events: events[upgrade.id] ?? [], stored: stored[upgrade.id] ?? UpgradeState(),
                                                  workflow: workflows[upgrade.definitionHash])
            }
            return problems
        }
    }
}
#endif
