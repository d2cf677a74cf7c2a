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
}

extension Tracker {
    /// Opens an upgrade: checks the versions against the catalog (hop chain, end of life),
    /// records the current search cluster (the source's newest supported one by default),
    /// pins the workflow definition and takes the automatic first steps.
    public func startUpgrade(customer id: String, from: String, to: String, searchCluster: String?,
                             workflow: String? = nil) throws -> StartedUpgrade {
        let customer = try requireCustomer(id)
        let plan = try catalog.plan(from: from, to: to, searchCluster: searchCluster, now: now)
        let workflowID = workflow ?? WorkflowLibrary.defaultWorkflowID
        guard let (definition, yaml) = library.workflows[workflowID] else {
            throw InputError.unknownWorkflow(workflowID, valid: library.ids)
        }
        let pinned = PinnedDefinition(workflowID: definition.id, version: definition.version,
                                      hash: SQLiteStore.sha256Hex(yaml), yaml: yaml)
        var facts: [FactAssignment] = []
        if let key = definition.facts.first(where: { $0.type == .searchCluster })?.key {
            facts.append(FactAssignment(key: key, value: plan.currentSearchCluster.description))
        }
        var events: [Event] = []
        let upgrade = try store.beginUpgrade(customer: customer.id, from: plan.from.id, to: plan.to.id, definition: pinned) { current in
            let draft = UpgradeRecord(id: 0, customerID: current.id, from: plan.from.id, to: plan.to.id, workflowID: definition.id,
                                      definitionHash: pinned.hash, status: .active, startedAt: now, finishedAt: nil, eventCount: 0)
            events = try machine(for: current, upgrade: draft, definition: definition).begin(facts: facts, at: now, actor: actor)
            return events
        }
        return StartedUpgrade(upgrade: upgrade, plan: plan, events: events)
    }

    /// Applies a command to the customer's active upgrade, following its pinned definition.
    ///
    /// - Throws: ``EngineError`` when refused (nothing is written), ``StoreError``.
    @discardableResult
    public func perform(_ command: Command, customer id: String) throws -> ChangeResult {
        // The store reads the customer, the upgrade and its pinned text inside the transaction
        // (and names the closest ids for an unknown customer): nothing to read before it.
        return try store.change(customer: id) { context in
            let definition = try pinned(context.definition)
            let machine = machine(for: context.customer, upgrade: context.upgrade, definition: definition)
            let events = try machine.apply(command, to: context.state, at: now, actor: actor)
            var upgrade = context.upgrade
            upgrade.eventCount += events.count
            let result = ChangeResult(customer: context.customer, upgrade: upgrade, definition: definition,
                                      events: events, state: context.state.applying(events))
            return (events, result)
        }
    }
}
