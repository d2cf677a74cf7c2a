import Foundation

extension UpgradeMachine {
    /// Every reason a stage cannot move now: a manual block, failing guards (for a ready stage
    /// both its start and complete guards, for an active one its complete guards), and being
    /// open past its expected duration.
    public func blockers(of id: String, in state: UpgradeState, at now: Date) -> [Blocker] {
        var validity = Validity(from: now)
        return blockers(of: id, in: state, at: now, validity: &validity)
    }

    /// ``blockers(of:in:at:)``, narrowing `validity` to the time after `now` over which they
    /// stay exactly the same (the first moment a date guard, a notice count or an overdue
    /// threshold turns).
    public func blockers(of id: String, in state: UpgradeState, at now: Date, validity: inout Validity) -> [Blocker] {
        guard let stage = definition.stage(id) else { return [] }
        let current = state[stage: id]
        var found: [Blocker] = []
        switch current.status {
        case .blocked:
            found.append(Blocker(stage: id, kind: .manual, code: "manual", message: current.note ?? "blocked",
                                 owner: current.blockOwner ?? stage.owner, ticket: current.blockTicket, since: current.since))
        case .ready:
            found = guardBlockers(of: stage, moment: Self.startAndComplete, in: state, at: now, validity: &validity)
        case .active:
            found = guardBlockers(of: stage, moment: Self.completeOnly, in: state, at: now, validity: &validity)
        case .pending, .done, .skipped:
            return []
        }
        if let overdue = overdueBlocker(stage, current, scheduled: scheduled(stage, in: state), at: now, validity: &validity) {
            found.append(overdue)
        }
        return found
    }

    /// The blockers of every stage, in workflow order.
    public func allBlockers(in state: UpgradeState, at now: Date) -> [Blocker] {
        var validity = Validity(from: now)
        return allBlockers(in: state, at: now, validity: &validity)
    }

    /// ``allBlockers(in:at:)``, with how long they hold: a store keeps them with the state and
    /// answers `blocked` from them until ``Validity/until``.
    public func allBlockers(in state: UpgradeState, at now: Date, validity: inout Validity) -> [Blocker] {
        definition.stages.flatMap { blockers(of: $0.id, in: state, at: now, validity: &validity) }
    }

    /// The latest instant a stage waits for (its `date-passed` guards), if any.
    private func scheduled(_ stage: StageDefinition, in state: UpgradeState) -> Date? {
        stage.guards.filter { $0.kind == .datePassed }.compactMap { moment($0.fact, state)?.instant(context.timeZone) }.max()
    }

    /// A stage open more than its expected days, counted from when it opened or, for a stage
    /// waiting for a scheduled instant, from that instant: a stage is never overdue while it
    /// waits. The sentence does not count the days, so it stays true (and a kept answer stays
    /// valid) from the moment the stage turns overdue on; `since` dates it, and the CLI and
    /// reports show the age.
    private func overdueBlocker(_ stage: StageDefinition, _ current: StageState, scheduled: Date?, at now: Date,
                                validity: inout Validity) -> Blocker? {
        guard let expected = stage.expectedDays, let started = current.startedAt ?? current.since else { return nil }
        let opened = max(started, scheduled ?? started)
        let days = Int(now.timeIntervalSince(opened) / 86_400)
        guard days > expected else {
            // Overdue once `expected + 1` whole days have passed.
            validity.turns(at: opened.addingTimeInterval(TimeInterval(expected + 1) * 86_400), now: now)
            return nil
        }
        let status = current.status == .ready ? "ready" : "open"
        return Blocker(stage: stage.id, kind: .overdue, code: "overdue",
                       message: "\(stage.id) has been \(status) for more than its expected \(expected) day\(expected == 1 ? "" : "s")",
                       owner: current.blockOwner ?? stage.owner, since: opened)
    }

    private static let startAndComplete: Set<GuardMoment> = [.start, .complete]
    private static let completeOnly: Set<GuardMoment> = [.complete]

    /// The failing guards of a stage at the given moments, the facts it needs first.
    func guardBlockers(of id: String, moment: Set<GuardMoment>, in state: UpgradeState, at now: Date) -> [Blocker] {
        guard let stage = definition.stage(id) else { return [] }
        var validity = Validity(from: now)
        return guardBlockers(of: stage, moment: moment, in: state, at: now, validity: &validity)
    }

    /// ``guardBlockers(of:moment:in:at:)`` for a stage already looked up. Each failure is
    /// reported once (two guards can fail with the same sentence).
    private func guardBlockers(of stage: StageDefinition, moment: Set<GuardMoment>, in state: UpgradeState, at now: Date,
                               validity: inout Validity) -> [Blocker] {
        let since = state[stage: stage.id].since
        var found: [Blocker] = []
        func consider(_ spec: GuardSpec) {
            guard let failure = check(spec, in: state, at: now, validity: &validity),
                  !found.contains(where: { $0.message == failure.message }) else { return }
            let owner = spec.owner ?? definition.fact(failure.waitsOnFact)?.owner ?? stage.owner
            let ticket = spec.ticket.flatMap { state.facts[$0] }
            found.append(Blocker(stage: stage.id, kind: failure.until == nil ? .guard : .waiting, code: failure.code,
                                 message: failure.message, owner: owner, ticket: ticket, since: failure.since ?? since, until: failure.until))
        }
        if moment.contains(.complete) {
            for fact in stage.needs { consider(GuardSpec(kind: .factPresent, when: .complete, fact: fact)) }
        }
        for spec in stage.guards where moment.contains(spec.when) && !spec.isWarning { consider(spec) }
        return found
    }

    /// The sentences of a stage's warning guards that fail now; they never block.
    public func warnings(of id: String, in state: UpgradeState, at now: Date) -> [String] {
        guard let stage = definition.stage(id) else { return [] }
        var validity = Validity(from: now)
        return stage.guards.filter(\.isWarning).compactMap { check($0, in: state, at: now, validity: &validity)?.message }
    }

    struct Failure {
        var code: String
        var message: String
        /// The fact whose owner the blocker waits on.
        var waitsOnFact: String
        /// When the condition began, when it is not when the stage opened.
        var since: Date?
        /// For a scheduled instant still to come: the instant (the stage is waiting).
        var until: Date?
    }

    /// Checks one guard; nil when it holds. A guard about a fact that is not recorded yet fails
    /// with "not set" only when it is `fact-present`; the others wait silently, since the
    /// stage's `needs` already say what is missing. A guard that reads "now" narrows `validity`
    /// to the moment its answer or its sentence would change.
    func check(_ spec: GuardSpec, in state: UpgradeState, at now: Date, validity: inout Validity) -> Failure? {
        let zone = context.timeZone
        switch spec.kind {
        case .factPresent:
            guard state.facts[spec.fact] == nil else { return nil }
            let title = definition.fact(spec.fact)?.title ?? spec.fact
            let format = definition.fact(spec.fact)?.type.format ?? "a value"
            return Failure(code: "fact-missing", message: "\(spec.fact) is not set (\(title)): set it as \(format)", waitsOnFact: spec.fact)
        case .dateOrder:
            guard let first = moment(spec.fact, state), let then = spec.other.flatMap({ moment($0, state) }) else { return nil }
            guard first.instant(zone) >= then.instant(zone) else { return nil }
            return Failure(code: "date-order",
                           message: "\(spec.other ?? "") (\(then.text)) must be after \(spec.fact) (\(first.text))",
                           waitsOnFact: spec.fact)
        case .datePassed:
            guard let value = moment(spec.fact, state) else { return nil }
            validity.turns(at: value.instant(zone), now: now)
            guard value.instant(zone) > now else { return nil }
            return Failure(code: "date-not-passed", message: "waiting until \(value.described(in: zone)): \(spec.fact) has not passed yet",
                           waitsOnFact: spec.fact, until: value.instant(zone))
        case .dateFuture:
            guard let value = moment(spec.fact, state) else { return nil }
            validity.turns(at: value.instant(zone), now: now)
            guard value.instant(zone) <= now else { return nil }
            return Failure(code: "date-passed", message: "\(spec.fact) \(value.described(in: zone)) is already past; set a later one",
                           waitsOnFact: spec.fact, since: value.instant(zone))
        case .leadTime, .notice:
            return checkLead(spec, in: state)
        case .inWindow:
            guard let value = moment(spec.fact, state) else { return nil }
            let instant = value.instant(zone)
            if let window = context.schedule.window(containing: instant) {
                return checkDeployment(spec, value, in: window)
            }
            let window = context.schedule.window(on: value.localDate(in: zone))
            return Failure(code: "outside-window",
                           message: "\(spec.fact) \(value.described(in: zone)) is outside the customer's maintenance window \(Self.describe(window))",
                           waitsOnFact: spec.fact)
        case .notInHotfixWindow:
            guard let value = moment(spec.fact, state), let kind = spec.hotfix,
                  let (found, window) = Schedule.hotfixWindow(containing: value.instant(zone), region: context.schedule.region),
                  found == kind else { return nil }
            let friday = kind == .preprod ? "first" : "second"
            return Failure(code: "hotfix-window",
                           message: "\(spec.fact) \(value.described(in: zone)) falls in the \(kind.rawValue) hotfix window of the \(friday) Friday \(Self.describe(window)); choose another night",
                           waitsOnFact: spec.fact)
        case .daysAhead:
            guard let value = moment(spec.fact, state) else { return nil }
            let days = spec.days?.resolve(definition.parameters) ?? 0
            let today = ZonedDateTime(now, in: zone).date
            let date = value.localDate(in: zone)
            let gap = today.days(until: date)
            // Short notice from the day `date - days + 1` on; the sentence names today and
            // the gap, so a failure holds until the next local midnight.
            let turn = gap < days ? today.adding(days: 1) : today.adding(days: gap - days + 1)
            validity.turns(at: LocalClock.resolve(turn, .midnight, in: zone), now: now)
            guard gap < days else { return nil }
            return Failure(code: "short-notice",
                           message: "\(spec.fact) \(date) is \(gap) day\(gap == 1 ? "" : "s") from today (\(today)); under \(days) days the request is expedited",
                           waitsOnFact: spec.fact)
        case .sandboxEndingSoon:
            guard let value = moment(spec.fact, state) else { return nil }
            let days = spec.days?.resolve(definition.parameters) ?? 0
            let today = ZonedDateTime(now, in: zone).date
            let end = value.localDate(in: zone)
            let left = today.days(until: end)
            // The sentence counts the days left: it holds until the next local midnight.
            validity.turns(at: LocalClock.resolve(today.adding(days: 1), .midnight, in: zone), now: now)
            guard left >= 0, left <= days else { return nil }
            let when = left == 0 ? "today" : "in \(left) day\(left == 1 ? "" : "s")"
            return Failure(code: "sandbox-ending", message: "the sandbox ends on \(end), \(when): finish validation or extend it", waitsOnFact: spec.fact)
        case .sandboxNotExpired:
            guard let value = moment(spec.fact, state) else { return nil }
            let last = value.localDate(in: zone)
            let end = LocalClock.resolve(last.adding(days: 1), .midnight, in: zone)
            validity.turns(at: end, now: now)
            guard now >= end else { return nil }
            return Failure(code: "sandbox-expired", message: "sandbox expired on \(last): extend it or request a new one",
                           waitsOnFact: spec.fact, since: end)
        case .notInPast:
            guard let value = moment(spec.fact, state) else { return nil }
            let today = ZonedDateTime(now, in: zone).date
            let date = value.localDate(in: zone)
            // Fails from the local midnight after `date`; the sentence names today.
            validity.turns(at: LocalClock.resolve(date < today ? today.adding(days: 1) : date.adding(days: 1), .midnight, in: zone), now: now)
            guard date < today else { return nil }
            return Failure(code: "date-in-past", message: "\(spec.fact) \(date) is before today (\(today)): it can't be in the past; set today or a later day",
                           waitsOnFact: spec.fact)
        case .searchSupported:
            guard let text = state.facts[spec.fact] else { return nil }
            let decision = context.searchCoordination(text)
            guard decision.required else { return nil }
            let reason = decision.reason.split(separator: ";").first.map(String.init) ?? decision.reason
            return Failure(code: "search-unsupported", message: "\(spec.fact): \(reason); choose a cluster LTS \(context.to) supports",
                           waitsOnFact: spec.fact)
        }
    }

    /// An instant inside the window must leave room for the work after it (`minutes`).
    private func checkDeployment(_ spec: GuardSpec, _ value: Moment, in window: MaintenanceWindow) -> Failure? {
        let minutes = spec.minutes?.resolve(definition.parameters) ?? 0
        let latest = window.end.addingTimeInterval(TimeInterval(-minutes * 60))
        guard value.instant(context.timeZone) > latest else { return nil }
        let last = ZonedDateTime(latest, in: context.timeZone)
        return Failure(code: "outside-window",
                       message: "\(spec.fact) \(value.described(in: context.timeZone)) leaves no room for its deployment of up to \(minutes) minutes "
                           + "before the end of the customer's maintenance window \(Self.describe(window)); start by \(last.time) \(last.label)",
                       waitsOnFact: spec.fact)
    }

    /// "2027-03-12 00:00–02:00 CET (2027-03-11 23:00–2027-03-12 01:00 UTC)".
    static func describe(_ window: MaintenanceWindow) -> String {
        let utc = TimeZone(identifier: "UTC")!
        let start = ZonedDateTime(window.start, in: utc)
        let end = ZonedDateTime(window.end, in: utc)
        let endDay = end.date == start.date ? "" : "\(end.date) "
        return "\(window.startLocal.date) \(window.startLocal.time)–\(window.endLocal.time) \(window.startLocal.label) (\(start.date) \(start.time)–\(endDay)\(end.time) UTC)"
    }

    private func checkLead(_ spec: GuardSpec, in state: UpgradeState) -> Failure? {
        guard let target = spec.other.flatMap({ moment($0, state) }) else { return nil }
        let days = spec.days?.resolve(definition.parameters) ?? 0
        let deadline = target.localDate(in: context.timeZone).adding(days: -days)
        let what = spec.kind == .notice ? "notice to the customer" : "\(spec.fact)"
        guard let given = moment(spec.fact, state) else {
            return nil
        }
        let givenDate = given.localDate(in: context.timeZone)
        guard givenDate > deadline else { return nil }
        let code = spec.kind == .notice ? "notice" : "lead-time"
        let gap = givenDate.days(until: target.localDate(in: context.timeZone))
        let actual = gap < 0 ? "after" : "\(gap) day\(gap == 1 ? "" : "s") before"
        return Failure(code: code,
                       message: "\(what) (\(spec.fact) \(givenDate)) is \(actual) \(spec.other ?? "") \(target.described(in: context.timeZone)); at least \(days) days are needed (by \(deadline))",
                       waitsOnFact: spec.fact, since: LocalClock.resolve(deadline.adding(days: 1), .midnight, in: context.timeZone))
    }

    /// A date or date-time fact, read for comparisons.
    func moment(_ key: String, _ state: UpgradeState) -> Moment? {
        guard let text = state.facts[key] else { return nil }
        if let dateTime = LocalDateTime(parsing: text) { return .dateTime(dateTime) }
        if let date = try? LocalDate(parsing: text) { return .date(date) }
        return nil
    }
}

/// A date or a date-time fact, compared on one time line.
enum Moment {
    case date(LocalDate)
    case dateTime(LocalDateTime)

    var text: String {
        switch self {
        case .date(let date): date.description
        case .dateTime(let value): value.description
        }
    }

    /// A date counts from its local midnight.
    func instant(_ zone: TimeZone) -> Date {
        switch self {
        case .date(let date): LocalClock.resolve(date, .midnight, in: zone)
        case .dateTime(let value): value.instant(in: zone)
        }
    }

    func localDate(in zone: TimeZone) -> LocalDate {
        switch self {
        case .date(let date): date
        case .dateTime(let value):
            value.offsetSeconds == nil ? value.date : ZonedDateTime(instant(zone), in: zone).date
        }
    }

    /// "2027-03-12 00:30 CET (2027-03-11 23:30 UTC)" for date-times, the date itself for dates.
    func described(in zone: TimeZone) -> String {
        switch self {
        case .date(let date): return date.description
        case .dateTime:
            return LocalClock.describe(instant(zone), in: zone)
        }
    }
}
