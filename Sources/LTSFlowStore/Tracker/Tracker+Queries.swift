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

    /// Ready, active and blocked stages, in workflow order.
    public var openStages: [StageView] { stages.filter { $0.state.status.isOpen } }
}

/// One line of the `blocked` list.
public struct BlockedItem: Sendable {
    public var customer: Customer
    public var blocker: Blocker
}

extension Tracker {
    /// The customer's active (or last) upgrade with every stage's blockers.
    public func view(customer id: String) throws -> UpgradeView {
        guard let progress = try store.progress(customer: id) else {
            // Unknown: the error names the closest ids.
            throw StoreError.noUpgrade(customer: try requireCustomer(id).id)
        }
        guard let upgrade = progress.upgrade, let state = progress.state else {
            throw StoreError.noUpgrade(customer: id)
        }
        return try view(progress.customer, upgrade, state)
    }

    func view(_ customer: Customer, _ upgrade: UpgradeRecord, _ state: UpgradeState, definition: WorkflowDefinition? = nil,
              schedule: Schedule? = nil) throws -> UpgradeView {
        let definition = try definition ?? pinned(upgrade.definitionHash)
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
    public func portfolio() throws -> [(customer: Customer, view: UpgradeView?)] {
        return try store.portfolio().map { progress in
            guard let upgrade = progress.upgrade, let state = progress.state else { return (progress.customer, nil) }
            return (progress.customer, try view(progress.customer, upgrade, state))
        }
    }

    /// ``portfolio()`` one customer at a time, by customer id, from one snapshot: what a report
    /// of any size needs without holding every view in memory.
    public func forEachPortfolioRow(_ body: (Customer, UpgradeView?) throws -> Void) throws {
        var schedules = ScheduleCache()
        try store.forEachProgress { progress in
            guard let upgrade = progress.upgrade, let state = progress.state else { return try body(progress.customer, nil) }
            // The store is busy with this iteration: the pinned text comes with the progress.
            guard let text = progress.definition else {
                throw StoreError.database("the pinned definition \(upgrade.definitionHash.prefix(12)) is missing")
            }
            let definition = try pinned(text)
            try body(progress.customer, try view(progress.customer, upgrade, state, definition: definition,
                                                 schedule: schedules.schedule(of: progress.customer)))
        }
    }

    /// Manual blocks, failing guards of ready and active stages, and overdue stages of active
    /// upgrades, optionally for one owner or one customer.
    ///
    /// Reads only the open stages of active upgrades, with their customers and facts (pending,
    /// done and skipped stages have no blocker), never the history; `--customer` is one index
    /// lookup. Items come by customer id, then workflow order, as in the portfolio.
    public func blocked(owner: Owner? = nil, customer: String? = nil) throws -> [BlockedItem] {
        if let customer { _ = try requireCustomer(customer) }
        var schedules = ScheduleCache()
        var items: [BlockedItem] = []
        var last: (hash: String, definition: WorkflowDefinition, order: [String: Int])?
        for open in try store.openUpgrades(customer: customer) {
            // Upgrades nearly always pin the same text: look it up only when the hash changes.
            let hash = open.upgrade.definitionHash
            if last?.hash != hash {
                let definition = try pinned(hash)
                last = (hash, definition, Dictionary(definition.stages.enumerated().map { ($1.id, $0) }) { first, _ in first })
            }
            guard let (_, definition, order) = last else { continue }
            let machine = machine(for: open.customer, schedule: schedules.schedule(of: open.customer), upgrade: open.upgrade,
                                  definition: definition)
            let state = open.state
            // Workflow order; a stage the definition does not know has no blocker.
            let stages = open.stages.keys.compactMap { id in order[id].map { (id, $0) } }.sorted { $0.1 < $1.1 }
            for (id, _) in stages {
                for blocker in machine.blockers(of: id, in: state, at: now) where blocker.needsSomeone && (owner == nil || blocker.owner == owner) {
                    items.append(BlockedItem(customer: open.customer, blocker: blocker))
                }
            }
        }
        return items
    }

    /// ``blocked(owner:customer:)`` one blocker at a time, with its customer's id, in the same
    /// order, holding only the upgrade at hand (the list grows with the portfolio; this does not).
    /// `body` must not call the store.
    public func forEachBlocker(owner: Owner? = nil, customer: String? = nil,
                               _ body: (_ customer: String, _ blocker: Blocker) throws -> Void) throws {
        guard let sqlite = store as? SQLiteStore else {
            for item in try blocked(owner: owner, customer: customer) { try body(item.customer.id, item.blocker) }
            return
        }
        if let customer {
            _ = try requireCustomer(customer)
            var process = BlockerProcess(tracker: self, owner: owner)
            try forEachBlockerWork(sqlite, customer: customer) { work in try process.run(work, body) }
            return
        }
        // The whole portfolio: reading and deciding (or decoding) take about as long as
        // writing the blockers out, so they run on the two cores side by side. This thread
        // reads (one snapshot) and hands batches of work, in order, to a second thread that
        // decides the blockers still to decide and passes them all to `body` in the same order.
        // `body` is called from that thread only, and never after this function returns.
        try withoutActuallyEscaping(body) { body in
            let queue = BatchQueue<BlockerWork>()
            let consumer = BlockerConsumer(queue: queue, process: BlockerProcess(tracker: self, owner: owner),
                                           body: UncheckedSendable(body))
            consumer.start()
            var batch: [BlockerWork] = []
            batch.reserveCapacity(BatchQueue<BlockerWork>.batchSize)
            do {
                try forEachBlockerWork(sqlite, customer: nil) { work in
                    batch.append(work)
                    if batch.count == BatchQueue<BlockerWork>.batchSize {
                        guard queue.put(batch) else { throw BatchQueue<BlockerWork>.Stopped() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                _ = queue.put(batch)
            } catch {
                queue.finish()
                consumer.wait()
                throw consumer.error ?? error
            }
            queue.finish()
            consumer.wait()
            if let error = consumer.error { throw error }
        }
    }

    /// The active upgrades in customer order, each as the blockers kept by its last change
    /// when they hold now, else as the rows to decide them from.
    private func forEachBlockerWork(_ sqlite: SQLiteStore, customer: String?, _ emit: (BlockerWork) throws -> Void) throws {
        try sqlite.forEachKeptBlockers(customer: customer, now: now, rules: UpgradeMachine.blockerRules, kept: { id, bytes in
            // Checked here, decoded by the thread that writes them out.
            guard BlockerSnapshotCoding.isReadable(bytes) else { return false }
            try emit(.kept(customer: id, Array(bytes)))
            return true
        }, undecided: { rows in
            try emit(.undecided(rows))
        })
    }

    /// The history of the customer's active (or last) upgrade.
    public func history(customer id: String) throws -> (upgrade: UpgradeRecord, events: [StoredEvent]) {
        _ = try requireCustomer(id)
        guard let upgrade = try store.progress(customer: id)?.upgrade else { throw StoreError.noUpgrade(customer: id) }
        return (upgrade, try store.events(upgrade: upgrade.id))
    }

    /// Replays every upgrade and compares with the stored state; then compares every kept
    /// blocker list that holds now with the blockers decided from the stored state.
    public func doctor() throws -> [String] {
        try store.verify() + keptBlockerProblems()
    }

    /// The kept blocker lists (``SQLiteStore``) that `blocked` would use now but cannot read or
    /// that differ from what the engine decides from the stored stages and facts: a list is
    /// only ever written with its upgrade's change, so a difference means the rows were edited
    /// by hand. The next change of the upgrade writes its list again.
    func keptBlockerProblems() throws -> [String] {
        guard let sqlite = store as? SQLiteStore else { return [] }
        var kept: [(customer: String, upgrade: String, blockers: [Blocker]?)] = []
        var texts = BlockerSnapshotCoding.Texts()
        try sqlite.forEachHeldBlockerList(now: now, rules: UpgradeMachine.blockerRules) { id, upgrade, bytes in
            var found: [Blocker] = []
            let readable = try BlockerSnapshotCoding.decode(bytes, texts: &texts) { found.append($0) }
            kept.append((id, upgrade, readable ? found : nil))
        }
        var decided: [String: [Blocker]] = [:]
        for item in try blocked() { decided[item.customer.id, default: []].append(item.blocker) }
        return kept.compactMap { id, upgrade, blockers in
            guard let blockers else {
                return "\(upgrade): its kept blockers cannot be read; they are decided again until its next change writes them"
            }
            let expected = decided[id] ?? []
            guard blockers != expected else { return nil }
            return "\(upgrade): its kept blockers (\(blockers.count)) differ from those its stored stages and facts give now "
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

/// Decides the blockers of open upgrades one after another, for ``Tracker/forEachBlocker(owner:customer:_:)``.
struct BlockerProcess: Sendable {
    let tracker: Tracker
    let owner: Owner?
    private var definitions: [String: WorkflowDefinition] = [:]
    private var last: (hash: String, definition: WorkflowDefinition)?
    private var schedules = ScheduleCache()
    /// Emptied and refilled for each upgrade: its tables keep their storage.
    private var state = UpgradeState()
    /// The repeated texts of kept blockers, made once each.
    private var texts = BlockerSnapshotCoding.Texts()

    init(tracker: Tracker, owner: Owner?) {
        self.tracker = tracker
        self.owner = owner
    }

    mutating func run(_ work: borrowing BlockerWork, _ body: (String, Blocker) throws -> Void) throws {
        switch work {
        case .kept(let customer, let bytes):
            let owner = owner
            let readable = try bytes.withUnsafeBufferPointer { bytes in
                try BlockerSnapshotCoding.decode(bytes, texts: &texts) { blocker in
                    if blocker.needsSomeone && (owner == nil || blocker.owner == owner) { try body(customer, blocker) }
                }
            }
            // Checked before it was handed over (``BlockerSnapshotCoding/isReadable(_:)``).
            guard readable else { throw StoreError.database("the blockers kept for customer \(customer) cannot be read; ltsflow doctor can check the file") }
        case .undecided(let open):
            try run(open, body)
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

/// One active upgrade for ``BlockerProcess``: the blockers kept by its last change (encoded,
/// checked readable), or the rows to decide them from.
enum BlockerWork: Sendable {
    case kept(customer: String, [UInt8])
    case undecided(OpenUpgradeRows)
}

/// A value handed to another thread that the sender no longer touches until that thread is done.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Batches passed in order from one thread to another, at most a few waiting at a time.
final class BatchQueue<Element>: @unchecked Sendable {
    static var batchSize: Int { 256 }
    struct Stopped: Error {}

    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private var finished = false
    private var stopped = false

    /// Waits while the queue is full; false when the consumer has stopped.
    func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= 4 && !stopped { condition.wait() }
        if stopped { return false }
        if !batch.isEmpty { batches.append(batch) }
        condition.broadcast()
        return true
    }

    /// No more batches will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: producers stop.
    func stop() {
        condition.lock()
        stopped = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for it; nil once finished and empty.
    func take() -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished && !stopped { condition.wait() }
        if batches.isEmpty { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }
}

/// The thread of ``Tracker/forEachBlocker(owner:customer:_:)`` that decides blockers.
final class BlockerConsumer: @unchecked Sendable {
    private let queue: BatchQueue<BlockerWork>
    private var process: BlockerProcess
    /// Dropped as soon as the work is done: the caller's closure must not outlive its call.
    private var body: UncheckedSendable<(String, Blocker) throws -> Void>?
    private let done = DispatchSemaphore(value: 0)
    /// The first error of the process or of the body; read after ``wait()``.
    private(set) var error: (any Error)?

    init(queue: BatchQueue<BlockerWork>, process: BlockerProcess,
         body: UncheckedSendable<(String, Blocker) throws -> Void>) {
        self.queue = queue
        self.process = process
        self.body = body
    }

    func start() {
        Thread.detachNewThread { [self] in
            defer {
                body = nil
                done.signal()
            }
            guard let body else { return }
            do {
                while let batch = queue.take() {
                    for index in batch.indices { try process.run(batch[index], body.value) }
                }
            } catch {
                self.error = error
                queue.stop()
            }
        }
    }

    func wait() {
        done.wait()
    }
}
