import Foundation
import LTSFlowEngine

/// Persistence of customers, upgrades, their state and their history.
///
/// The interface speaks in engine and record types only, so that another backend (a shared
/// PostgreSQL for teams) can implement it; ``SQLiteStore`` is the one shipped.
///
/// Every method that changes data runs as one transaction; `change` and `beginUpgrade` read the
/// current state, call the caller's closure (the engine) and write the resulting events and
/// state in that same transaction, so concurrent processes can neither lose an update nor make
/// a transition twice.
public protocol UpgradeStore: Sendable {
    // MARK: Customers
    func addCustomer(_ customer: Customer) throws(StoreError)
    func updateCustomer(_ customer: Customer) throws(StoreError)
    /// ``updateCustomer(_:)`` once `check` accepts it, in the same transaction: `check` gets the
    /// customer's active upgrade as stored (nil when none) and throws to refuse the edit.
    func updateCustomer(_ customer: Customer, checking check: (ChangeContext?) throws -> Void) throws
    func customer(id: String) throws(StoreError) -> Customer?
    /// All customers, by id.
    func customers() throws(StoreError) -> [Customer]
    func customerIDs() throws(StoreError) -> [String]

    // MARK: Upgrades
    /// Opens an upgrade for a customer with the events `body` returns (the engine's `begin`);
    /// `decide` as for ``change(customer:deciding:_:)``.
    ///
    /// - Throws: ``StoreError/activeUpgradeExists(customer:from:to:)`` when one is under way.
    func beginUpgrade(customer: String, from: String, to: String, definition: PinnedDefinition,
                      deciding decide: BlockerDecision?, _ body: (Customer) throws -> [Event]) throws -> UpgradeRecord

    /// Applies a change to the customer's active upgrade in one `BEGIN IMMEDIATE` transaction:
    /// `body` receives the state read inside the transaction and returns the events to append
    /// (folded into the stored state) and a result. A thrown error rolls everything back.
    ///
    /// When the events finish the final stage the upgrade is marked finished.
    ///
    /// `decide`, when given, is called in the same transaction with the state after the change;
    /// a store may keep its answer to list blockers without deciding them again.
    func change<T>(customer: String, deciding decide: BlockerDecision?,
                   _ body: (ChangeContext) throws -> (events: [Event], result: T)) throws -> T

    /// Adds customers, each with one upgrade and its whole history, as if each change had been
    /// made in turn (the demo fill): the stored rows and events are the same, written in far
    /// fewer transactions.
    ///
    /// - Throws: ``StoreError/customerExists(_:)`` and what `beginUpgrade` and `change` throw;
    ///   a failure may leave the histories before it written.
    func importHistories(_ histories: [ImportedHistory]) throws

    /// The active upgrade of a customer, else its most recent one, with its state; nil when there
    /// is no such customer (``CustomerProgress/upgrade`` is nil when it has no upgrade yet).
    func progress(customer: String) throws(StoreError) -> CustomerProgress?
    /// Every customer with its active or latest upgrade, by customer id.
    func portfolio() throws(StoreError) -> [CustomerProgress]
    /// ``portfolio()`` one customer at a time, by customer id, from one consistent snapshot,
    /// without holding the whole portfolio in memory; each progress comes with its pinned
    /// definition. `body` must not call the store.
    func forEachProgress(_ body: (CustomerProgress) throws -> Void) throws
    /// Every upgrade of a customer, oldest first.
    func upgrades(customer: String) throws(StoreError) -> [UpgradeRecord]
    func definition(hash: String) throws(StoreError) -> PinnedDefinition?
    /// The history of an upgrade, in order.
    func events(upgrade: Int64) throws(StoreError) -> [StoredEvent]
    /// Every ready, active or blocked stage of every upgrade, by customer id then workflow order,
    /// read through an index of open stages (its cost does not grow with history).
    func openStages() throws(StoreError) -> [OpenStage]
    /// The active upgrades that have a ready, active or blocked stage, by customer id, each with
    /// its customer, those stages (in workflow order) and its facts: what deciding their
    /// blockers needs, and nothing else (no event, no finished upgrade, no pending stage).
    ///
    /// - Parameter customer: Only this customer's active upgrade.
    func openUpgrades(customer: String?) throws(StoreError) -> [OpenUpgrade]

    // MARK: Checks
    /// Compares every upgrade's stored state with the replay of its events and checks that
    /// event sequences have no gap; returns one sentence per problem.
    func verify() throws(StoreError) -> [String]
}

/// A customer with one upgrade and every change made to it, for ``UpgradeStore/importHistories(_:)``.
public struct ImportedHistory: Sendable {
    public var customer: Customer
    public var from: String
    public var to: String
    public var definition: PinnedDefinition
    /// The events of each change, in order; the first change opens the upgrade.
    public var changes: [[Event]]
    /// The blockers of the state the changes leave, decided after the last one.
    public var blockers: BlockerSnapshot?

    public init(customer: Customer, from: String, to: String, definition: PinnedDefinition, changes: [[Event]],
                blockers: BlockerSnapshot? = nil) {
        self.blockers = blockers
        self.customer = customer
        self.from = from
        self.to = to
        self.definition = definition
        self.changes = changes
    }
}

extension UpgradeStore {
    /// ``beginUpgrade(customer:from:to:definition:deciding:_:)`` with no blockers to keep.
    public func beginUpgrade(customer: String, from: String, to: String, definition: PinnedDefinition,
                             _ body: (Customer) throws -> [Event]) throws -> UpgradeRecord {
        try beginUpgrade(customer: customer, from: from, to: to, definition: definition, deciding: nil, body)
    }

    /// ``change(customer:deciding:_:)`` with no blockers to keep.
    public func change<T>(customer: String, _ body: (ChangeContext) throws -> (events: [Event], result: T)) throws -> T {
        try change(customer: customer, deciding: nil, body)
    }

    /// One transaction per change, through the store's own verbs.
    public func importHistories(_ histories: [ImportedHistory]) throws {
        for history in histories {
            try addCustomer(history.customer)
            guard let opening = history.changes.first else { continue }
            _ = try beginUpgrade(customer: history.customer.id, from: history.from, to: history.to,
                                 definition: history.definition) { _ in opening }
            for events in history.changes.dropFirst() where !events.isEmpty {
                try change(customer: history.customer.id) { _ in (events, ()) }
            }
        }
    }
}

extension UpgradeStore {
    /// Through ``portfolio()``, for stores without a query of their own.
    public func forEachProgress(_ body: (CustomerProgress) throws -> Void) throws {
        var texts: [String: PinnedDefinition] = [:]
        for var progress in try portfolio() {
            if let hash = progress.upgrade?.definitionHash {
                if texts[hash] == nil { texts[hash] = try definition(hash: hash) }
                progress.definition = texts[hash]
            }
            try body(progress)
        }
    }

    /// Through ``portfolio()`` (every customer's state), for stores without a query of their own.
    public func openUpgrades(customer: String?) throws(StoreError) -> [OpenUpgrade] {
        try portfolio().compactMap { progress in
            guard customer == nil || progress.customer.id == customer, let upgrade = progress.upgrade,
                  upgrade.status == .active, let state = progress.state else { return nil }
            let stages = state.stages.filter(\.value.status.isOpen)
            return stages.isEmpty ? nil : OpenUpgrade(customer: progress.customer, upgrade: upgrade, stages: stages, facts: state.facts)
        }
    }
}
