import Foundation

/// Why a stage cannot move, and who it waits on. Guards never answer a bare "no".
public struct Blocker: Sendable, Hashable, Codable {
    /// Where a blocker comes from.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A person blocked the stage.
        case manual
        /// A guard of the workflow fails.
        case `guard`
        /// The stage has been open longer than its expected duration.
        case overdue
        /// The stage waits for a scheduled instant that has not come yet (``Blocker/until``):
        /// nobody has to act, so `blocked` does not list it.
        case waiting
    }

    public var stage: String
    public var kind: Kind
    /// A stable code, e.g. `fact-missing`, `notice`, `manual`.
    public var code: String
    /// One sentence a CSM understands.
    public var message: String
    public var owner: Owner
    public var ticket: String?
    /// Since when the condition holds: the sandbox's end, the missed deadline, else when the
    /// stage opened.
    public var since: Date?
    /// For a waiting stage: the instant it waits for.
    public var until: Date?

    public init(stage: String, kind: Kind, code: String, message: String, owner: Owner, ticket: String? = nil, since: Date? = nil,
                until: Date? = nil) {
        self.until = until
        self.stage = stage
        self.kind = kind
        self.code = code
        self.message = message
        self.owner = owner
        self.ticket = ticket
        self.since = since
    }
}

extension Blocker {
    /// Whether someone has to act (what `blocked` lists): not a stage waiting for its time.
    public var needsSomeone: Bool { kind != .waiting }
}

/// A command the engine refused, with every reason; nothing was changed.
public enum EngineError: Error, LocalizedError, Sendable, Hashable {
    /// The stage id is not in the workflow.
    case unknownStage(String, valid: [String])
    /// The fact key is not in the workflow.
    case unknownFact(String, valid: [String])
    /// The value does not have the fact's format.
    case badFactValue(key: String, value: String, format: String)
    /// A reason is required and was empty.
    case missingReason(verb: String)
    /// The transition is not possible now; one sentence per reason.
    case refused(verb: String, stage: String?, reasons: [String])

    public var errorDescription: String? {
        switch self {
        case .unknownStage(let id, let valid):
            let close = Suggestions.closest(to: id, among: valid)
            let hint = close.isEmpty ? "" : " (did you mean \(close.joined(separator: " or "))?)"
            return "unknown stage '\(Suggestions.shown(id))'\(hint); stages: \(valid.joined(separator: ", "))"
        case .unknownFact(let key, let valid):
            let close = Suggestions.closest(to: key, among: valid)
            let hint = close.isEmpty ? "" : " (did you mean \(close.joined(separator: " or "))?)"
            return "unknown fact '\(Suggestions.shown(key))'\(hint); facts: \(valid.joined(separator: ", "))"
        case .badFactValue(let key, let value, let format):
            return "'\(Suggestions.shown(value))' is not a valid value for \(key): expected \(format)"
        case .missingReason(let verb):
            return "\(verb) needs a reason"
        case .refused(let verb, let stage, let reasons):
            let head = stage.map { "cannot \(verb) \($0)" } ?? "cannot \(verb)"
            if reasons.count == 1 { return "\(head): \(reasons[0])" }
            return ([head + ":"] + reasons.map { "  - \($0)" }).joined(separator: "\n")
        }
    }

    /// The individual sentences, for JSON output and tests.
    public var reasons: [String] {
        if case .refused(_, _, let reasons) = self { return reasons }
        return [errorDescription ?? ""]
    }
}
