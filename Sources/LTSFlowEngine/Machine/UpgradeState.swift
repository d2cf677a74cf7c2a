import Foundation

/// The state of one stage of an upgrade.
public struct StageState: Sendable, Hashable, Codable {
    public var status: StageStatus
    /// When the stage entered its status.
    public var since: Date?
    /// When work first started (active), kept through blocks.
    public var startedAt: Date?
    /// When it was done or skipped.
    public var finishedAt: Date?
    /// The reason of a block, skip or force, or the computed reason of an automatic skip.
    public var note: String?
    /// For a blocked stage: who it waits on and the ticket, if any.
    public var blockOwner: Owner?
    public var blockTicket: String?
    /// For a blocked stage: the status `unblock` returns it to.
    public var resumeStatus: StageStatus?
    /// Moved past failing guards by `force`.
    public var forced: Bool
    /// Skipped by the engine because its condition does not hold.
    public var automatic: Bool

    public init(status: StageStatus = .pending, since: Date? = nil) {
        self.status = status
        self.since = since
        self.forced = false
        self.automatic = false
    }
}

/// The state of one upgrade: every stage and every recorded fact.
public struct UpgradeState: Sendable, Hashable, Codable {
    public var stages: [String: StageState]
    /// Facts as canonical text, keyed by fact key.
    public var facts: [String: String]

    public init(stages: [String: StageState] = [:], facts: [String: String] = [:]) {
        self.stages = stages
        self.facts = facts
    }

    /// The state before any event: every stage of the definition pending.
    public init(definition: WorkflowDefinition) {
        self.init(stages: Dictionary(uniqueKeysWithValues: definition.stages.map { ($0.id, StageState()) }))
    }

    public subscript(stage id: String) -> StageState {
        get { stages[id] ?? StageState() }
        set { stages[id] = newValue }
    }

    /// Rebuilds a state from nothing but its events.
    public static func replay(_ events: [Event], definition: WorkflowDefinition) -> UpgradeState {
        events.reduce(into: UpgradeState(definition: definition)) { $0.apply($1) }
    }

    public func applying(_ events: [Event]) -> UpgradeState {
        var copy = self
        for event in events { copy.apply(event) }
        return copy
    }

    /// Folds one event into the state. This is the only place state changes, so a state and
    /// the replay of its history cannot disagree.
    public mutating func apply(_ event: Event) {
        if event.verb == .set {
            for (key, value) in event.data {
                facts[key] = value.isEmpty ? nil : value
            }
        }
        guard let id = event.stage, let to = event.to else { return }
        // Changed in place: one lookup of the stage, not a read and a write.
        Self.apply(event, to: to, on: &stages[id, default: StageState()])
    }

    private static func apply(_ event: Event, to: StageStatus, on stage: inout StageState) {
        stage.status = to
        stage.since = event.at
        stage.forced = event.verb == .force ? true : (to == .pending ? false : stage.forced)
        stage.automatic = event.verb == .autoSkip
        switch to {
        case .pending, .ready:
            stage.note = nil
            stage.finishedAt = nil
            if event.verb == .reopen || event.verb == .wait || event.verb == .restore { stage.startedAt = nil }
            stage.blockOwner = nil
            stage.blockTicket = nil
            stage.resumeStatus = nil
        case .active:
            if stage.startedAt == nil { stage.startedAt = event.at }
            stage.note = event.verb == .force ? event.note : nil
        case .blocked:
            stage.resumeStatus = event.from
            stage.note = event.note
            stage.blockOwner = event.data["owner"].flatMap(Owner.init(rawValue:))
            stage.blockTicket = event.data["ticket"]
        case .done:
            if stage.startedAt == nil { stage.startedAt = event.at }
            stage.finishedAt = event.at
            stage.note = event.verb == .force ? event.note : nil
        case .skipped:
            stage.finishedAt = event.at
            stage.note = event.note
        }
        if to != .blocked {
            stage.blockOwner = nil
            stage.blockTicket = nil
            stage.resumeStatus = nil
        }
    }
}
