import Foundation

/// A fact assignment such as `cutover.at=2027-03-12T00:30`.
public struct FactAssignment: Sendable, Hashable {
    public var key: String
    /// The value as typed; an empty value removes the fact.
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `KEY=VALUE`; nil when there is no `=` or the key is empty.
    public init?(parsing text: String) {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals].trimmingBlanks()
        guard !key.isEmpty else { return nil }
        self.init(key: key, value: text[text.index(after: equals)...].trimmingBlanks())
    }
}

/// What a person asks of an upgrade.
///
/// A nil stage for `start`, `complete` and `advance` means "the only stage that can move";
/// for `reopen`, the stage finished last.
public enum Command: Sendable, Hashable {
    case start(stage: String?)
    case complete(stage: String?)
    case advance(stage: String?)
    case block(stage: String, reason: String, owner: Owner?, ticket: String?)
    case unblock(stage: String)
    case skip(stage: String, reason: String)
    case reopen(stage: String?, reason: String)
    case set([FactAssignment])
    case force(stage: String, reason: String)

    /// The verb as the person typed it, for messages.
    public var name: String {
        switch self {
        case .start: "start"
        case .complete: "complete"
        case .advance: "advance"
        case .block: "block"
        case .unblock: "unblock"
        case .skip: "skip"
        case .reopen: "reopen"
        case .set: "set"
        case .force: "force"
        }
    }
}
