import Foundation
import LTSFlowEngine

/// A checklist line of an upgrade with whether it is ticked, and by whom and when.
public struct ChecklistEntry: Sendable, Hashable {
    public var item: ChecklistItem
    public var ticked: Bool
    /// The last `check` of a ticked item.
    public var tickedAt: Date?
    public var tickedBy: String?
}

extension Tracker {
    /// Ends the customer's active upgrade as cancelled: one `cancel` event with the reason; its
    /// history and state are kept, and the customer's LTS is unchanged.
    ///
    /// - Throws: ``InputError/missingReason(verb:)``, ``StoreError/noUpgrade(customer:)``.
    @discardableResult
    public func cancelUpgrade(customer id: String, reason: String) async throws -> UpgradeRecord {
        let reason = reason.trimmingBlanks()
        guard !reason.isEmpty else { throw InputError.missingReason(verb: "upgrade cancel") }
        return try await store.change(customer: id) { locked in
            let event = Event(stage: nil, verb: .cancel, at: StoreDate.normalized(now), actor: actor, note: reason,
                              data: ["from": locked.upgrade.from, "to": locked.upgrade.to])
            var upgrade = locked.upgrade
            upgrade.eventCount += 1
            upgrade.status = .cancelled
            upgrade.finishedAt = event.at
            return ChangeOutcome(events: [event], state: locked.state, blockers: nil, result: upgrade)
        }
    }

    /// Every upgrade of the customer, oldest first.
    public func upgrades(customer id: String) async throws -> [UpgradeRecord] {
        _ = try await requireCustomer(id)
        return try await store.upgrades(customer: id)
    }

    /// One upgrade of the customer (`--upgrade ID`) with every stage's blockers and its checklist.
    ///
    /// - Throws: ``InputError/unknownUpgrade(customer:id:known:)`` for an id that is not one of
    ///   the customer's upgrades (another customer's included).
    public func view(customer id: String, upgrade upgradeID: Int64?) async throws -> UpgradeView {
        guard let upgradeID else { return try await withChecklist(try await view(customer: id)) }
        guard let progress = try await store.progress(customer: id, upgrade: upgradeID) else {
            throw StoreError.noUpgrade(customer: try await requireCustomer(id).id)
        }
        guard let upgrade = progress.upgrade, let state = progress.state else {
            throw InputError.unknownUpgrade(customer: id, id: upgradeID, known: try await store.upgrades(customer: id).map(\.id))
        }
        let view = try view(progress.customer, upgrade, state, definition: try await pinned(upgrade.definitionHash))
        return try await withChecklist(view)
    }

    /// The history of one upgrade of the customer (its latest when `upgrade` is nil).
    public func history(customer id: String, upgrade upgradeID: Int64?) async throws -> (upgrade: UpgradeRecord, events: [StoredEvent]) {
        guard let upgradeID else { return try await history(customer: id) }
        let all = try await upgrades(customer: id)
        guard let upgrade = all.first(where: { $0.id == upgradeID }) else {
            throw InputError.unknownUpgrade(customer: id, id: upgradeID, known: all.map(\.id))
        }
        return (upgrade, try await store.events(upgrade: upgrade.id))
    }

    /// The view with its checklist: the plan's items (planned as on the day the upgrade started,
    /// so a version past its end of life since still plans) ticked from the history.
    func withChecklist(_ view: UpgradeView) async throws -> UpgradeView {
        var view = view
        let events = try await store.events(upgrade: view.upgrade.id).map(\.event)
        view.checklist = checklist(of: view.upgrade, facts: view.state.facts, events: events)
        return view
    }

    /// The checklist of an upgrade, ticked as its events say (the last `check` or `uncheck` of
    /// an item wins).
    public func checklist(of upgrade: UpgradeRecord, facts: [String: String], events: [Event]) -> [ChecklistEntry] {
        guard let plan = try? catalog.plan(from: upgrade.from, to: upgrade.to, searchCluster: facts["search.cluster"],
                                           now: upgrade.startedAt) else { return [] }
        var last: [String: Event] = [:]
        for event in events where event.verb == .check || event.verb == .uncheck {
            if let item = event.data["item"] { last[item] = event }
        }
        return plan.checklist.map { item in
            let event = last[item.id]
            let ticked = event?.verb == .check
            return ChecklistEntry(item: item, ticked: ticked, tickedAt: ticked ? event?.at : nil, tickedBy: ticked ? event?.actor : nil)
        }
    }

    /// Ticks (`check`) or unticks a checklist item of the customer's active upgrade: one event.
    ///
    /// - Throws: ``InputError/unknownChecklistItem(_:suggestions:)``,
    ///   ``InputError/checklistUnchanged(item:ticked:)``, ``StoreError/noUpgrade(customer:)``.
    @discardableResult
    public func tick(customer id: String, item: String, ticked: Bool) async throws -> ChecklistEntry {
        let current = try await view(customer: id, upgrade: nil)
        guard current.upgrade.status == .active else { throw StoreError.noUpgrade(customer: id) }
        guard var entry = current.checklist.first(where: { $0.item.id == item }) else {
            throw InputError.unknownChecklistItem(item, suggestions: Suggestions.closest(to: item, among: current.checklist.map(\.item.id)))
        }
        guard entry.ticked != ticked else { throw InputError.checklistUnchanged(item: item, ticked: ticked) }
        let at = StoreDate.normalized(now)
        let actor = self.actor
        try await store.change(customer: id) { locked in
            let definition = try pinned(locked.definition)
            let event = Event(stage: nil, verb: ticked ? .check : .uncheck, at: at, actor: actor, data: ["item": item])
            let machine = machine(for: locked.customer, upgrade: locked.upgrade, definition: definition)
            return ChangeOutcome(events: [event], state: locked.state, blockers: keptBlockers(machine, locked.state), result: ())
        }
        entry.ticked = ticked
        entry.tickedAt = ticked ? at : nil
        entry.tickedBy = ticked ? actor : nil
        return entry
    }
}
