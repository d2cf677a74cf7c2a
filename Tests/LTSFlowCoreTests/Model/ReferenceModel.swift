import Foundation

/// A small reference model of the state machine (docs/workflows.md, "The state machine"), and
/// of the rules that hold at every moment (issue 13), written apart
/// from the engine: its own stage → status dictionary, dependency rule, verbs and date
/// arithmetic (``ModelClock``). It answers every ``Step`` as the spec says the product must,
/// and records the events the spec says the history must get.
struct ReferenceModel {
    enum Status: String { case pending, ready, active, blocked, done, skipped }

    struct Upgrade {
        var stages: [String: Status] = Dictionary(uniqueKeysWithValues: ModelWorkflow.stageIDs.map { ($0, .pending) })
        /// Where `unblock` returns a blocked stage.
        var resume: [String: Status] = [:]
        /// Stages skipped because their condition does not hold (not by a person).
        var automatic: Set<String> = []
        var finishedAt: [String: Date] = [:]
        var facts: [String: String] = [:]
        var events: [HistoryEvent] = []
        var active = true
    }

    var zone = TimeZone(identifier: "Etc/UTC")!
    var sandbox = false
    var upgrades: [Upgrade] = []

    init() {}

    var snapshot: Snapshot {
        guard let last = upgrades.last else { return Snapshot(upgrade: .none, stages: [:], facts: [:]) }
        return Snapshot(upgrade: last.active ? .active : .finished,
                        stages: last.stages.mapValues(\.rawValue), facts: last.facts)
    }

    // MARK: Steps

    mutating func run(_ step: Step, at now: Date) -> Answer {
        switch step {
        case .addCustomer(let zone, let sandbox):
            self.zone = TimeZone(identifier: zone)!
            self.sandbox = sandbox
            return .accepted
        case .startUpgrade:
            if upgrades.last?.active == true { return .refused(.upgradeUnderWay) }
            // Issue 15: a finished upgrade records its target (2025) as the customer's LTS, and an
            // upgrade must start from the recorded LTS; every upgrade here goes 2023 → 2025.
            if upgrades.contains(where: { !$0.active }) { return .refused(.badInput) }
            var upgrade = Upgrade()
            upgrade.events.append(HistoryEvent(at: now, stage: nil, verb: "begin", facts: [:]))
            settle(&upgrade, at: now)
            upgrades.append(upgrade)
            return .accepted
        case .editZone(let name):
            guard name.contains("/"), let zone = TimeZone(identifier: name) else { return .refused(.badInput) }
            if let upgrade = activeUpgrade,
               breaksDoneStage(upgrade, facts: upgrade.facts, zone: zone, at: now) { return .refused(.rule) }
            self.zone = zone
            return .accepted
        case .editWindow(let window):
            return window.isEmpty || Self.isWindow(window) ? .accepted : .refused(.badInput)
        case .editSandbox(let purchased):
            // The edit settles the active upgrade at once. Buying a sandbox must bring back every
            // stage skipped for the lack of one; when a later stage has moved on, it cannot, and
            // the edit is refused.
            let before = self
            sandbox = purchased
            settleActive(at: now)
            if purchased, let upgrade = activeUpgrade,
               ModelWorkflow.stages.contains(where: { $0.needsSandbox && upgrade.automatic.contains($0.id) }) {
                self = before
                return .refused(.rule)
            }
            return .accepted
        default:
            guard var upgrade = activeUpgrade else { return .refused(.noUpgrade) }
            let answer = Self.catching { try apply(step, to: &upgrade, at: now) }
            if answer == .accepted {
                settle(&upgrade, at: now)
                upgrades[upgrades.count - 1] = upgrade
            }
            return answer
        }
    }

    private var activeUpgrade: Upgrade? { upgrades.last?.active == true ? upgrades.last : nil }

    private mutating func settleActive(at now: Date) {
        guard var upgrade = activeUpgrade else { return }
        settle(&upgrade, at: now)
        upgrades[upgrades.count - 1] = upgrade
    }

    private struct Refused: Error { var refusal: Refusal }

    private static func catching(_ body: () throws -> Void) -> Answer {
        do {
            try body()
            return .accepted
        } catch let error as Refused {
            return .refused(error.refusal)
        } catch {
            return .refused(.unexpected("\(error)"))
        }
    }

    // MARK: Verbs

    private func apply(_ step: Step, to upgrade: inout Upgrade, at now: Date) throws {
        func event(_ stage: String, _ verb: String, to status: Status, note: String? = nil) {
            upgrade.events.append(HistoryEvent(at: now, stage: stage, verb: verb, from: upgrade.stages[stage]!.rawValue,
                                               to: status.rawValue, note: note, facts: [:]))
            move(&upgrade, stage, to: status, at: now)
        }
        switch step {
        case .start(let name):
            let id = try resolve(name, among: [.ready], in: upgrade)
            try require(upgrade, id, in: [.ready])
            try requireGuards(upgrade, id, start: true, complete: false, at: now)
            event(id, "start", to: .active)
        case .complete(let name):
            let id = try resolve(name, among: [.active], in: upgrade)
            try require(upgrade, id, in: [.ready, .active])
            try requireGuards(upgrade, id, start: upgrade.stages[id] == .ready, complete: true, at: now)
            event(id, "complete", to: .done)
        case .advance(let name):
            let id = try resolve(name, among: [.ready, .active], in: upgrade)
            try require(upgrade, id, in: [.ready, .active])
            let starting = upgrade.stages[id] == .ready
            try requireGuards(upgrade, id, start: starting, complete: !starting, at: now)
            event(id, starting ? "start" : "complete", to: starting ? .active : .done)
        case .block(let name, let reason):
            let id = try known(name)
            let note = try given(reason)
            try require(upgrade, id, in: [.ready, .active])
            let resume = upgrade.stages[id]!
            event(id, "block", to: .blocked, note: note)
            upgrade.resume[id] = resume
        case .unblock(let name):
            let id = try known(name)
            try require(upgrade, id, in: [.blocked])
            event(id, "unblock", to: upgrade.resume[id] ?? .ready)
        case .skip(let name, let reason):
            let id = try known(name)
            let note = try given(reason)
            guard ModelWorkflow.stage(id)!.optional else { throw Refused(refusal: .notNow(stage: id, reasons: 1)) }
            try require(upgrade, id, in: [.pending, .ready, .active, .blocked])
            event(id, "skip", to: .skipped, note: note)
        case .reopen(let name, let reason):
            let note = try given(reason)
            let id = try name.map(known) ?? lastDone(upgrade)
            try require(upgrade, id, in: [.done, .skipped])
            // A conditional stage whose condition does not hold would be skipped again at once.
            if ModelWorkflow.stage(id)!.needsSandbox, !sandbox { throw Refused(refusal: .notNow(stage: id, reasons: 1)) }
            event(id, "reopen", to: .pending, note: note)
            for later in ModelWorkflow.laterDependants(of: id) where [.ready, .active, .blocked, .done].contains(upgrade.stages[later]!) {
                event(later, "wait", to: .pending)
            }
        case .force(let name, let reason):
            let id = try known(name)
            let note = try given(reason)
            try require(upgrade, id, in: [.ready, .active])
            event(id, "force", to: .done, note: note)
        case .set(let assignments):
            try set(assignments, on: &upgrade, at: now)
        case .addCustomer, .startUpgrade, .editZone, .editWindow, .editSandbox:
            preconditionFailure("not an upgrade command: \(step)")
        }
    }

    private func move(_ upgrade: inout Upgrade, _ id: String, to status: Status, at now: Date) {
        upgrade.stages[id] = status
        upgrade.automatic.remove(id)
        if status != .blocked { upgrade.resume[id] = nil }
        if status == .done || status == .skipped { upgrade.finishedAt[id] = now } else { upgrade.finishedAt[id] = nil }
    }

    private func known(_ id: String) throws -> String {
        guard ModelWorkflow.stage(id) != nil else { throw Refused(refusal: .unknownStage) }
        return id
    }

    private func given(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Refused(refusal: .missingReason) }
        return trimmed
    }

    private func require(_ upgrade: Upgrade, _ id: String, in allowed: Set<Status>) throws {
        guard allowed.contains(upgrade.stages[id]!) else { throw Refused(refusal: .notNow(stage: id, reasons: 1)) }
    }

    /// The named stage, or the only stage whose status lets the verb move it; none or several
    /// is a refusal that changes nothing.
    private func resolve(_ name: String?, among movable: Set<Status>, in upgrade: Upgrade) throws -> String {
        if let name { return try known(name) }
        let candidates = ModelWorkflow.stageIDs.filter { movable.contains(upgrade.stages[$0]!) }
        guard candidates.count == 1 else { throw Refused(refusal: .notNow(stage: nil, reasons: 1)) }
        return candidates[0]
    }

    private func lastDone(_ upgrade: Upgrade) throws -> String {
        let done = ModelWorkflow.stageIDs.filter { upgrade.stages[$0] == .done }
        guard let last = done.max(by: { upgrade.finishedAt[$0]! < upgrade.finishedAt[$1]! }) else {
            throw Refused(refusal: .notNow(stage: nil, reasons: 1))
        }
        return last
    }

    // MARK: Facts

    /// Every value's key and type first, then the every-moment rules: those of the values themselves, then
    /// the done stages' rules.
    private func set(_ assignments: [Step.Assignment], on upgrade: inout Upgrade, at now: Date) throws {
        var facts = upgrade.facts
        var data: [String: String] = [:]
        for assignment in assignments {
            guard let fact = ModelWorkflow.fact(assignment.key) else { throw Refused(refusal: .unknownFact) }
            guard assignment.value.isEmpty || Self.isValid(assignment.value, of: fact) else { throw Refused(refusal: .badValue) }
            data[fact.key] = assignment.value
            facts[fact.key] = assignment.value.isEmpty ? nil : assignment.value
        }
        do {
            for assignment in assignments where !assignment.value.isEmpty {
                try check(assignment.value, of: ModelWorkflow.fact(assignment.key)!, at: now)
            }
            if breaksDoneStage(upgrade, facts: facts, zone: zone, at: now) { throw Refused(refusal: .rule) }
        }
        upgrade.facts = facts
        upgrade.events.append(HistoryEvent(at: now, stage: nil, verb: "set", facts: data))
    }

    static func isValid(_ value: String, of fact: ModelWorkflow.Fact) -> Bool {
        switch fact.kind {
        case .ticket: isTicket(value)
        case .date: ModelClock.day(value) != nil
        case .dateTime: ModelClock.dateTime(value) != nil
        }
    }

    /// The every-moment rules of a value: a recorded fact not later than today in the customer's zone, a local
    /// date-time neither in a gap nor, without an offset, in a fold.
    private func check(_ value: String, of fact: ModelWorkflow.Fact, at now: Date) throws {
        if fact.recorded, let day = ModelClock.day(value), day > ModelClock.today(at: now, in: zone) { throw Refused(refusal: .rule) }
        if let local = ModelClock.dateTime(value), case .gap = ModelClock.read(local, in: zone) { throw Refused(refusal: .rule) }
        if let local = ModelClock.dateTime(value), case .fold = ModelClock.read(local, in: zone) { throw Refused(refusal: .rule) }
    }

    static func isTicket(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, first.isLetter,
              parts[0].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return true
    }

    static func isWindow(_ text: String) -> Bool {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let start = ModelClock.dateTime("2000-01-01T" + ends[0]),
              let end = ModelClock.dateTime("2000-01-01T" + ends[1]), start.offset == nil, end.offset == nil else { return false }
        return (start.hour, start.minute) != (end.hour, end.minute)
    }

    // MARK: Guards

    /// Refuses with one reason per failing rule: each missing needed fact, each failing guard
    /// (a `fact-present` guard and a need of the same fact are one reason).
    private func requireGuards(_ upgrade: Upgrade, _ id: String, start: Bool, complete: Bool, at now: Date) throws {
        let failing = rules(of: id, start: start, complete: complete)
            .filter { !holds($0, facts: upgrade.facts, zone: zone, at: now) }
        guard failing.isEmpty else { throw Refused(refusal: .notNow(stage: id, reasons: failing.count)) }
    }

    private func rules(of id: String, start: Bool, complete: Bool) -> [ModelWorkflow.Guard] {
        let stage = ModelWorkflow.stage(id)!
        var rules: [ModelWorkflow.Guard] = []
        if complete { rules += stage.needs.map { .present($0) } }
        if start { rules += stage.startGuards }
        if complete { rules += stage.completeGuards }
        var seen: Set<ModelWorkflow.Guard> = []
        return rules.filter { seen.insert($0).inserted }
    }

    private func holds(_ rule: ModelWorkflow.Guard, facts: [String: String], zone: TimeZone, at now: Date) -> Bool {
        switch rule {
        case .present(let key):
            return facts[key] != nil
        case .dateOrder(let first, let then):
            guard let a = facts[first].flatMap(ModelClock.day), let b = facts[then].flatMap(ModelClock.day) else { return true }
            return a < b
        case .passed(let key):
            guard let instant = facts[key].flatMap({ ModelClock.instant($0, in: zone) }) else { return true }
            return instant <= now
        case .future(let key):
            guard let instant = facts[key].flatMap({ ModelClock.instant($0, in: zone) }) else { return true }
            return instant > now
        }
    }

    /// The every-moment rules: whether facts or a zone would make a rule of a done stage fail that holds now.
    /// A new zone checks every rule again, passed or not: it moves every stored local date-time.
    private func breaksDoneStage(_ upgrade: Upgrade, facts: [String: String], zone: TimeZone, at now: Date) -> Bool {
        ModelWorkflow.stageIDs.filter { upgrade.stages[$0] == .done }.contains { id in
            rules(of: id, start: true, complete: true).contains { rule in
                holds(rule, facts: upgrade.facts, zone: self.zone, at: now) && !holds(rule, facts: facts, zone: zone, at: now)
            }
        }
    }

    // MARK: Automatic steps

    /// Done, or skipped with its own dependencies satisfied: a skipped stage passes its
    /// dependencies through, so skipping never lets a later stage jump the queue.
    private func satisfied(_ id: String, in upgrade: Upgrade) -> Bool {
        switch upgrade.stages[id]! {
        case .done: true
        case .skipped: ModelWorkflow.stage(id)!.dependsOn.allSatisfy { satisfied($0, in: upgrade) }
        default: false
        }
    }

    /// Until nothing moves: a conditional stage not yet started is skipped while its condition
    /// does not hold, and comes back when it holds again (while nothing after it has started);
    /// a pending stage whose dependencies are satisfied becomes ready, a ready one whose
    /// dependencies are not goes back to pending. Every upgrade whose stages are all finished is.
    private func settle(_ upgrade: inout Upgrade, at now: Date) {
        var changed = true
        while changed {
            changed = false
            for stage in ModelWorkflow.stages {
                guard let (verb, status) = automaticStep(stage, in: upgrade) else { continue }
                upgrade.events.append(HistoryEvent(at: now, stage: stage.id, verb: verb, from: upgrade.stages[stage.id]!.rawValue,
                                                   to: status.rawValue, facts: [:]))
                move(&upgrade, stage.id, to: status, at: now)
                if verb == "auto-skip" { upgrade.automatic.insert(stage.id) }
                changed = true
            }
        }
        upgrade.active = !upgrade.stages.values.allSatisfy { $0 == .done || $0 == .skipped }
    }

    private func automaticStep(_ stage: ModelWorkflow.Stage, in upgrade: Upgrade) -> (String, Status)? {
        let status = upgrade.stages[stage.id]!
        if stage.needsSandbox, !sandbox, status == .pending || status == .ready { return ("auto-skip", .skipped) }
        if stage.needsSandbox, sandbox, status == .skipped, upgrade.automatic.contains(stage.id) {
            let later = ModelWorkflow.stages.filter { $0.dependsOn.contains(stage.id) }
            if later.allSatisfy({ ![.active, .blocked, .done].contains(upgrade.stages[$0.id]!) }) { return ("restore", .pending) }
        }
        let met = stage.dependsOn.allSatisfy { satisfied($0, in: upgrade) }
        if status == .pending, met { return ("ready", .ready) }
        if status == .ready, !met { return ("wait", .pending) }
        return nil
    }
}
