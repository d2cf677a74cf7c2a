import Foundation
import LTSFlowEngine

extension Tracker {
    /// The copy with the blockers of each active upgrade decided now, as a change keeps them:
    /// the target of `db copy` then answers `blocked` from kept blockers at once, instead of
    /// deciding every upgrade again until each is changed.
    ///
    /// - Throws: ``StoreError/missingDefinition(hash:upgrade:)`` for an upgrade whose pinned
    ///   definition the copy lacks; the definition's own error when it does not load.
    public func keepingBlockers(_ copy: StoreCopy) throws -> StoreCopy {
        var copy = copy
        var texts: [String: PinnedDefinition] = [:]
        for pinned in copy.definitions { texts[pinned.hash] = pinned }
        var customers: [String: Customer] = [:]
        for customer in copy.customers { customers[customer.id] = customer }
        for index in copy.upgrades.indices where copy.upgrades[index].record.status == .active {
            let upgrade = copy.upgrades[index]
            guard let text = texts[upgrade.record.definitionHash] else {
                throw StoreError.missingDefinition(hash: upgrade.record.definitionHash, upgrade: upgrade.record.id)
            }
            guard let customer = customers[upgrade.record.customerID] else { continue }
            let workflow = try pinned(text)
            let (state, _) = StoreCopy.folded(upgrade, workflow: workflow)
            copy.upgrades[index].blockers = keptBlockers(machine(for: customer, upgrade: upgrade.record, definition: workflow), state)
        }
        return copy
    }
}
