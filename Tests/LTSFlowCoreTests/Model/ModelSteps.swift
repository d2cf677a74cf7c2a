import Foundation

// The vocabulary shared by the reference model and the system under test: the steps a CSM
// takes, the answers they get and the state they can read back. Nothing here knows the engine.

/// One thing a person does: the verbs of docs/workflows.md ("The state machine") and the
/// customer commands.
enum Step: Sendable, Hashable, CustomStringConvertible {
    case addCustomer(zone: String, sandbox: Bool)
    case startUpgrade
    case start(String?)
    case complete(String?)
    case advance(String?)
    case block(String, reason: String)
    case unblock(String)
    case skip(String, reason: String)
    case reopen(String?, reason: String)
    case force(String, reason: String)
    /// Facts by key; an empty value removes the fact.
    case set([Assignment])
    case editZone(String)
    /// `HH:MM-HH:MM`, or empty for the standard window.
    case editWindow(String)
    case editSandbox(Bool)

    struct Assignment: Sendable, Hashable, CustomStringConvertible {
        var key: String
        var value: String
        var description: String { "\(key)=\(value)" }
    }

    /// The kind of step, for the coverage tally.
    var name: String {
        switch self {
        case .addCustomer: "customer add"
        case .startUpgrade: "upgrade start"
        case .start: "start"
        case .complete: "complete"
        case .advance: "advance"
        case .block: "block"
        case .unblock: "unblock"
        case .skip: "skip"
        case .reopen: "reopen"
        case .force: "force"
        case .set: "set"
        case .editZone: "edit zone"
        case .editWindow: "edit window"
        case .editSandbox: "edit sandbox"
        }
    }

    var description: String {
        switch self {
        case .addCustomer(let zone, let sandbox): "customer add --zone \(zone) --sandbox \(sandbox ? "purchased" : "none")"
        case .startUpgrade: "upgrade start"
        case .start(let stage): "start \(stage ?? "(only stage)")"
        case .complete(let stage): "complete \(stage ?? "(only stage)")"
        case .advance(let stage): "advance \(stage ?? "(only stage)")"
        case .block(let stage, let reason): "block \(stage) --reason '\(reason)'"
        case .unblock(let stage): "unblock \(stage)"
        case .skip(let stage, let reason): "skip \(stage) --reason '\(reason)'"
        case .reopen(let stage, let reason): "reopen \(stage ?? "(last done)") --reason '\(reason)'"
        case .force(let stage, let reason): "force \(stage) --reason '\(reason)'"
        case .set(let assignments): "set \(assignments.map(\.description).joined(separator: " "))"
        case .editZone(let zone): "customer edit --zone \(zone)"
        case .editWindow(let window): "customer edit --window '\(window)'"
        case .editSandbox(let purchased): "customer edit --sandbox \(purchased ? "purchased" : "none")"
        }
    }
}

/// What a person is told: done, or refused for a reason of some kind.
enum Answer: Sendable, Hashable, CustomStringConvertible {
    case accepted
    case refused(Refusal)

    var description: String {
        switch self {
        case .accepted: "accepted"
        case .refused(let refusal): "refused: \(refusal)"
        }
    }
}

/// The kinds of refusal the state machine and the rules of issue 13 describe. The sentences themselves are the edges'
/// business; the model predicts the kind, the stage named and how many reasons are given
/// ("every failing guard's sentence, one per line").
enum Refusal: Sendable, Hashable, CustomStringConvertible {
    case unknownStage
    case unknownFact
    case badValue
    case missingReason
    /// The verb cannot move the stage now: its status, or its failing guards (one reason each).
    case notNow(stage: String?, reasons: Int)
    /// Issue 13: the change would make a guard of a done stage fail, or a recorded fact is later than
    /// today, or a local time falls in a clock change's gap or fold.
    case rule
    case noUpgrade
    case upgradeUnderWay
    /// A customer value that is not valid (zone, window).
    case badInput
    /// An error the model has no kind for (the adapter keeps its text).
    case unexpected(String)

    var description: String {
        switch self {
        case .notNow(let stage, let reasons): "not now (stage \(stage ?? "none"), \(reasons) reason\(reasons == 1 ? "" : "s"))"
        case .unexpected(let text): "unexpected error: \(text)"
        case .unknownStage: "unknown stage"
        case .unknownFact: "unknown fact"
        case .badValue: "bad value"
        case .missingReason: "missing reason"
        case .rule: "every-moment rule"
        case .noUpgrade: "no active upgrade"
        case .upgradeUnderWay: "an upgrade is under way"
        case .badInput: "bad customer value"
        }
    }
}

/// Where the stages of the customer's active (or last) upgrade stand, as a status shows them.
struct Snapshot: Sendable, Hashable, CustomStringConvertible {
    enum Upgrade: String, Sendable, Hashable { case none, active, finished }
    var upgrade: Upgrade
    /// Stage id → status name (`pending`, `ready`, `active`, `blocked`, `done`, `skipped`).
    var stages: [String: String]
    /// Fact key → canonical text.
    var facts: [String: String]

    var description: String {
        let stages = ModelWorkflow.stageIDs.map { "\($0)=\(self.stages[$0] ?? "-")" }.joined(separator: " ")
        let facts = self.facts.keys.sorted().map { "\($0)=\(self.facts[$0]!)" }.joined(separator: " ")
        return "upgrade \(upgrade.rawValue) | \(stages) | facts: \(facts.isEmpty ? "none" : facts)"
    }
}

/// One event of an upgrade's history, in the terms the model predicts.
struct HistoryEvent: Sendable, Hashable, Comparable, CustomStringConvertible {
    var at: Date
    var stage: String?
    var verb: String
    var from: String?
    var to: String?
    /// The reason a person gave (block, skip, reopen, force); nil for automatic steps.
    var note: String?
    /// Facts for `set` (an empty value removes the fact); empty otherwise.
    var facts: [String: String]

    var description: String {
        let move = from.map { " \($0)→\(to ?? "?")" } ?? ""
        let facts = self.facts.isEmpty ? "" : " " + self.facts.keys.sorted().map { "\($0)=\(self.facts[$0]!)" }.joined(separator: ",")
        return "\(ISO8601DateFormatter().string(from: at)) \(verb) \(stage ?? "-")\(move)\(note.map { " '\($0)'" } ?? "")\(facts)"
    }

    static func < (lhs: HistoryEvent, rhs: HistoryEvent) -> Bool { lhs.description < rhs.description }
}
