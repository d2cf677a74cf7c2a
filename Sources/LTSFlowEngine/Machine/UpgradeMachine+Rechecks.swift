import Foundation

/// What a change touches, for ``UpgradeMachine/stranded(by:from:to:under:at:)``.
public enum RuleChange: Sendable, Hashable {
    /// `set` of these fact keys.
    case facts(Set<String>)
    /// The customer's zone, maintenance window or sandbox contract: every rule that reads a
    /// date, a time or the contract.
    case context
}

/// A finished stage whose rules a change would break, with the sentence of each broken rule.
public struct StrandedStage: Sendable, Hashable {
    public var stage: String
    public var reasons: [String]

    public init(stage: String, reasons: [String]) {
        self.stage = stage
        self.reasons = reasons
    }
}

extension UpgradeMachine {
    /// The finished stages a change would leave in a state their rules refuse (docs/workflows.md, "Rules that
    /// hold at every moment"): for every **done** stage, each rule it was held to (the facts it
    /// needs and every non-warning guard, at start and at completion) that reads what the change
    /// touches and holds before the change but fails after it; and every stage skipped
    /// automatically whose condition did not hold before and holds after, yet stays skipped.
    ///
    /// For a new zone, window or contract, a rule whose dates and times have all passed is not
    /// checked again: the change does not rewrite what has happened.
    ///
    /// A rule already failing before the change (time passing, a forced stage) is not the
    /// change's doing and does not count. The check is generic: it reads each guard's declared
    /// facts, so it covers every guard of every workflow.
    ///
    /// - Parameters:
    ///   - change: The facts set, or the customer's context.
    ///   - old: The state before the change, read by this machine.
    ///   - new: The state after it (its automatic steps applied).
    ///   - next: The machine after the change when the customer's context changed; else `self`.
    public func stranded(by change: RuleChange, from old: UpgradeState, to new: UpgradeState,
                         under next: UpgradeMachine? = nil, at now: Date) -> [StrandedStage] {
        let after = next ?? self
        return definition.stages.compactMap { stage in
            let was = old[stage: stage.id]
            let current = new[stage: stage.id]
            var reasons: [String] = []
            if was.status == .done, current.status == .done {
                for spec in rules(of: stage) where change.touches(spec) && !(change == .context && happened(spec, in: old, at: now)) {
                    guard let failure = after.failure(spec, in: new, at: now), self.failure(spec, in: old, at: now) == nil,
                          !reasons.contains(failure) else { continue }
                    reasons.append(failure)
                }
                reasons = reasons.map { "\(stage.id) is done, and this change breaks its rule: \($0)" }
            } else if current.status == .skipped, current.automatic, let condition = stage.condition {
                let (held, _) = evaluate(condition, in: old)
                let (holds, reason) = after.evaluate(condition, in: new)
                if holds, !held { reasons = ["\(stage.id) was skipped automatically, and this change makes it required: \(reason)"] }
            }
            return reasons.isEmpty ? nil : StrandedStage(stage: stage.id, reasons: reasons)
        }
    }

    /// The refusal of a change that strands finished stages: each broken rule, then the command
    /// that reopens the first stage to rework (its dependants follow it back).
    public func strandedRefusal(_ stranded: [StrandedStage], verb: String, subject: String? = nil) -> EngineError {
        var reasons = stranded.flatMap(\.reasons)
        let ids = Set(stranded.map(\.stage))
        let roots = stranded.map(\.stage).filter { id in
            !ids.contains { other in other != id && definition.transitiveDependants(of: other).contains { $0.id == id } }
        }
        let customer = context.customer ?? "CUSTOMER"
        let commands = roots.map { "ltsflow reopen \(customer) \($0) --reason \"…\"" }.joined(separator: " and ")
        reasons.append("reopen \(roots.joined(separator: " and ")) first (what follows it returns to pending), then make the change: \(commands)")
        return .refused(verb: verb, stage: subject, reasons: reasons)
    }

    /// Whether every date and time a guard reads has passed: a new zone or window does not
    /// rewrite what has happened (a pre-production upgrade done in last month's window).
    func happened(_ spec: GuardSpec, in state: UpgradeState, at now: Date) -> Bool {
        let moments = spec.facts.compactMap { moment($0, state) }
        return !moments.isEmpty && moments.allSatisfy { $0.instant(context.timeZone) <= now }
    }

    /// Every rule a stage is held to: the facts it needs, then its blocking guards.
    func rules(of stage: StageDefinition) -> [GuardSpec] {
        stage.needs.map { GuardSpec(kind: .factPresent, when: .complete, fact: $0) } + stage.guards.filter { !$0.isWarning }
    }

    /// The sentence of a failing guard, or nil when it holds.
    func failure(_ spec: GuardSpec, in state: UpgradeState, at now: Date) -> String? {
        var validity = Validity(from: now)
        return check(spec, in: state, at: now, validity: &validity)?.message
    }
}

extension RuleChange {
    /// Whether a guard reads what the change touches.
    func touches(_ spec: GuardSpec) -> Bool {
        switch self {
        case .facts(let keys): !keys.isDisjoint(with: spec.facts)
        case .context: spec.kind.readsContext
        }
    }
}

extension GuardKind {
    /// Whether the guard's answer depends on the customer's zone, window or contract (every
    /// guard that reads a date or a time does: local dates are read in the customer's zone).
    var readsContext: Bool {
        self != .factPresent
    }
}
