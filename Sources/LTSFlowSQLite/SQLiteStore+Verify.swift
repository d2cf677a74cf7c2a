import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

extension SQLiteStore {
    /// Checks the whole database and returns one sentence per problem; empty when all is well.
    ///
    /// Runs SQLite's integrity and foreign-key checks, then, for every upgrade, replays its events
    /// with its pinned definition and compares the result with the stored state, stage by stage
    /// and fact by fact; reports gaps in event sequences, an event count that differs from the
    /// stored one, a status that does not match the stages, and pinned texts that do not match
    /// their hash. Reads one consistent snapshot; writes nothing.
    public func verify() async throws(StoreError) -> [String] {
        try await read { db in
            var problems: [String] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("SQLite integrity check: \(line)")
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
                problems.append("a row of \(table) (rowid \(rowid.map(String.init) ?? "none")) refers to a missing \(parent)")
            }

            let workflows = try verifiedDefinitions(db, problems: &problems)
            let upgrades = try UpgradeRow.fetchAll(db, sql: "SELECT \(UpgradeRow.selection) FROM upgrade ORDER BY id").map(\.upgrade)
            let stored = try storedStates(db, problems: &problems)
            var eventsByUpgrade: [Int64: [StoredEvent]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT \(EventRow.selection) FROM event ORDER BY upgrade_id, sequence")
            while let row = try rows.next() {
                do {
                    let event = try EventRow(row: row).stored
                    eventsByUpgrade[event.upgradeID, default: []].append(event)
                } catch {
                    problems.append(Self.problem(StoreError(error, path: path)))
                }
            }
            let known = Set(upgrades.map(\.id))
            for id in eventsByUpgrade.keys.sorted() where !known.contains(id) {
                problems.append("\(eventsByUpgrade[id]?.count ?? 0) events belong to upgrade \(id), which does not exist")
            }
            for upgrade in upgrades {
                problems += HistoryCheck.problems(upgrade, events: eventsByUpgrade[upgrade.id] ?? [], stored: stored[upgrade.id] ?? UpgradeState(),
                                  workflow: workflows[upgrade.definitionHash])
            }
            return problems
        }
    }

    /// The pinned definitions that load, by hash; a problem for each that does not, or whose
    /// text does not match its hash.
    private func verifiedDefinitions(_ db: Database, problems: inout [String]) throws -> [String: WorkflowDefinition] {
        var workflows: [String: WorkflowDefinition] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT hash, workflow_id, yaml FROM definition ORDER BY hash") {
            let hash: String = row[0], id: String = row[1], yaml: String = row[2]
            if PinnedDefinition.hash(of: yaml) != hash {
                problems.append("the pinned definition \(id) \(hash.prefix(12)) was changed: its text no longer matches its hash")
            }
            do {
                workflows[hash] = try definitions.definition(hash: hash, yaml: yaml)
            } catch {
                problems.append("the pinned definition \(id) \(hash.prefix(12)) does not load, so its upgrades cannot be replayed: "
                    + error.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        return workflows
    }

    /// Every upgrade's stored stages and facts.
    private func storedStates(_ db: Database, problems: inout [String]) throws -> [Int64: UpgradeState] {
        var states: [Int64: UpgradeState] = [:]
        let stages = try Row.fetchCursor(db, sql: "SELECT \(StageStateRow.selection) FROM stage_state")
        while let row = try stages.next() {
            do {
                let stage = try StageStateRow(row: row)
                states[stage.upgradeID, default: UpgradeState()].stages[stage.stageID] = stage.state
            } catch {
                problems.append(Self.problem(StoreError(error, path: path)))
            }
        }
        let facts = try Row.fetchCursor(db, sql: "SELECT upgrade_id, key, value FROM fact")
        while let row = try facts.next() {
            states[row[0], default: UpgradeState()].facts[row[1]] = row[2] as String
        }
        return states
    }

    /// A row doctor cannot read, as one of its problems.
    private static func problem(_ error: StoreError) -> String {
        switch error {
        case .unknownStoredValue(let what, let value): "the database holds an unknown value '\(value)' for the \(what)"
        case .invalidStoredJSON(let what, let text): "the \(what) is not valid JSON (\(text))"
        default: "a row cannot be read: \(error)"
        }
    }
}
