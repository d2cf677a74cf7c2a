import Foundation
import LTSFlowEngine

/// A whole database as `ltsflow db copy` moves it: every customer, every pinned definition,
/// every upgrade with its history. The state of each upgrade is not carried: the target folds
/// it from the events with the pinned definition (as `doctor` checks it). The blockers of each
/// active upgrade may be, decided at the copy (``Tracker/keepingBlockers(_:)``), for the target
/// to keep as a change would.
public struct StoreCopy: Sendable {
    public struct Upgrade: Sendable {
        public var record: UpgradeRecord
        public var events: [Event]
        /// The blockers of the state the events fold to, decided at the copy (active upgrades only).
        public var blockers: BlockerSnapshot?

        public init(record: UpgradeRecord, events: [Event], blockers: BlockerSnapshot? = nil) {
            self.record = record
            self.events = events
            self.blockers = blockers
        }
    }

    public var customers: [Customer]
    public var definitions: [PinnedDefinition]
    /// Oldest first; each keeps its id.
    public var upgrades: [Upgrade]

    public init(customers: [Customer], definitions: [PinnedDefinition], upgrades: [Upgrade]) {
        self.customers = customers
        self.definitions = definitions
        self.upgrades = upgrades
    }

    /// Reads everything from `store`.
    public static func read(from store: any UpgradeStore) async throws(StoreError) -> StoreCopy {
        let customers = try await store.customers()
        var upgrades: [Upgrade] = []
        var definitions: [String: PinnedDefinition] = [:]
        for customer in customers {
            for record in try await store.upgrades(customer: customer.id) {
                upgrades.append(Upgrade(record: record, events: try await store.events(upgrade: record.id).map(\.event)))
                if definitions[record.definitionHash] == nil {
                    guard let pinned = try await store.definition(hash: record.definitionHash) else {
                        throw .missingDefinition(hash: record.definitionHash, upgrade: record.id)
                    }
                    definitions[record.definitionHash] = pinned
                }
            }
        }
        upgrades.sort { $0.record.id < $1.record.id }
        return StoreCopy(customers: customers, definitions: definitions.values.sorted { $0.hash < $1.hash }, upgrades: upgrades)
    }

    /// The state each upgrade's events fold to, with each stage's position (workflow order, then
    /// any other stage after the last, by id): the rows a store writes for it.
    public static func folded(_ upgrade: Upgrade, workflow: WorkflowDefinition) -> (state: UpgradeState, positions: [String: Int]) {
        var state = UpgradeState(definition: workflow)
        for event in upgrade.events { state.apply(event) }
        var positions: [String: Int] = [:]
        for (position, stage) in workflow.stages.enumerated() { positions[stage.id] = position }
        for id in state.stages.keys.sorted() where positions[id] == nil {
            positions[id] = (positions.values.max() ?? -1) + 1
        }
        return (state, positions)
    }
}
