import Foundation

extension UpgradeMachine {
    func startEvent(_ id: String, state: UpgradeState, at now: Date, actor: String, verb: String) throws(EngineError) -> Event {
        guard state[stage: id].status == .ready else {
            throw .refused(verb: verb, stage: id, reasons: [statusSentence(id, state, wanted: verb)])
        }
        let failing = guardBlockers(of: id, moment: [.start], in: state, at: now)
        guard failing.isEmpty else { throw .refused(verb: verb, stage: id, reasons: failing.map(\.message)) }
        return Event(stage: id, verb: .start, from: .ready, to: .active, at: now, actor: actor)
    }

    /// Completing checks the `complete` guards, and also the `start` ones when the stage was
    /// never started.
    func completeEvent(_ id: String, state: UpgradeState, at now: Date, actor: String, verb: String) throws(EngineError) -> Event {
        let status = state[stage: id].status
        guard status == .active || status == .ready else {
            throw .refused(verb: verb, stage: id, reasons: [statusSentence(id, state, wanted: verb)])
        }
        let moments: Set<GuardMoment> = status == .ready ? [.start, .complete] : [.complete]
        let failing = guardBlockers(of: id, moment: moments, in: state, at: now)
        guard failing.isEmpty else { throw .refused(verb: verb, stage: id, reasons: failing.map(\.message)) }
        return Event(stage: id, verb: .complete, from: status, to: .done, at: now, actor: actor)
    }

    func skipEvent(_ id: String, reason: String, state: UpgradeState, at now: Date, actor: String) throws(EngineError) -> Event {
        guard let stage = definition.stage(id), stage.optional else {
            let optional = definition.stages.filter(\.optional).map(\.id)
            let list = optional.isEmpty ? "this workflow has none" : "optional stages: \(optional.joined(separator: ", "))"
            throw .refused(verb: "skip", stage: id, reasons: ["\(id) is required; only optional stages can be skipped (\(list))"])
        }
        let status = state[stage: id].status
        guard status != .done, status != .skipped else {
            throw .refused(verb: "skip", stage: id, reasons: [statusSentence(id, state, wanted: "skip")])
        }
        return Event(stage: id, verb: .skip, from: status, to: .skipped, at: now, actor: actor, note: reason)
    }

    /// Reopening sends the stage back to pending (the automatic steps make it ready again) and
    /// every open or finished stage that depends on it, directly or not, back to pending too.
    func reopenEvents(_ id: String, reason: String, state: UpgradeState, at now: Date, actor: String) throws(EngineError) -> [Event] {
        let status = state[stage: id].status
        guard status == .done || status == .skipped else {
            throw .refused(verb: "reopen", stage: id, reasons: ["\(id) is \(status.rawValue); only a done or skipped stage can be reopened"])
        }
        var events = [Event(stage: id, verb: .reopen, from: status, to: .pending, at: now, actor: actor, note: reason)]
        for dependant in definition.transitiveDependants(of: id) {
            let current = state[stage: dependant.id].status
            guard current.isOpen || current == .done else { continue }
            events.append(Event(stage: dependant.id, verb: .wait, from: current, to: .pending, at: now, actor: actor,
                                note: "\(id) was reopened"))
        }
        return events
    }

    /// Why a stage in its current status cannot take the verb, in one sentence.
    func statusSentence(_ id: String, _ state: UpgradeState, wanted verb: String) -> String {
        let current = state[stage: id]
        switch current.status {
        case .pending:
            let list = waitingOn(id, in: state).map { "\($0) (\(state[stage: $0].status.rawValue))" }.joined(separator: ", ")
            return "\(id) is pending: it waits on \(list)"
        case .ready:
            return "\(id) is ready, not started yet: start it first"
        case .active:
            return "\(id) is already active"
        case .blocked:
            let owner = current.blockOwner.map { " on \($0.rawValue)" } ?? ""
            let ticket = current.blockTicket.map { " (\($0))" } ?? ""
            return "\(id) is blocked\(owner)\(ticket): \(current.note ?? "no reason given"); unblock it first"
        case .done:
            return "\(id) is already done; reopen it to work on it again"
        case .skipped:
            return "\(id) was skipped (\(current.note ?? "no reason given")); reopen it to work on it"
        }
    }

    /// The automatic steps that follow a change, until nothing more moves: conditional stages
    /// skipped or restored, pending stages made ready, ready stages sent back to pending.
    ///
    /// A condition that reads facts (search coordination) skips its stage only when the upgrade
    /// begins: a later change of those facts can make the stage required again, never skip it.
    func settle(_ start: UpgradeState, at now: Date, actor: String, beginning: Bool = false) -> [Event] {
        var state = start
        var events: [Event] = []
        var changed = true
        var rounds = 0
        while changed && rounds <= definition.stages.count * 3 {
            changed = false
            rounds += 1
            for stage in definition.stages {
                guard let event = automaticStep(for: stage, in: state, at: now, actor: actor, beginning: beginning) else { continue }
                state.apply(event)
                events.append(event)
                changed = true
            }
        }
        return events
    }

    private func automaticStep(for stage: StageDefinition, in state: UpgradeState, at now: Date, actor: String, beginning: Bool) -> Event? {
        let current = state[stage: stage.id]
        // A condition matters only to a stage it could skip (pending or ready) or restore
        // (skipped automatically, while no stage after it has started); evaluating it costs a
        // catalog lookup, so other stages do not ask.
        let skippable = current.status == .pending || current.status == .ready
        // Runs for every stage after every change: no array of dependants, no set of statuses.
        let restorable = current.status == .skipped && current.automatic
            && definition.stages.allSatisfy { !$0.dependsOn.contains(stage.id) || !state[stage: $0.id].status.hasStarted }
        if let condition = stage.condition, skippable || restorable {
            let (holds, reason) = evaluate(condition, in: state)
            if !holds, skippable, beginning || !condition.readsFacts {
                return Event(stage: stage.id, verb: .autoSkip, from: current.status, to: .skipped, at: now, actor: actor, note: reason)
            }
            if holds, restorable {
                return Event(stage: stage.id, verb: .restore, from: .skipped, to: .pending, at: now, actor: actor, note: reason)
            }
        }
        let dependenciesMet = stage.dependsOn.allSatisfy { isSatisfied($0, in: state) }
        if current.status == .pending, dependenciesMet {
            return Event(stage: stage.id, verb: .ready, from: .pending, to: .ready, at: now, actor: actor)
        }
        if current.status == .ready, !dependenciesMet {
            return Event(stage: stage.id, verb: .wait, from: .ready, to: .pending, at: now, actor: actor)
        }
        return nil
    }

    /// Whether dependants of a stage may go ahead: it is done, or it is skipped and its own
    /// dependencies are satisfied — a skipped branch passes through, it does not jump the queue.
    public func isSatisfied(_ id: String, in state: UpgradeState) -> Bool {
        switch state[stage: id].status {
        case .done: true
        case .skipped: (definition.stage(id)?.dependsOn ?? []).allSatisfy { isSatisfied($0, in: state) }
        case .pending, .ready, .active, .blocked: false
        }
    }

    /// The unfinished stages a stage waits on, looking through skipped ones, in workflow order.
    public func waitingOn(_ id: String, in state: UpgradeState) -> [String] {
        var found = Set<String>()
        var queue = definition.stage(id)?.dependsOn ?? []
        while let next = queue.popLast() {
            switch state[stage: next].status {
            case .done: continue
            case .skipped: queue += definition.stage(next)?.dependsOn ?? []
            case .pending, .ready, .active, .blocked: found.insert(next)
            }
        }
        return definition.stages.map(\.id).filter { found.contains($0) }
    }

    /// Whether a condition holds, and the sentence that says why.
    public func evaluate(_ condition: ConditionKind, in state: UpgradeState) -> (holds: Bool, reason: String) {
        switch condition {
        case .sandboxPurchased:
            return context.sandboxPurchased
                ? (true, "the customer's contract includes a development sandbox")
                : (false, "no development sandbox purchased: the customer's contract has none")
        case .searchCoordinationNeeded:
            guard let key = definition.facts.first(where: { $0.type == .searchCluster })?.key,
                  let cluster = state.facts[key] else {
                return (true, "the current search cluster is not recorded, so coordination is assumed")
            }
            let decision = context.searchCoordination(cluster)
            return (decision.required, decision.reason)
        }
    }
}

private extension StageStatus {
    /// Work has started on the stage, or it is done: a skipped stage it depends on stays skipped.
    var hasStarted: Bool {
        switch self {
        case .active, .blocked, .done: true
        case .pending, .ready, .skipped: false
        }
    }
}

extension ConditionKind {
    /// Whether the condition is computed from the upgrade's facts (rather than the contract).
    var readsFacts: Bool { self == .searchCoordinationNeeded }
}
