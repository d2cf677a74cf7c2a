import Foundation
import LTSFlowEngine

/// The result of opening an upgrade.
public struct StartedUpgrade: Sendable {
    public var upgrade: UpgradeRecord
    public var plan: UpgradePlan
    public var events: [Event]
}

/// The result of a command on an upgrade.
public struct ChangeResult: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    public var definition: WorkflowDefinition
    /// The events appended, the command's first.
    public var events: [Event]
    public var state: UpgradeState
    /// Warnings of the stages the command started or completed (an expedited sandbox …).
    public var warnings: [String]
}

extension Tracker {
    /// Opens an upgrade: checks the versions against the catalog (hop chain, end of life),
    /// records the current search cluster (the source's newest supported one by default),
    /// pins the workflow definition and takes the automatic first steps.
    ///
    /// - Parameter from: The current LTS; nil takes the customer's recorded one (``Customer/lts``).
    /// - Throws: ``InputError/fromDiffersFromRecorded(customer:given:recorded:)`` when `from`
    ///   names another LTS than the recorded one, ``InputError/missingFrom(customer:)`` when
    ///   neither is known.
    public func startUpgrade(customer id: String, from: String?, to: String, searchCluster: String?,
                             workflow: String? = nil) async throws -> StartedUpgrade {
        let customer = try await requireCustomer(id)
        guard let from = from ?? customer.lts else { throw InputError.missingFrom(customer: id) }
        let opening = try opening(from: from, to: to, searchCluster: searchCluster, workflow: workflow)
        try Self.checkRecordedLTS(of: customer, from: opening.plan.from)
        let new = NewUpgrade(customer: customer.id, from: opening.plan.from.id, to: opening.plan.to.id,
                             definition: opening.pinned, stages: opening.definition.stages.map(\.id))
        let (upgrade, events) = try await store.beginUpgrade(new) { current in
            // Again under the lock: the customer's LTS may have changed since it was read.
            try Self.checkRecordedLTS(of: current, from: opening.plan.from)
            return try begin(opening, for: current)
        }
        return StartedUpgrade(upgrade: upgrade, plan: opening.plan, events: events)
    }

    /// Refuses a source LTS other than the customer's recorded one.
    static func checkRecordedLTS(of customer: Customer, from: LTSVersion) throws {
        guard let recorded = customer.lts, recorded != from.id else { return }
        throw InputError.fromDiffersFromRecorded(customer: customer.id, given: from.id, recorded: recorded)
    }

    /// The step of ``startUpgrade(customer:from:to:searchCluster:workflow:)`` inside the store's
    /// transaction: the engine's `begin` for the customer read under the lock, folded once, its
    /// blockers decided once.
    func begin(_ opening: Opening, for customer: Customer) throws -> ChangeOutcome<[Event]> {
        let machine = machine(for: customer, upgrade: opening.draft(for: customer, at: now), definition: opening.definition)
        let events = Self.atStorePrecision(try machine.begin(facts: opening.facts, at: now, actor: actor))
        let state = UpgradeState(definition: opening.definition).applying(events)
        return ChangeOutcome(events: events, state: state, blockers: keptBlockers(machine, state), result: events)
    }

    /// What opening an upgrade needs before any customer is read: the plan, the definition
    /// to pin and the initial facts.
    struct Opening: Sendable {
        var plan: UpgradePlan
        var definition: WorkflowDefinition
        var pinned: PinnedDefinition
        var facts: [FactAssignment]

        /// The upgrade as it will be stored, before it has an id.
        func draft(for customer: Customer, at now: Date) -> UpgradeRecord {
            UpgradeRecord(id: 0, customerID: customer.id, from: plan.from.id, to: plan.to.id, workflowID: definition.id,
                          definitionHash: pinned.hash, status: .active, startedAt: now, finishedAt: nil, eventCount: 0)
        }

    }

    /// Checks the versions against the catalog and picks the definition to pin, as
    /// ``startUpgrade(customer:from:to:searchCluster:workflow:)`` does.
    ///
    /// - Parameter plans: Plans made earlier for the same versions and cluster (the demo makes
    ///   thousands). Only the end-of-life refusal depends on the time, so a remembered plan is
    ///   used only while its target is not past end of life; otherwise the catalog plans anew
    ///   (and refuses with its own message).
    func opening(from: String, to: String, searchCluster: String?, workflow: String?,
                 pinnedTexts: [String: PinnedDefinition] = [:], plans: inout [String: UpgradePlan]) throws -> Opening {
        let key = "\(from)\u{0}\(to)\u{0}\(searchCluster ?? "\u{1}")"
        let plan: UpgradePlan
        if let known = plans[key], !known.to.isPastEndOfLife(at: now) {
            plan = known
        } else {
            plan = try catalog.plan(from: from, to: to, searchCluster: searchCluster, now: now)
            plans[key] = plan
        }
        return try opening(plan: plan, workflow: workflow, pinnedTexts: pinnedTexts)
    }

    func opening(from: String, to: String, searchCluster: String?, workflow: String?) throws -> Opening {
        let plan = try catalog.plan(from: from, to: to, searchCluster: searchCluster, now: now)
        return try opening(plan: plan, workflow: workflow, pinnedTexts: [:])
    }

    private func opening(plan: UpgradePlan, workflow: String?, pinnedTexts: [String: PinnedDefinition]) throws -> Opening {
        let workflowID = workflow ?? WorkflowLibrary.defaultWorkflowID
        guard let (definition, yaml) = library.workflows[workflowID] else {
            throw InputError.unknownWorkflow(workflowID, valid: library.ids)
        }
        let pinned = pinnedTexts[workflowID] ?? PinnedDefinition(workflowID: definition.id, version: definition.version,
                                                                  hash: PinnedDefinition.hash(of: yaml), yaml: yaml)
        var facts: [FactAssignment] = []
        if let key = definition.facts.first(where: { $0.type == .searchCluster })?.key {
            facts.append(FactAssignment(key: key, value: plan.currentSearchCluster.description))
        }
        return Opening(plan: plan, definition: definition, pinned: pinned, facts: facts)
    }

    /// Applies a command to the customer's active upgrade, following its pinned definition.
    ///
    /// - Throws: ``EngineError`` when refused (nothing is written), ``StoreError``.
    @discardableResult
    public func perform(_ command: Command, customer id: String) async throws -> ChangeResult {
        // The store reads the customer, the upgrade and its pinned text inside the transaction
        // (and names the closest ids for an unknown customer): nothing to read before it.
        try await store.change(customer: id) { locked in try plan(command, locked) }
    }

    /// The step of ``perform(_:customer:)`` inside the store's transaction, linear: the machine
    /// built once, the command applied once, the events folded once, the blockers decided once.
    func plan(_ command: Command, _ locked: LockedUpgrade) throws -> ChangeOutcome<ChangeResult> {
        let definition = try pinned(locked.definition)
        let machine = machine(for: locked.customer, upgrade: locked.upgrade, definition: definition)
        let events = Self.atStorePrecision(try machine.apply(command, to: locked.state, at: now, actor: actor))
        let state = locked.state.applying(events)
        var upgrade = locked.upgrade
        upgrade.eventCount += events.count
        if state.isFinished, let last = events.last {
            upgrade.status = .finished
            upgrade.finishedAt = last.at
        }
        let moved = events.filter { [.start, .complete, .force].contains($0.verb) }.compactMap(\.stage)
        let warnings = moved.flatMap { machine.warnings(of: $0, in: locked.state, at: now) }
        let result = ChangeResult(customer: locked.customer, upgrade: upgrade, definition: definition,
                                  events: events, state: state, warnings: warnings)
        return ChangeOutcome(events: events, state: state, blockers: upgrade.status == .active ? keptBlockers(machine, state) : nil,
                             result: result)
    }

    /// The blockers of a state, decided now, for the store to keep beside it.
    func keptBlockers(_ machine: UpgradeMachine, _ state: UpgradeState) -> BlockerSnapshot {
        var validity = Validity(from: now)
        let blockers = machine.allBlockers(in: state, at: now, validity: &validity)
        return BlockerSnapshot(blockers: blockers, validity: validity)
    }

    /// Events with their times at the precision every store keeps (milliseconds).
    static func atStorePrecision(_ events: [Event]) -> [Event] {
        events.map { event in
            var event = event
            event.at = StoreDate.normalized(event.at)
            return event
        }
    }
}
