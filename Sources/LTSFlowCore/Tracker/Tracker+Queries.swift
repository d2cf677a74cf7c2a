import Foundation
import LTSFlowEngine

/// One stage of an upgrade as a person sees it.
public struct StageView: Sendable {
    public var definition: StageDefinition
    public var state: StageState
    /// Why it cannot move now (empty for pending, done and skipped stages).
    public var blockers: [Blocker]
    /// For a pending stage: the unfinished stages it waits on.
    public var waitingOn: [String]
    /// For an open stage: warnings that do not block it.
    public var warnings: [String]
}

/// An upgrade with everything a status, a report or `why` shows.
public struct UpgradeView: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    public var definition: WorkflowDefinition
    public var state: UpgradeState
    public var stages: [StageView]
    /// The plan's checklist with its ticks; filled for one customer's view
    /// (``Tracker/view(customer:upgrade:)``), empty in the portfolio.
    public var checklist: [ChecklistEntry] = []

    /// Ready, active and blocked stages, in workflow order.
    public var openStages: [StageView] { stages.filter { $0.state.status.isOpen } }
}

extension Tracker {
    /// The customer's active (or last) upgrade with every stage's blockers.
    public func view(customer id: String) async throws -> UpgradeView {
        guard let progress = try await store.progress(customer: id) else {
            // Unknown: the error names the closest ids.
            throw StoreError.noUpgrade(customer: try await requireCustomer(id).id)
        }
        guard let upgrade = progress.upgrade, let state = progress.state else {
            throw StoreError.noUpgrade(customer: id)
        }
        return try view(progress.customer, upgrade, state, definition: try await pinned(upgrade.definitionHash))
    }

    func view(_ customer: Customer, _ upgrade: UpgradeRecord, _ state: UpgradeState, definition: WorkflowDefinition,
              schedule: Schedule? = nil) throws -> UpgradeView {
        let machine = machine(for: customer, schedule: schedule ?? customer.schedule, upgrade: upgrade, definition: definition)
        let stages = definition.stages.map { stage in
            StageView(definition: stage, state: state[stage: stage.id],
                      blockers: machine.blockers(of: stage.id, in: state, at: now),
                      waitingOn: state[stage: stage.id].status == .pending ? machine.waitingOn(stage.id, in: state) : [],
                      warnings: state[stage: stage.id].status.isOpen ? machine.warnings(of: stage.id, in: state, at: now) : [])
        }
        return UpgradeView(customer: customer, upgrade: upgrade, definition: definition, state: state, stages: stages)
    }

    /// Every customer with its active or last upgrade, by customer id.
    public func portfolio(csm: String? = nil) async throws -> [(customer: Customer, view: UpgradeView?)] {
        var rows: [(customer: Customer, view: UpgradeView?)] = []
        try await forEachPortfolioRow(csm: csm) { customer, view in rows.append((customer, view)) }
        return rows
    }

    /// ``portfolio()`` one customer at a time, by customer id, from one snapshot: what a report
    /// of any size needs without holding every view in memory. `body` must not call the store.
    public func forEachPortfolioRow(csm: String? = nil, _ body: (Customer, UpgradeView?) throws -> Void) async throws {
        var schedules = ScheduleCache()
        try await store.forEachProgress { progress in
            guard progress.customer.isAssigned(to: csm) else { return }
            guard let upgrade = progress.upgrade, let state = progress.state else { return try body(progress.customer, nil) }
            // The store is busy with this iteration: the pinned text comes with the progress.
            guard let text = progress.definition else { throw StoreError.missingDefinition(hash: upgrade.definitionHash, upgrade: upgrade.id) }
            let definition = try pinned(text)
            try body(progress.customer, try view(progress.customer, upgrade, state, definition: definition,
                                                 schedule: schedules.schedule(of: progress.customer)))
        }
    }

    /// Manual blocks, failing guards of ready and active stages, and overdue stages of active
    /// upgrades, optionally for one owner or one customer, one blocker at a time with its
    /// customer's id: by customer id, then workflow order, as in the portfolio.
    ///
    /// Reads only the open stages of active upgrades with their customers and facts (pending,
    /// done and skipped stages have no blocker), never the history, or the blockers the last
    /// change of an upgrade kept while they hold. Holds only the upgrade at hand. `body` must
    /// not call the store.
    ///
    /// - Parameter csm: Only the customers assigned to this CSM (``Customer/isAssigned(to:)``).
    public func forEachBlocker(owner: Owner? = nil, customer: String? = nil, csm: String? = nil,
                               _ body: (_ customer: String, _ blocker: Blocker) throws -> Void) async throws {
        var reader = BlockerList.Reader()
        try await forEachBlockerList(owner: owner, customer: customer, csm: csm) { list in
            try reader.forEach(list) { try body(list.customer, $0) }
        }
    }

    /// ``forEachBlocker(owner:customer:csm:_:)`` an upgrade at a time: each upgrade's blockers
    /// as a ``BlockerList`` (kept blockers still encoded), which can be walked later and on
    /// another thread. Upgrades with no blocker to list may be handed out as empty lists.
    public func forEachBlockerList(owner: Owner? = nil, customer: String? = nil, csm: String? = nil,
                                   _ body: (BlockerList) throws -> Void) async throws {
        if let customer { _ = try await requireCustomer(customer) }
        let kept: Set<String>? = if let csm { Set(try await store.customers().filter { $0.isAssigned(to: csm) }.map(\.id)) } else { nil }
        var process = BlockerProcess(tracker: self, owner: owner)
        try await store.forEachBlockerWork(customer: customer, now: now, rules: UpgradeMachine.blockerRules, kept: true) { work in
            let list = try process.list(work)
            if let kept, !kept.contains(list.customer) { return }
            try body(list)
        }
    }

    /// A token that changes whenever the store was written (``UpgradeStore/changeToken()``): a
    /// reader keeping answers derived from the whole portfolio recomputes them only when it moved.
    public func changeToken() async throws(StoreError) -> String {
        try await store.changeToken()
    }

    /// The history of the customer's active (or last) upgrade.
    public func history(customer id: String) async throws -> (upgrade: UpgradeRecord, events: [StoredEvent]) {
        _ = try await requireCustomer(id)
        guard let upgrade = try await store.progress(customer: id)?.upgrade else { throw StoreError.noUpgrade(customer: id) }
        return (upgrade, try await store.events(upgrade: upgrade.id))
    }

    /// Replays every upgrade and compares with the stored state; then compares every kept
    /// blocker list that holds now with the blockers decided from the stored state.
    public func doctor() async throws -> [String] {
        try await store.verify() + keptBlockerProblems()
    }

    /// The kept blocker lists that `blocked` would use now but cannot read or that differ from
    /// what the engine decides from the stored stages and facts: a list is only ever written
    /// with its upgrade's change, so a difference means the rows were edited by hand. The next
    /// change of the upgrade writes its list again.
    func keptBlockerProblems() async throws -> [String] {
        let kept = try await store.heldBlockerLists(now: now, rules: UpgradeMachine.blockerRules)
        guard !kept.isEmpty else { return [] }
        var decided: [String: [Blocker]] = [:]
        var process = BlockerProcess(tracker: self, owner: nil)
        try await store.forEachBlockerWork(customer: nil, now: now, rules: UpgradeMachine.blockerRules, kept: false) { work in
            // With `kept` false, every upgrade comes to be decided (the store contract).
            guard case .undecided(let open) = work else {
                preconditionFailure("a store handed out a kept list when asked for none (kept: false)")
            }
            try process.run(open) { customer, blocker in decided[customer, default: []].append(blocker) }
        }
        return kept.compactMap { list in
            let upgrade = "\(list.customer), upgrade \(list.upgradeID) (LTS \(list.from) → \(list.to))"
            guard let blockers = list.blockers else {
                return "\(upgrade): its kept blockers cannot be read; they are decided again until its next change writes them"
            }
            let expected = decided[list.customer] ?? []
            // `blocked` lists only the blockers that need someone; so does the comparison.
            let kept = blockers.filter(\.needsSomeone)
            guard kept != expected else { return nil }
            return "\(upgrade): its kept blockers (\(kept.count)) differ from those its stored stages and facts give now "
                + "(\(expected.count)); its next change writes them again"
        }
    }
}

/// Customers' schedules by region, zone and window: a portfolio has thousands of customers and
/// a handful of distinct schedules, each of which costs a time zone lookup to build.
struct ScheduleCache {
    private var known: [(region: String, timeZone: String, window: String?, schedule: Schedule)] = []

    mutating func schedule(of customer: Customer) -> Schedule {
        // A handful of entries: a linear search compares short strings, cheaper than hashing them.
        if let found = known.first(where: { $0.region == customer.region && $0.timeZone == customer.timeZone && $0.window == customer.window }) {
            return found.schedule
        }
        let schedule = customer.schedule
        known.append((customer.region, customer.timeZone, customer.window, schedule))
        return schedule
    }
}

/// Decides the blockers of open upgrades one after another, for ``Tracker/forEachBlockerList(owner:customer:csm:_:)``.
struct BlockerProcess: Sendable {
    let tracker: Tracker
    let owner: Owner?
    private var definitions: [String: WorkflowDefinition] = [:]
    private var last: (hash: String, definition: WorkflowDefinition)?
    private var schedules = ScheduleCache()
    /// Emptied and refilled for each upgrade: its tables keep their storage.
    private var state = UpgradeState()

    init(tracker: Tracker, owner: Owner?) {
        self.tracker = tracker
        self.owner = owner
    }

    /// The upgrade's list: its kept blockers as they are, or those decided from its rows.
    mutating func list(_ work: borrowing BlockerWork) throws -> BlockerList {
        switch work {
        case .kept(let customer, let blockers):
            return BlockerList(customer: customer, source: .kept(blockers), owner: owner)
        case .undecided(let open):
            var found: [Blocker] = []
            try run(open) { _, blocker in found.append(blocker) }
            return BlockerList(customer: open.customer.id, source: .decided(found), owner: owner)
        }
    }

    mutating func run(_ open: borrowing OpenUpgradeRows, _ body: (String, Blocker) throws -> Void) throws {
        let text = open.definition
        // Nearly every upgrade pins the same text: compare with the last one before hashing.
        if last?.hash != text.hash {
            if definitions[text.hash] == nil { definitions[text.hash] = try tracker.pinned(text) }
            guard let found = definitions[text.hash] else { return }
            last = (text.hash, found)
        }
        guard let (_, definition) = last else { return }
        let machine = tracker.machine(for: open.customer, schedule: schedules.schedule(of: open.customer), upgrade: open.upgrade,
                                      definition: definition)
        state.stages.removeAll(keepingCapacity: true)
        state.facts.removeAll(keepingCapacity: true)
        for (id, stage) in open.stages { state.stages[id] = stage }
        for (key, value) in open.facts { state.facts[key] = value }
        // The stages come in workflow order (their position); one the definition does not know
        // has no blocker.
        for (id, _) in open.stages {
            for blocker in machine.blockers(of: id, in: state, at: tracker.now) where blocker.needsSomeone && (owner == nil || blocker.owner == owner) {
                try body(open.customer.id, blocker)
            }
        }
    }
}

extension Customer {
    /// Whether the customer's CSM is `csm` (case and surrounding blanks aside); any customer
    /// when `csm` is nil.
    public func isAssigned(to csm: String?) -> Bool {
        guard let csm else { return true }
        guard let mine = self.csm else { return false }
        return Self.csmKey(mine) == Self.csmKey(csm)
    }
}
