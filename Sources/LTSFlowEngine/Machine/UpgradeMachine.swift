import Foundation

/// The state machine of one upgrade: a pure function from (state, command, now, actor) to the
/// events that record the change.
///
/// The machine never mutates anything and does no I/O. Callers fold the returned events into
/// the state (``UpgradeState/applying(_:)``) and store both in one transaction.
public struct UpgradeMachine: Sendable {
    public let definition: WorkflowDefinition
    public let context: UpgradeContext

    public init(definition: WorkflowDefinition, context: UpgradeContext) {
        self.definition = definition
        self.context = context
    }

    /// The events that open an upgrade: `begin`, the initial facts, and the automatic steps
    /// (entry stage ready, branches the contract or the catalog make unnecessary skipped).
    public func begin(facts: [FactAssignment], at now: Date, actor: String) throws(EngineError) -> [Event] {
        var events = [Event(stage: nil, verb: .begin, at: now, actor: actor,
                            data: ["from": context.from, "to": context.to, "workflow": definition.id])]
        var state = UpgradeState(definition: definition)
        if !facts.isEmpty {
            let set = try factEvent(facts, state: state, at: now, actor: actor)
            state.apply(set)
            events.append(set)
        }
        events += settle(state, at: now, actor: actor, beginning: true)
        return events
    }

    /// The events a command produces, or the reasons it is refused.
    ///
    /// - Throws: ``EngineError``; a refused command produces no event.
    public func apply(_ command: Command, to state: UpgradeState, at now: Date, actor: String) throws(EngineError) -> [Event] {
        var events: [Event]
        switch command {
        case .set(let assignments):
            events = [try factEvent(assignments, state: state, at: now, actor: actor)]
        case .start(let stage):
            let id = try resolve(stage, for: command, in: state)
            events = [try startEvent(id, state: state, at: now, actor: actor, verb: "start")]
        case .complete(let stage):
            let id = try resolve(stage, for: command, in: state)
            events = [try completeEvent(id, state: state, at: now, actor: actor, verb: "complete")]
        case .advance(let stage):
            let id = try resolve(stage, for: command, in: state)
            if state[stage: id].status == .ready {
                events = [try startEvent(id, state: state, at: now, actor: actor, verb: "advance")]
            } else {
                events = [try completeEvent(id, state: state, at: now, actor: actor, verb: "advance")]
            }
        case .block(let stage, let reason, let owner, let ticket):
            let id = try known(stage)
            let reason = try required(reason, verb: "block")
            let current = state[stage: id]
            guard current.status == .ready || current.status == .active else {
                throw .refused(verb: "block", stage: id, reasons: [statusSentence(id, state, wanted: "block")])
            }
            var data = ["owner": (owner ?? definition.stage(id)?.owner ?? .csm).rawValue]
            if let ticket, !ticket.isEmpty { data["ticket"] = ticket }
            events = [Event(stage: id, verb: .block, from: current.status, to: .blocked, at: now, actor: actor, note: reason, data: data)]
        case .unblock(let stage):
            let id = try known(stage)
            let current = state[stage: id]
            guard current.status == .blocked else {
                throw .refused(verb: "unblock", stage: id, reasons: ["\(id) is \(current.status.rawValue), not blocked"])
            }
            events = [Event(stage: id, verb: .unblock, from: .blocked, to: current.resumeStatus ?? .ready, at: now, actor: actor)]
        case .skip(let stage, let reason):
            let id = try known(stage)
            let reason = try required(reason, verb: "skip")
            events = [try skipEvent(id, reason: reason, state: state, at: now, actor: actor)]
        case .reopen(let stage, let reason):
            let reason = try required(reason, verb: "reopen")
            let id: String
            if let stage { id = try known(stage) } else { id = try lastFinished(in: state) }
            events = try reopenEvents(id, reason: reason, state: state, at: now, actor: actor)
        case .force(let stage, let reason):
            let id = try known(stage)
            let reason = try required(reason, verb: "force")
            let current = state[stage: id]
            guard current.status == .ready || current.status == .active else {
                throw .refused(verb: "force", stage: id, reasons: [statusSentence(id, state, wanted: "force")])
            }
            let overridden = blockers(of: id, in: state, at: now).filter { $0.kind == .guard }.map(\.message)
            var data: [String: String] = [:]
            if !overridden.isEmpty { data["overridden"] = overridden.joined(separator: "\n") }
            events = [Event(stage: id, verb: .force, from: current.status, to: .done, at: now, actor: actor, note: reason, data: data)]
        }
        let after = state.applying(events)
        events += settle(after, at: now, actor: actor)
        if case .set(let assignments) = command {
            let keys = assignments.map(\.key)
            let stranded = stranded(by: .facts(Set(keys)), from: state, to: state.applying(events), at: now)
            if !stranded.isEmpty { throw strandedRefusal(stranded, verb: "set", subject: keys.joined(separator: ", ")) }
        }
        if case .reopen = command, let id = events.first?.stage, let last = state.applying(events).stages[id], last.automatic {
            throw .refused(verb: "reopen", stage: id, reasons: ["\(id) is skipped automatically: \(last.note ?? "its condition does not hold")"])
        }
        return events
    }

    // MARK: Stage resolution

    func known(_ id: String) throws(EngineError) -> String {
        guard definition.stage(id) != nil else {
            throw .unknownStage(id, valid: definition.stages.map(\.id))
        }
        return id
    }

    private func required(_ reason: String, verb: String) throws(EngineError) -> String {
        let trimmed = reason.trimmingBlanksAndNewlines()
        guard !trimmed.isEmpty else { throw .missingReason(verb: verb) }
        return trimmed
    }

    /// The named stage, or the only stage the verb can move.
    private func resolve(_ stage: String?, for command: Command, in state: UpgradeState) throws(EngineError) -> String {
        if let stage { return try known(stage) }
        let movable: Set<StageStatus> = switch command {
        case .start: [.ready]
        case .complete: [.active]
        default: [.ready, .active]
        }
        let candidates = definition.stages.filter { movable.contains(state[stage: $0.id].status) }
        if candidates.count == 1 { return candidates[0].id }
        if candidates.isEmpty {
            let blocked = definition.stages.filter { state[stage: $0.id].status == .blocked }.map(\.id)
            let hint = blocked.isEmpty ? "" : "; blocked: \(blocked.joined(separator: ", "))"
            throw .refused(verb: command.name, stage: nil, reasons: ["no stage can \(command.name)\(hint)"])
        }
        let list = candidates.map { "\($0.id) (\(state[stage: $0.id].status.rawValue))" }.joined(separator: ", ")
        throw .refused(verb: command.name, stage: nil, reasons: ["several stages can move: \(list); name one"])
    }

    private func lastFinished(in state: UpgradeState) throws(EngineError) -> String {
        let finished = definition.stages.compactMap { stage -> (String, Date)? in
            let current = state[stage: stage.id]
            guard current.status == .done, let at = current.finishedAt else { return nil }
            return (stage.id, at)
        }
        guard let last = finished.reversed().max(by: { $0.1 < $1.1 }) else {
            throw .refused(verb: "reopen", stage: nil, reasons: ["no stage is done yet"])
        }
        return last.0
    }
}
