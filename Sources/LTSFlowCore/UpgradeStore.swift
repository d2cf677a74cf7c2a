import Foundation
import LTSFlowEngine

/// Persistence of customers, upgrades, their state and their history: the one interface every
/// backend implements (the modules `LTSFlowSQLite` and `LTSFlowPostgres`; the contract suite in
/// the tests runs against each).
///
/// Every method is `async`, because the PostgreSQL backend (PostgresNIO) and the web server are.
/// Every method that changes data runs as one transaction. A change is one unit of work
/// (``change(customer:_:)``): the store opens the transaction, locks and reads the customer's
/// active upgrade once, hands it to the caller's pure synchronous step, then appends the events
/// the step returns, writes the state it folded and the blockers it decided, and commits. So
/// concurrent processes can neither lose an update nor make a transition twice, and the store
/// never calls back into the service.
public protocol UpgradeStore: Sendable {
    // MARK: Customers
    /// Stores every field of ``Customer``, ``Customer/csm`` and ``Customer/lts`` included (both
    /// optional text).
    ///
    /// - Throws: ``StoreError/customerExists(_:)``.
    func addCustomer(_ customer: Customer) async throws(StoreError)
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``.
    func updateCustomer(_ customer: Customer) async throws(StoreError)
    /// A customer edit as one unit of work, like ``change(customer:_:)``: in one transaction, reads
    /// the customer's active upgrade under the write lock (nil when there is none), calls `step`
    /// once with it, then replaces every field of the customer (``updateCustomer(_:)``) and, when
    /// `step` returns an outcome, appends its events to that upgrade, writes the state it folded
    /// (only the rows that changed; the upgrade finished when every stage is), and keeps its
    /// blockers — even when it has no event, since a new zone, window or contract changes them.
    /// `step` returns nil when there is no active upgrade or nothing to write to it, and throws
    /// to refuse the edit: nothing is written then.
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``, or what `step` throws.
    func updateCustomer(_ customer: Customer, checking step: @Sendable (LockedUpgrade?) throws -> ChangeOutcome<Void>?) async throws
    func customer(id: String) async throws(StoreError) -> Customer?
    /// All customers, by id.
    func customers() async throws(StoreError) -> [Customer]
    func customerIDs() async throws(StoreError) -> [String]

    // MARK: Upgrades
    /// Opens an upgrade in one transaction: pins the definition, creates the stages of
    /// ``NewUpgrade/stages`` as pending, and appends what `step` returns for the customer read
    /// under the lock (the engine's `begin`).
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``,
    ///   ``StoreError/activeUpgradeExists(customer:from:to:)``, or what `step` throws; nothing is
    ///   written then.
    func beginUpgrade<Result: Sendable>(_ new: NewUpgrade, _ step: @Sendable (Customer) throws -> ChangeOutcome<Result>)
        async throws -> (upgrade: UpgradeRecord, result: Result)

    /// Applies a change to the customer's active upgrade as one unit of work: reads it under
    /// the write lock (``LockedUpgrade``), calls `step` once, appends the events it returns,
    /// writes the state it folded (only the rows that changed) and keeps the blockers it
    /// decided, then commits. When the state has every stage finished the upgrade is marked
    /// finished (`finishedAt`: its last event's time; it keeps no blockers) and the customer's
    /// ``Customer/lts`` becomes the upgrade's `to`. When the events returned include a
    /// ``Verb/cancel`` event the upgrade is marked ``UpgradeStatus/cancelled`` instead
    /// (`finishedAt`: that event's time; no blockers kept; the customer's LTS unchanged).
    /// ``Verb/check`` and ``Verb/uncheck`` events (checklist ticks) change no stage or fact:
    /// they are only appended. A thrown error rolls everything back.
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)``, ``StoreError/noUpgrade(customer:)``,
    ///   or what `step` throws (the engine's refusal).
    func change<Result: Sendable>(customer: String,
                                  _ step: @Sendable (LockedUpgrade) throws -> ChangeOutcome<Result>) async throws -> Result

    /// Adds customers, each with one upgrade and its whole history, as if each change had been
    /// made in turn (the demo fill): the stored rows and events are the same, written in far
    /// fewer transactions (a history ending finished sets the customer's LTS to its `to`; one
    /// with a ``Verb/cancel`` event is cancelled at that event's time).
    ///
    /// - Throws: ``StoreError/customerExists(_:)``; nothing of the batch is written then.
    func importHistories(_ histories: [ImportedHistory]) async throws

    /// The active upgrade of a customer, else its most recent one, with its state; nil when there
    /// is no such customer (``CustomerProgress/upgrade`` is nil when it has no upgrade yet).
    func progress(customer: String) async throws(StoreError) -> CustomerProgress?
    /// One upgrade of a customer (`upgrades ACME`, `--upgrade ID`) with its state, as
    /// ``progress(customer:)`` gives the latest; nil when there is no such customer;
    /// ``CustomerProgress/upgrade`` is nil when the customer has no upgrade with that id (an id of
    /// another customer's upgrade included).
    func progress(customer: String, upgrade: Int64) async throws(StoreError) -> CustomerProgress?
    /// Every customer with its active or latest upgrade, by customer id.
    func portfolio() async throws(StoreError) -> [CustomerProgress]
    /// ``portfolio()`` one customer at a time, by customer id, from one consistent snapshot,
    /// without holding the whole portfolio in memory; each progress comes with its pinned
    /// definition. `body` is synchronous and must not call the store.
    func forEachProgress(_ body: (CustomerProgress) throws -> Void) async throws
    /// Every upgrade of a customer, oldest first.
    func upgrades(customer: String) async throws(StoreError) -> [UpgradeRecord]
    func definition(hash: String) async throws(StoreError) -> PinnedDefinition?
    /// The history of an upgrade, in order.
    func events(upgrade: Int64) async throws(StoreError) -> [StoredEvent]
    /// Each active upgrade with an open stage (or the one customer's), by customer id, from one
    /// snapshot: the blockers its last change kept when they hold at `now` under the rules
    /// revision `rules`, else its open stages (in workflow order) and facts to decide them from.
    /// Nothing is held but the upgrade at hand; `body` is synchronous and must not call the store.
    ///
    /// - Parameter kept: False to hand out every upgrade as rows to decide (`doctor` compares).
    func forEachBlockerWork(customer: String?, now: Date, rules: String, kept: Bool,
                            _ body: (BlockerWork) throws -> Void) async throws
    /// Every kept blocker list that holds at `now` under `rules` (what ``forEachBlockerWork(customer:now:rules:_:)``
    /// would hand out as kept), by customer id; its blockers are nil when the kept value cannot be read.
    func heldBlockerLists(now: Date, rules: String) async throws(StoreError) -> [HeldBlockerList]

    // MARK: Copying (`ltsflow db copy`)
    /// Whether the store holds no customer.
    func isEmpty() async throws(StoreError) -> Bool
    /// Writes a whole copied database into this empty store in one transaction: customers,
    /// pinned definitions, upgrades with their ids and events (original actors and times),
    /// and the state each upgrade's events fold to.
    ///
    /// - Throws: ``StoreError/notEmpty(_:)`` when the store holds a customer; nothing is written then.
    func importCopy(_ copy: StoreCopy) async throws

    // MARK: Changes
    /// A short text that differs whenever anything was committed to the store since it was last
    /// read (by this process or another): equal tokens mean nothing changed between the two
    /// reads. Cheap (no table is scanned), so a reader that keeps derived values (the web board)
    /// can ask it often and recompute only when it changes. It may also change when nothing of
    /// ltsflow's did (another database of the same PostgreSQL cluster was written).
    func changeToken() async throws(StoreError) -> String

    // MARK: Checks
    /// Compares every upgrade's stored state with the replay of its events and checks that
    /// event sequences have no gap; returns one sentence per problem.
    func verify() async throws(StoreError) -> [String]
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
