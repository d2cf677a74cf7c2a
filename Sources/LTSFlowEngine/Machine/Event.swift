import Foundation

/// One change to an upgrade, as appended to its history.
///
/// Events are the truth: the state of an upgrade is the fold of its events
/// (``UpgradeState/applying(_:)``), which is how `doctor` checks a stored state.
public struct Event: Sendable, Hashable, Codable {
    /// The stage changed, or nil for upgrade-wide events (`begin`, `set`).
    public var stage: String?
    public var verb: Verb
    public var from: StageStatus?
    public var to: StageStatus?
    public var at: Date
    public var actor: String
    /// The reason or note given with the command, or the computed reason of an automatic step.
    public var note: String?
    /// Extra values: facts for `set` (an empty value removes the fact), `owner` and `ticket` for
    /// `block`, `from`/`to`/`workflow` for `begin`.
    public var data: [String: String]

    public init(stage: String?, verb: Verb, from: StageStatus? = nil, to: StageStatus? = nil, at: Date, actor: String,
                note: String? = nil, data: [String: String] = [:]) {
        self.stage = stage
        self.verb = verb
        self.from = from
        self.to = to
        self.at = at
        self.actor = actor
        self.note = note
        self.data = data
    }
}
