import Foundation
import LTSFlowEngine

/// What `demo` did.
public struct DemoSummary: Sendable {
    public var added: Int
    /// Demo customers already in the database, left as they were.
    public var kept: Int
}

/// The demo's customers made one at a time in memory, with no store: what ``Tracker/fillDemo(customers:seed:)``
/// writes, and the corpus of `BlockerRulesTests`.
struct DemoPortfolio {
    let tracker: Tracker
    let seed: UInt64
    private let workflow: WorkflowDefinition
    private let pairs: [(String, String)]
    private var pinned: [String: PinnedDefinition] = [:]
    private var plans: [String: UpgradePlan] = [:]

    /// - Throws: ``StoreError/noDemoTarget(at:)`` when no LTS target is supported at the tracker's "now".
    init(tracker: Tracker, seed: UInt64) throws {
        self.tracker = tracker
        self.seed = seed
        workflow = try tracker.demoWorkflow()
        pairs = tracker.demoVersionPairs()
        guard !pairs.isEmpty else { throw StoreError.noDemoTarget(at: tracker.now) }
    }

    /// The customer at `index` with its upgrade, every change made to it and the blockers
    /// decided at the end; the same index, seed and "now" always give the same history.
    mutating func history(_ index: Int) throws -> ImportedHistory {
        let (id, name) = Tracker.demoCustomerName(index)
        var random = SeededGenerator(seed: seed &* 1_000_003 &+ UInt64(index))
        return try tracker.demoCustomer(index: index, id: id, name: name, pairs: pairs, workflow: workflow,
                                        pinned: &pinned, plans: &plans, random: &random)
    }
}

/// A small deterministic random generator (SplitMix64), so a seed always gives one portfolio.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Tracker {
    static let demoNames = [
        ("acme", "ACME Corporation"), ("globex", "Globex"), ("initech", "Initech"), ("umbrella", "Umbrella Pharma"),
        ("stark", "Stark Industries"), ("wayne", "Wayne Enterprises"), ("wonka", "Wonka Confectionery"),
        ("tyrell", "Tyrell Corporation"), ("cyberdyne", "Cyberdyne Systems"), ("soylent", "Soylent"),
        ("hooli", "Hooli"), ("pied-piper", "Pied Piper"), ("vandelay", "Vandelay Industries"), ("oscorp", "Oscorp"),
        ("gringotts", "Gringotts Bank"), ("monarch", "Monarch Solutions"), ("dunder", "Dunder Mifflin"),
        ("aperture", "Aperture Science"), ("black-mesa", "Black Mesa"), ("massive", "Massive Dynamic"),
        ("nakatomi", "Nakatomi Trading"), ("weyland", "Weyland-Yutani"), ("kaiju", "Kaiju Logistics"),
        ("sakura", "Sakura Bank"), ("zaibatsu", "Mishima Zaibatsu"),
    ]

    /// Fills the store with a deterministic portfolio: customers in every region, at every
    /// stage, some blocked on each owner, a sandbox about to expire, skipped branches.
    ///
    /// The same count, seed and "now" always give the same portfolio; customers that already
    /// exist are kept as they are, so running the demo twice is harmless.
    public func fillDemo(customers count: Int, seed: UInt64) async throws -> DemoSummary {
        let existing = Set(try await store.customerIDs())
        var portfolio = try DemoPortfolio(tracker: self, seed: seed)
        // Each customer's commands run on the engine in memory, as the store would have run them
        // one transaction at a time; the histories are then written a batch at a time, each
        // batch while the next one is made (the two take about as long as each other). Batches
        // are written one after another, in order.
        var batch: [ImportedHistory] = []
        var writing: Task<Void, any Error>?
        var summary = DemoSummary(added: 0, kept: 0)
        for index in 0..<count {
            if existing.contains(Self.demoCustomerName(index).id) {
                summary.kept += 1
                continue
            }
            let history: ImportedHistory
            do {
                history = try portfolio.history(index)
            } catch {
                // As when each command was its own transaction: what came before stays.
                try await writing?.value
                try await store.importHistories(batch)
                throw error
            }
            batch.append(history)
            summary.added += 1
            if batch.count == Self.demoBatch {
                try await writing?.value
                writing = Task { [store, batch] in try await store.importHistories(batch) }
                batch = []
            }
        }
        try await writing?.value
        try await store.importHistories(batch)
        return summary
    }

    /// The demo customer whose upgrade is cancelled (Tyrell Corporation).
    static let demoCancelled = 7

    /// The id and name of the demo's customer at `index`.
    static func demoCustomerName(_ index: Int) -> (id: String, name: String) {
        index < demoNames.count ? demoNames[index] : (String(format: "customer-%06d", index + 1), "Customer \(index + 1)")
    }

    /// Customers written per transaction by the demo.
    static let demoBatch = 500

    func demoWorkflow() throws -> WorkflowDefinition {
        guard let definition = library.workflows[WorkflowLibrary.defaultWorkflowID]?.definition else {
            throw InputError.unknownWorkflow(WorkflowLibrary.defaultWorkflowID, valid: library.ids)
        }
        return definition
    }

    /// Forward pairs whose target is not past end of life now.
    func demoVersionPairs() -> [(String, String)] {
        let candidates = [("2021", "2023"), ("2023", "2025"), ("2019", "2023"), ("2021", "2025"), ("2019", "2021")]
        return candidates.filter { (try? catalog.plan(from: $0.0, to: $0.1, searchCluster: nil, now: now)) != nil }
    }

    func demoCustomer(index: Int, id: String, name: String, pairs: [(String, String)], workflow: WorkflowDefinition,
                              pinned: inout [String: PinnedDefinition], plans: inout [String: UpgradePlan],
                              random: inout SeededGenerator) throws -> ImportedHistory {
        let region = Region.allCases[index % Region.allCases.count]
        let stages = workflow.stages.map(\.id)
        // The first customers cover every stage in order; later ones are drawn at random.
        let target = index < Self.demoNames.count ? index % (stages.count + 1) : Int.random(in: 0...stages.count, using: &random)
        // Early stages need a sandbox to be seen; later customers sometimes have none.
        let sandbox: SandboxContract = target >= 4 && (index % 5 == 1 || index % 5 == 3) ? .none : .purchased
        // Customers around search coordination come from 2019, whose cluster LTS 2023 does not support.
        let legacy = pairs.first { $0 == ("2019", "2023") }
        let pair = (target == 5 || target == 6) ? (legacy ?? pairs[0]) : pairs[(index / 3) % pairs.count]
        let clusters = ["opensearch 1.3", "elasticsearch 7.17", "elasticsearch 6.8", nil]
        let cluster = pair.0 == "2019" ? "elasticsearch 6.8" : clusters[index % clusters.count]
        let actors = ["alice", "bruno", "chiyo", "dmitri"]
        let actor = actors[index % actors.count]

        // Durations first, so the walk ends shortly before now.
        let stepDays = (0..<stages.count).map { _ in Int.random(in: 1...4, using: &random) }
        let idle = index % 7 == 6 ? 25 : Int.random(in: 0...2, using: &random)
        var clock = now.addingTimeInterval(-Double(stepDays.prefix(target).reduce(0, +) * 2 + idle + 1) * 86_400)
        clock = clock.addingTimeInterval(-Double(Int.random(in: 0...36_000, using: &random)))

        // Each CSM acts on their own customers: `--mine --as alice` shows alice's.
        var customer = try at(clock, actor: actor).newCustomer(id: id, CustomerInput(
            name: name, region: region.rawValue, window: index % 9 == 4 ? "22:00-00:00" : nil,
            contacts: ["it@\(id).example"], sandbox: sandbox))
        customer.csm = actor
        customer.lts = pair.0
        let opening = try at(clock, actor: actor).opening(from: pair.0, to: pair.1, searchCluster: cluster, workflow: nil,
                                                          pinnedTexts: pinned, plans: &plans)
        pinned[opening.pinned.workflowID] = opening.pinned
        let definition = try self.pinned(opening.pinned)
        var walk = DemoWalk(customer: customer, definition: definition,
                            machine: machine(for: customer, upgrade: opening.draft(for: customer, at: clock), definition: definition))
        walk.record(try walk.machine.begin(facts: opening.facts, at: clock, actor: actor))

        var done = 0
        var guardCount = 0
        // Walk until the first open stage is the target stage (or a later one, when the target
        // was skipped automatically).
        while guardCount < stages.count * 4 {
            guardCount += 1
            guard let stage = walk.firstOpenStage(), (stages.firstIndex(of: stage.definition.id) ?? 0) < target else { break }
            let facts = walk.state.facts
            let stageID = stage.definition.id
            let days = Double(stepDays[min(done, stepDays.count - 1)])
            clock = clock.addingTimeInterval(days * 86_400)
            // Optional stages are skipped now and then, as CSMs do.
            if stage.definition.optional, index % 2 == 0 {
                try walk.perform(.skip(stage: stageID, reason: stageID == "sandbox-request" ? "the existing sandbox is enough" : "no production data needed"),
                                 at: clock, actor: actor)
                done += 1
                continue
            }
            if let set = demoFacts(for: stageID, customer: customer, at: clock, completing: clock.addingTimeInterval(days * 86_400),
                                   target: opening.plan.to.defaultSearchCluster.description, expiring: index % 11 == 3) {
                try walk.perform(set, at: clock, actor: actor)
            }
            if stageID == "production-cutover", let at = facts["cutover.at"], let cutover = LocalDateTime(parsing: at) {
                clock = max(clock, cutover.instant(in: TimeZone(identifier: customer.timeZone)!).addingTimeInterval(3_600))
            }
            if stage.state.status == .ready {
                try walk.perform(.start(stage: stageID), at: clock, actor: actor)
            }
            clock = clock.addingTimeInterval(days * 86_400)
            try walk.perform(.complete(stage: stageID), at: clock, actor: actor)
            done += 1
        }
        // Some customers have work under way on their next stage.
        if index % 3 == 0, let next = walk.firstOpenStage(), next.state.status == .ready,
           (try? walk.perform(.start(stage: next.definition.id), at: clock.addingTimeInterval(1_800), actor: actor)) != nil {
            clock = clock.addingTimeInterval(1_800)
        }
        // Past intake, the first lines of the checklist are ticked.
        if done >= 1 {
            let items = opening.plan.checklist.prefix(1 + index % 3).map(\.id)
            walk.record(items.map { Event(stage: nil, verb: .check, at: clock.addingTimeInterval(600), actor: actor, data: ["item": $0]) })
        }
        try demoBlock(index: index, walk: &walk, at: clock.addingTimeInterval(3_600), actor: actor)
        if index == Self.demoCancelled {
            walk.record([Event(stage: nil, verb: .cancel, at: clock.addingTimeInterval(7_200), actor: actor,
                               note: "opened with the wrong target: the customer chose the next LTS instead",
                               data: ["from": opening.plan.from.id, "to": opening.plan.to.id])])
        }
        // Decided now, as the store keeps them after a change.
        var validity = Validity(from: now)
        let blockers = walk.machine.allBlockers(in: walk.state, at: now, validity: &validity)
        return ImportedHistory(customer: customer, from: opening.plan.from.id, to: opening.plan.to.id,
                               definition: opening.pinned, changes: walk.changes,
                               blockers: BlockerSnapshot(blockers: blockers, validity: validity))
    }

    /// The facts a stage needs, as a CSM would record them at `time` for a stage completed at
    /// `completion`; nil for a stage that needs none. Every rule holds: a sandbox starts the day
    /// its request is completed, recorded dates are not in the future, tickets are filed ahead.
    private func demoFacts(for stage: String, customer: Customer, at time: Date, completing completion: Date, target: String,
                           expiring: Bool) -> Command? {
        let zone = TimeZone(identifier: customer.timeZone) ?? TimeZone(identifier: "UTC")!
        let today = ZonedDateTime(time, in: zone).date
        let ticket = "SUPNXP-\(1000 + abs(customer.id.hashValueStable % 9000))"
        var facts: [FactAssignment] = []
        switch stage {
        case "sandbox-request":
            // One sandbox ends just after now, to show the expiry warning.
            let end = expiring ? ZonedDateTime(now, in: zone).date.adding(days: 4) : today.adding(days: 75)
            facts = [.init(key: "sandbox.start", value: ZonedDateTime(completion, in: zone).date.description),
                     .init(key: "sandbox.end", value: end.description)]
        case "preprod-restore":
            facts = [.init(key: "restore.ticket", value: ticket)]
        case "search-coordination":
            facts = [.init(key: "search.target", value: target), .init(key: "search.ticket", value: ticket)]
        case "preprod-upgrade":
            facts = [.init(key: "preprod.upgrade-at", value: Self.demoSlot(customer.schedule, from: today.adding(days: -2), step: -1, avoiding: .preprod)),
                     .init(key: "preprod.ticket", value: ticket), .init(key: "preprod.ticket-filed", value: today.adding(days: -10).description)]
        case "production-scheduling":
            facts = [
                .init(key: "cutover.at", value: Self.demoSlot(customer.schedule, from: today.adding(days: 9), step: 1, avoiding: .prod)),
                .init(key: "cutover.notice-sent", value: today.description),
                .init(key: "cutover.ticket-filed", value: today.description),
                .init(key: "cutover.ticket", value: ticket),
            ]
        default:
            return nil
        }
        return .set(facts)
    }

    /// Thirty minutes into the customer's first window from `day` (going by `step` days) that
    /// is not a hotfix window of the given kind, as a local date-time fact.
    static func demoSlot(_ schedule: Schedule, from day: LocalDate, step: Int, avoiding kind: HotfixKind) -> String {
        var date = day
        var window = schedule.window(on: date)
        while Schedule.hotfixWindow(containing: window.start.addingTimeInterval(1_800), region: schedule.region)?.0 == kind {
            date = date.adding(days: step)
            window = schedule.window(on: date)
        }
        let local = ZonedDateTime(window.start.addingTimeInterval(1_800), in: schedule.timeZone)
        return "\(local.date)T\(local.time)"
    }

    /// Every fourth customer is blocked on someone, each owner in turn.
    private func demoBlock(index: Int, walk: inout DemoWalk, at time: Date, actor: String) throws {
        guard index % 4 == 2 else { return }
        guard let stage = walk.firstOpenStage(where: { $0.status == .ready || $0.status == .active }) else { return }
        let reasons: [(Owner, String)] = [
            (.cloudTeam, "waiting for the new Cloud Console project"),
            (.customer, "customer validating custom code on Java 17"),
            (.support, "production-to-pre-production restore ticket in queue"),
            (.csm, "waiting for the customer's go/no-go meeting"),
        ]
        let (owner, reason) = reasons[(index / 4) % reasons.count]
        try walk.perform(.block(stage: stage.definition.id, reason: reason, owner: owner, ticket: "SUPNXP-\(2000 + index)"),
                         at: time, actor: actor)
    }
}

/// One demo customer's upgrade played on the engine in memory: each command is applied to the
/// state as the store would have read it back (times to the millisecond), and its events are
/// kept as one change.
private struct DemoWalk {
    let customer: Customer
    let definition: WorkflowDefinition
    let machine: UpgradeMachine
    private(set) var state: UpgradeState
    private(set) var changes: [[Event]] = []

    init(customer: Customer, definition: WorkflowDefinition, machine: UpgradeMachine) {
        self.customer = customer
        self.definition = definition
        self.machine = machine
        state = UpgradeState(definition: definition)
    }

    /// The first ready, active or blocked stage in workflow order whose state passes `test`
    /// (asked after every step: the stages after it are not looked at).
    func firstOpenStage(where test: (StageState) -> Bool = { _ in true }) -> (definition: StageDefinition, state: StageState)? {
        for stage in definition.stages {
            let current = state[stage: stage.id]
            if current.status.isOpen, test(current) { return (stage, current) }
        }
        return nil
    }

    mutating func record(_ events: [Event]) {
        var events = events
        for index in events.indices { events[index].at = StoreDate.normalized(events[index].at) }
        for event in events { state.apply(event) }
        changes.append(events)
    }

    mutating func perform(_ command: Command, at time: Date, actor: String) throws {
        record(try machine.apply(command, to: state, at: time, actor: actor))
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run).
    var hashValueStable: Int {
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in utf8 {
            hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211
        }
        return Int(truncatingIfNeeded: hash >> 1)
    }
}
