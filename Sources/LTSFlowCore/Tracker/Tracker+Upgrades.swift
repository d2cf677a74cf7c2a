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
    public func startUpgrade(customer id: String, from: String, to: String, searchCluster: String?,
                             workflow: String? = nil) throws -> StartedUpgrade {
        let customer = try requireCustomer(id)
        let opening = try opening(from: from, to: to, searchCluster: searchCluster, workflow: workflow)
        var events: [Event] = []
        let upgrade = try store.beginUpgrade(customer: customer.id, from: opening.plan.from.id, to: opening.plan.to.id,
                                             definition: opening.pinned, deciding: decision) { current in
            events = try opening.begin(for: current, tracker: self)
            return events
        }
        return StartedUpgrade(upgrade: upgrade, plan: opening.plan, events: events)
    }

    /// What opening an upgrade needs before any customer is read: the plan, the definition
    /// to pin and the initial facts.
    struct Opening {
        var plan: UpgradePlan
        var definition: WorkflowDefinition
        var pinned: PinnedDefinition
        var facts: [FactAssignment]

        /// The upgrade as it will be stored, before it has an id.
        func draft(for customer: Customer, at now: Date) -> UpgradeRecord {
            UpgradeRecord(id: 0, customerID: customer.id, from: plan.from.id, to: plan.to.id, workflowID: definition.id,
                          definitionHash: pinned.hash, status: .active, startedAt: now, finishedAt: nil, eventCount: 0)
        }

        /// The engine's `begin` events for the customer.
        func begin(for customer: Customer, tracker: Tracker) throws -> [Event] {
            try tracker.machine(for: customer, upgrade: draft(for: customer, at: tracker.now), definition: definition)
                .begin(facts: facts, at: tracker.now, actor: tracker.actor)
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
    public func perform(_ command: Command, customer id: String) throws -> ChangeResult {
        // The store reads the customer, the upgrade and its pinned text inside the transaction
        // (and names the closest ids for an unknown customer): nothing to read before it.
        return try store.change(customer: id, deciding: decision) { context in
            let definition = try pinned(context.definition)
            let machine = machine(for: context.customer, upgrade: context.upgrade, definition: definition)
            let events = try machine.apply(command, to: context.state, at: now, actor: actor)
            var upgrade = context.upgrade
            upgrade.eventCount += events.count
            let moved = events.filter { [.start, .complete, .force].contains($0.verb) }.compactMap(\.stage)
            let warnings = moved.flatMap { machine.warnings(of: $0, in: context.state, at: now) }
            let result = ChangeResult(customer: context.customer, upgrade: upgrade, definition: definition,
                                      events: events, state: context.state.applying(events), warnings: warnings)
            return (events, result)
        }
    }
}

extension Tracker {
    /// The blockers of the state a change leaves, decided now, for the store to keep.
    func decision(_ after: ChangeContext) throws -> BlockerSnapshot? {
        let definition = try pinned(after.definition)
        var validity = Validity(from: now)
        let blockers = machine(for: after.customer, upgrade: after.upgrade, definition: definition)
            .allBlockers(in: after.state, at: now, validity: &validity)
        return BlockerSnapshot(blockers: blockers, validity: validity)
    }
}
