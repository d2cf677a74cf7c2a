import Foundation

/// Where a stage of an upgrade stands.
public enum StageStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its dependencies are not all done or skipped.
    case pending
    /// It can start.
    case ready
    /// Work is under way.
    case active
    /// Held by a person, with a reason, an owner and maybe a ticket; `unblock` returns it to
    /// where it was.
    case blocked
    /// Finished.
    case done
    /// Not needed, with a reason: skipped by a person (optional stages) or automatically
    /// (a condition that does not hold).
    case skipped

    /// Done or skipped: nothing more happens to the stage unless it is reopened.
    public var isFinished: Bool { self == .done || self == .skipped }

    /// Ready, active or blocked: the stage is open and someone should be on it.
    public var isOpen: Bool { self == .ready || self == .active || self == .blocked }
}

/// The verbs a person uses, and the automatic steps the engine takes after them.
public enum Verb: String, Sendable, Hashable, Codable, CaseIterable {
    /// The upgrade was started (no stage).
    case begin
    case start
    case complete
    case block
    case unblock
    case skip
    case reopen
    /// Facts recorded (no stage).
    case set
    case force
    /// Automatic: all dependencies of a pending stage are satisfied.
    case ready
    /// Automatic: a ready stage's dependencies are no longer satisfied, or a stage it depends on
    /// was reopened.
    case wait
    /// Automatic: a conditional stage's condition does not hold.
    case autoSkip = "auto-skip"
    /// Automatic: an automatically skipped stage's condition holds again.
    case restore
    /// The upgrade was cancelled (no stage): it ends, its history kept. The note is the reason.
    case cancel
    /// A checklist item of the plan was ticked (no stage); `data["item"]` is its id.
    case check
    /// A checklist item was unticked (no stage); `data["item"]` is its id.
    case uncheck

    /// Taken by the engine rather than asked for by a person.
    public var isAutomatic: Bool {
        switch self {
        case .ready, .wait, .autoSkip, .restore: true
        case .begin, .start, .complete, .block, .unblock, .skip, .reopen, .set, .force, .cancel, .check, .uncheck: false
        }
    }
}
