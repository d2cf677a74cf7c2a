import Foundation

/// How long an answer about "now" stays the same: from the moment it was decided (included)
/// until the first moment a rule that reads the clock would answer differently (excluded).
///
/// ``UpgradeMachine/allBlockers(in:at:validity:)`` narrows it guard by guard: a date guard
/// turns at its instant, a notice count at a local midnight, an overdue stage when its
/// expected days run out. A store keeps the blockers with it and decides again once "now"
/// leaves it, or when the state, the customer's schedule or the rules change.
public struct Validity: Sendable, Hashable {
    /// When the answer was decided.
    public var from: Date
    /// The first moment the answer may differ; nil when no rule of the answer reads the clock.
    public var until: Date?

    public init(from: Date, until: Date? = nil) {
        self.from = from
        self.until = until
    }

    /// Records that an answer may change at `moment`. A moment not after `now` changes nothing:
    /// each rule reports the next moment its answer or its sentence changes after `now`, and
    /// the validity only looks forward from ``from``.
    public mutating func turns(at moment: Date, now: Date) {
        guard moment > now else { return }
        if let until, until <= moment { return }
        until = moment
    }

    /// Whether the answer decided at ``from`` is the answer at `date`.
    public func contains(_ date: Date) -> Bool {
        date >= from && until.map { date < $0 } ?? true
    }
}

