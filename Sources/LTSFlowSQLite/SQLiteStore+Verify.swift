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
                problems += check(upgrade, events: eventsByUpgrade[upgrade.id] ?? [], stored: stored[upgrade.id] ?? UpgradeState(),
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

    /// The problems of one upgrade, in words.
    private func check(_ upgrade: UpgradeRecord, events: [StoredEvent], stored: UpgradeState,
                       workflow: WorkflowDefinition?) -> [String] {
        let name = "\(upgrade.customerID), upgrade \(upgrade.id) (LTS \(upgrade.from) → \(upgrade.to))"
        var problems: [String] = []
        var expected = 1
        for event in events {
            if event.sequence > expected {
                let missing = event.sequence - expected == 1 ? "event \(expected) is" : "events \(expected)–\(event.sequence - 1) are"
                problems.append("\(name): its history jumps from event \(expected - 1) to \(event.sequence); \(missing) missing")
            }
            expected = event.sequence + 1
        }
        if events.count != upgrade.eventCount {
            problems.append("\(name): the upgrade records \(upgrade.eventCount) events but \(events.count) are stored")
        }
        let finished = !stored.stages.isEmpty && stored.stages.values.allSatisfy(\.status.isFinished)
        let cancelled = events.contains { $0.event.verb == .cancel }
        if cancelled != (upgrade.status == .cancelled) {
            problems.append("\(name): it is marked \(upgrade.status.rawValue) but its history "
                + (cancelled ? "ends with a cancel" : "has no cancel"))
        } else if !cancelled, finished != (upgrade.status == .finished) {
            problems.append("\(name): it is marked \(upgrade.status.rawValue) but "
                + (finished ? "every stage is done or skipped" : "some stages are not done or skipped"))
        }
        guard let workflow else { return problems }

        let replayed = UpgradeState.replay(events.map(\.event), definition: workflow)
        let order = workflow.stages.map(\.id)
        let extra = Set(stored.stages.keys).union(replayed.stages.keys).subtracting(order).sorted()
        for id in order + extra {
            switch (stored.stages[id], replayed.stages[id]) {
            case let (mine?, theirs?) where mine != theirs:
                problems.append("\(name): stage \(id) is stored as \(Self.describe(mine)) but its events replay to "
                    + "\(Self.describe(theirs))" + Self.differences(mine, theirs))
            case (nil, let theirs?):
                problems.append("\(name): stage \(id) has no stored state; its events replay to \(Self.describe(theirs))")
            case (let mine?, nil):
                problems.append("\(name): stage \(id) is stored as \(Self.describe(mine)) but is not in its workflow")
            default:
                break
            }
        }
        for key in Set(stored.facts.keys).union(replayed.facts.keys).sorted() where stored.facts[key] != replayed.facts[key] {
            problems.append("\(name): fact \(key) is stored as \(Self.quoted(stored.facts[key])) but its events replay to "
                + Self.quoted(replayed.facts[key]))
        }
        return problems
    }

    private static func describe(_ stage: StageState) -> String {
        stage.status.rawValue + (stage.since.map { " since \(StoreDate.text($0))" } ?? "")
    }

    /// The fields other than status and since that differ, as "; note: stored …, replayed …".
    private static func differences(_ mine: StageState, _ theirs: StageState) -> String {
        func date(_ value: Date?) -> String { value.map(StoreDate.text) ?? "none" }
        let fields: [(String, String, String)] = [
            ("started", date(mine.startedAt), date(theirs.startedAt)),
            ("finished", date(mine.finishedAt), date(theirs.finishedAt)),
            ("note", quoted(mine.note), quoted(theirs.note)),
            ("block owner", mine.blockOwner?.rawValue ?? "none", theirs.blockOwner?.rawValue ?? "none"),
            ("block ticket", mine.blockTicket ?? "none", theirs.blockTicket ?? "none"),
            ("resume status", mine.resumeStatus?.rawValue ?? "none", theirs.resumeStatus?.rawValue ?? "none"),
            ("forced", "\(mine.forced)", "\(theirs.forced)"),
            ("automatic", "\(mine.automatic)", "\(theirs.automatic)"),
        ]
        return fields.filter { $0.1 != $0.2 }.map { "; \($0.0): stored \($0.1), replayed \($0.2)" }.joined()
    }

    private static func quoted(_ text: String?) -> String {
        text.map { "'\($0)'" } ?? "none"
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
