import Foundation
import LTSFlowEngine

/// What `doctor` checks of one upgrade, whatever the backend: its event sequence has no gap,
/// its event count and status match (`cancelled` exactly when its history has a `cancel`
/// event, else `finished` exactly when every stage is done or skipped), and its stored state
/// equals the replay of its events with its pinned definition. One sentence per problem.
public enum HistoryCheck {
    /// The problems of one upgrade, in words.
    public static func problems(_ upgrade: UpgradeRecord, events: [StoredEvent], stored: UpgradeState,
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
                problems.append("\(name): stage \(id) is stored as \(describe(mine)) but its events replay to "
                    + "\(describe(theirs))" + differences(mine, theirs))
            case (nil, let theirs?):
                problems.append("\(name): stage \(id) has no stored state; its events replay to \(describe(theirs))")
            case (let mine?, nil):
                problems.append("\(name): stage \(id) is stored as \(describe(mine)) but is not in its workflow")
            default:
                break
            }
        }
        for key in Set(stored.facts.keys).union(replayed.facts.keys).sorted() where stored.facts[key] != replayed.facts[key] {
            problems.append("\(name): fact \(key) is stored as \(quoted(stored.facts[key])) but its events replay to "
                + quoted(replayed.facts[key]))
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
}
