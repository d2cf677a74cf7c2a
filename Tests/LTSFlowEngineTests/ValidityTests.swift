import Foundation
import Testing
@testable import LTSFlowEngine

/// How long a decided set of blockers stays true (``Validity``).
///
/// The contract a store relies on: decide at `t` with `V = Validity(from: t)`, get `B`; then for
/// every `t'` with `V.contains(t')` the blockers at `t'` are exactly `B`, and when a single guard
/// is what reads the clock, the blockers at `V.until` are no longer `B` (the turn is real).
///
/// Expected turn instants are written by hand as UTC strings (read off `zdump` for the DST
/// nights), never computed with the engine's own calendar code.
@Suite struct ValidityTests {
    // MARK: - Machines and states

    /// The facts of the hand-made workflows, besides the default workflow's own.
    static let testFacts = [
        FactDefinition(key: "x.at", type: .datetime, title: "a moment", owner: .csm),
        FactDefinition(key: "x.date", type: .date, title: "a day", owner: .customer),
        FactDefinition(key: "y.date", type: .date, title: "another day", owner: .customer),
    ]

    /// The region whose schedule goes with a zone (it only matters for windows and hotfixes).
    static func region(of zone: String) -> Region {
        zone.hasPrefix("America/") ? .us : zone == "Asia/Tokyo" ? .jp : .eu
    }

    /// A machine whose workflow is exactly `stages` (with the default workflow's parameters and
    /// facts plus ``testFacts``), for a customer in `zone`. No validation: a `sandbox-ending-soon`
    /// or `days-ahead` guard may be blocking here, which the default workflow never makes it.
    static func machine(_ stages: [StageDefinition], zone: String) throws -> UpgradeMachine {
        let base = try defaultWorkflow()
        let definition = WorkflowDefinition(id: "validity-test", version: 1, title: "Validity test",
                                            parameters: base.parameters, facts: base.facts + testFacts, stages: stages)
        let schedule = try Schedule(region: region(of: zone), timeZone: zone, window: nil)
        let context = UpgradeContext(from: "2021", to: "2023", sandboxPurchased: true, schedule: schedule) { _ in (false, "supported") }
        return UpgradeMachine(definition: definition, context: context)
    }

    static func stage(_ id: String, _ guards: [GuardSpec], expectedDays: Int? = nil) -> StageDefinition {
        StageDefinition(id: id, title: id, owner: .csm, guards: guards, expectedDays: expectedDays)
    }

    /// Stage `s`.
    static func stage(_ guards: [GuardSpec], expectedDays: Int? = nil) -> StageDefinition {
        stage("s", guards, expectedDays: expectedDays)
    }

    /// A one-stage machine whose stage `s` is ready (since long ago, no expected days) with `facts`.
    static func single(_ spec: GuardSpec, zone: String = "Europe/Paris", facts: [String: String]) throws -> (UpgradeMachine, UpgradeState) {
        let machine = try machine([stage([spec])], zone: zone)
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-01-01T00:00"))
        state.facts = facts
        return (machine, state)
    }

    static func daysAhead(_ days: Int = 7) -> GuardSpec { GuardSpec(kind: .daysAhead, fact: "x.date", days: .literal(days)) }
    static func endingSoon(_ days: Int = 7) -> GuardSpec { GuardSpec(kind: .sandboxEndingSoon, fact: "x.date", days: .literal(days)) }
    static let notExpired = GuardSpec(kind: .sandboxNotExpired, fact: "x.date")
    static let passed = GuardSpec(kind: .datePassed, fact: "x.at")
    static let future = GuardSpec(kind: .dateFuture, fact: "x.at")

    // MARK: - Dates

    /// `date` shifted by whole days, as `yyyy-MM-dd`: plain calendar arithmetic in UTC.
    static func day(_ date: String, _ days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = utc("\(date)T00:00")
        let shifted = calendar.date(byAdding: .day, value: days, to: start)!
        let parts = calendar.dateComponents([.year, .month, .day], from: shifted)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The instant just before `date`: the previous representable `Date`.
    static func justBefore(_ date: Date) -> Date {
        Date(timeIntervalSinceReferenceDate: date.timeIntervalSinceReferenceDate.nextDown)
    }

    static func show(_ date: Date?) -> String {
        guard let date else { return "nil" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    // MARK: - The contract

    /// Moments inside `[t, until)` to re-ask at: both ends (`until - 1 ms`, `- 1 µs` and the very
    /// last representable instant before it) and spread fractions; far ahead when `until` is nil.
    static func probes(from t: Date, until: Date?) -> [Date] {
        guard let until else {
            return [0, 0.001, 3_600, 86_400, 10 * 86_400, 400 * 86_400].map { t.addingTimeInterval($0) }
        }
        let span = until.timeIntervalSince(t)
        let inside = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99].map { t.addingTimeInterval(span * $0) }
        return ([t, t.addingTimeInterval(0.001)] + inside + [until.addingTimeInterval(-0.001), until.addingTimeInterval(-0.000_001), justBefore(until)])
            .filter { $0 >= t && $0 < until }
    }

    /// Decides the blockers of `state` at `t` with a validity and checks the contract: `from` is
    /// `t`, `until` is after `t`, the blockers are the same at every probe inside, and, when
    /// `turns`, `until` is set and the blockers there differ.
    @discardableResult
    static func decide(_ machine: UpgradeMachine, _ state: UpgradeState, at t: Date, turns: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation) -> (blockers: [Blocker], validity: Validity) {
        var validity = Validity(from: t)
        let found = machine.allBlockers(in: state, at: t, validity: &validity)
        #expect(validity.from == t, sourceLocation: sourceLocation)
        #expect(found == machine.allBlockers(in: state, at: t), "the overload without a validity answers the same", sourceLocation: sourceLocation)
        if let until = validity.until {
            #expect(until > t, "decided at \(show(t)), valid until \(show(until))", sourceLocation: sourceLocation)
        }
        for probe in probes(from: t, until: validity.until) {
            #expect(validity.contains(probe), sourceLocation: sourceLocation)
            let again = machine.allBlockers(in: state, at: probe)
            #expect(again == found, """
                decided at \(show(t)), valid until \(show(validity.until)); at \(show(probe)): \
                \(again.map(\.message)) instead of \(found.map(\.message))
                """, sourceLocation: sourceLocation)
        }
        if turns {
            #expect(validity.until != nil, "decided at \(show(t)): no turn", sourceLocation: sourceLocation)
            if let until = validity.until {
                #expect(!validity.contains(until), sourceLocation: sourceLocation)
                #expect(machine.allBlockers(in: state, at: until) != found,
                        "decided at \(show(t)): the blockers at \(show(until)) are still \(found.map(\.message))", sourceLocation: sourceLocation)
            }
        }
        return (found, validity)
    }

    // MARK: - 1. Each guard that reads the clock

    /// `date-passed` fails until the fact's instant (Paris, CEST: 14:30 local is 12:30Z) and
    /// turns exactly then; once passed it holds for good.
    @Test func datePassedTurnsAtTheFactsInstant() throws {
        let (machine, state) = try Self.single(Self.passed, facts: ["x.at": "2026-06-10T14:30"])
        let before = Self.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
        #expect(before.blockers.map(\.message) == ["waiting until 2026-06-10 14:30 CEST (2026-06-10 12:30 UTC): x.at has not passed yet"])
        #expect(before.blockers.map(\.kind) == [.waiting] && before.blockers.first?.until == utc("2026-06-10T12:30"))
        #expect(before.validity.until == utc("2026-06-10T12:30"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-10T12:30")).isEmpty)

        let after = Self.decide(machine, state, at: utc("2026-06-10T12:30"))
        #expect(after.blockers.isEmpty && after.validity.until == nil)
    }

    /// `date-future` holds until the fact's instant and fails from it on, with a sentence that
    /// never changes again.
    @Test func dateFutureTurnsAtTheFactsInstant() throws {
        let (machine, state) = try Self.single(Self.future, zone: "America/New_York", facts: ["x.at": "2026-06-10T14:30"])
        let before = Self.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
        #expect(before.blockers.isEmpty)
        #expect(before.validity.until == utc("2026-06-10T18:30"), "14:30 EDT")
        #expect(machine.allBlockers(in: state, at: utc("2026-06-10T18:30")).map(\.code) == ["date-passed"])

        let after = Self.decide(machine, state, at: utc("2026-06-10T18:30"))
        #expect(after.blockers.map(\.code) == ["date-passed"] && after.validity.until == nil)
    }

    /// `sandbox-not-expired` turns at the local midnight that ends the sandbox's last day, in
    /// the customer's zone, whatever the UTC date at that moment.
    @Test(arguments: [("Europe/Paris", "2026-06-10T22:00"), ("America/New_York", "2026-06-11T04:00"), ("Asia/Tokyo", "2026-06-10T15:00")])
    func sandboxNotExpiredTurnsAtTheEndOfItsLastLocalDay(_ zone: String, _ end: String) throws {
        let (machine, state) = try Self.single(Self.notExpired, zone: zone, facts: ["x.date": "2026-06-10"])
        let running = Self.decide(machine, state, at: utc("2026-06-09T12:00"), turns: true)
        #expect(running.blockers.isEmpty)
        #expect(running.validity.until == utc(end))
        #expect(machine.allBlockers(in: state, at: utc(end)).map(\.message) == ["sandbox expired on 2026-06-10: extend it or request a new one"])

        let expired = Self.decide(machine, state, at: utc(end))
        #expect(expired.blockers.map(\.code) == ["sandbox-expired"] && expired.validity.until == nil)
    }

    /// A failing `days-ahead` names today and the gap: it holds until the next local midnight,
    /// also late in the evening when the UTC date is already the next day.
    @Test func daysAheadFailingTurnsAtTheNextLocalMidnight() throws {
        let (paris, state) = try Self.single(Self.daysAhead(), facts: ["x.date": "2026-06-12"])
        let morning = Self.decide(paris, state, at: utc("2026-06-08T09:00"), turns: true)
        #expect(morning.blockers.map(\.message) == ["x.date 2026-06-12 is 4 days from today (2026-06-08); under 7 days the request is expedited"])
        #expect(morning.validity.until == utc("2026-06-08T22:00"))
        #expect(paris.allBlockers(in: state, at: utc("2026-06-08T22:00")).map(\.message)
            == ["x.date 2026-06-12 is 3 days from today (2026-06-09); under 7 days the request is expedited"])

        // 23:00 EDT on the 8th is 03:00Z on the 9th: today is still the 8th in New York.
        let (newYork, _) = try Self.single(Self.daysAhead(), zone: "America/New_York", facts: [:])
        let evening = Self.decide(newYork, state, at: utc("2026-06-09T03:00"), turns: true)
        #expect(evening.blockers.first?.message.contains("from today (2026-06-08)") == true)
        #expect(evening.validity.until == utc("2026-06-09T04:00"))

        // A day already past still fails, one day further each midnight.
        var late = state
        late.facts["x.date"] = "2026-06-01"
        let past = Self.decide(paris, late, at: utc("2026-06-08T09:00"), turns: true)
        #expect(past.blockers.map(\.message) == ["x.date 2026-06-01 is -7 days from today (2026-06-08); under 7 days the request is expedited"])
        #expect(past.validity.until == utc("2026-06-08T22:00"))
    }

    /// A holding `days-ahead` turns at the local midnight starting the day `date - days + 1`:
    /// for 2026-06-20 and 7 days, 2026-06-14 00:00 CEST; a gap of exactly `days` turns tonight.
    @Test func daysAheadHoldingTurnsOnTheFirstShortNoticeDay() throws {
        let (machine, state) = try Self.single(Self.daysAhead(), facts: ["x.date": "2026-06-20"])
        let early = Self.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
        #expect(early.blockers.isEmpty)
        #expect(early.validity.until == utc("2026-06-13T22:00"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-13T22:00")).first?.message.contains("is 6 days from today (2026-06-14)") == true)

        var exact = state
        exact.facts["x.date"] = "2026-06-15"
        let lastDay = Self.decide(machine, exact, at: utc("2026-06-08T09:00"), turns: true)
        #expect(lastDay.blockers.isEmpty, "7 days ahead is enough")
        #expect(lastDay.validity.until == utc("2026-06-08T22:00"))
    }

    /// `sandbox-ending-soon` used as a blocker counts the days left: every local midnight is a
    /// turn, including the one after the last day (nothing left to warn about).
    @Test func sandboxEndingSoonAsABlockerTurnsAtEveryLocalMidnight() throws {
        let (machine, state) = try Self.single(Self.endingSoon(), facts: ["x.date": "2026-06-12"])
        let soon = Self.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
        #expect(soon.blockers.map(\.message) == ["the sandbox ends on 2026-06-12, in 4 days: finish validation or extend it"])
        #expect(soon.validity.until == utc("2026-06-08T22:00"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-08T22:00")).map(\.message)
            == ["the sandbox ends on 2026-06-12, in 3 days: finish validation or extend it"])

        let lastDay = Self.decide(machine, state, at: utc("2026-06-12T09:00"), turns: true)
        #expect(lastDay.blockers.map(\.message) == ["the sandbox ends on 2026-06-12, today: finish validation or extend it"])
        #expect(lastDay.validity.until == utc("2026-06-12T22:00"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-12T22:00")).isEmpty)

        // Far from its end it holds, and the answer is still only kept until midnight.
        let far = Self.decide(machine, state, at: utc("2026-05-01T09:00"))
        #expect(far.blockers.isEmpty && far.validity.until == utc("2026-05-01T22:00"))
    }

    /// The guards that read "today" (`days-ahead`, `sandbox-ending-soon`) still see the old day
    /// at the last representable instant before the midnight their validity names.
    /// `timeIntervalSince1970` adds 978,307,200 s to the interval `Date` stores and rounds that
    /// instant up to the whole second; `ZonedDateTime` rounds the stored interval down instead.
    @Test func theLastInstantBeforeAMidnightTurnIsStillTheOldDay() throws {
        let (machine, state) = try Self.single(Self.daysAhead(), facts: ["x.date": "2026-06-12"])
        let t = utc("2026-06-08T09:00")
        var validity = Validity(from: t)
        let found = machine.allBlockers(in: state, at: t, validity: &validity)
        let until = try #require(validity.until)
        #expect(until == utc("2026-06-08T22:00"))
        let last = Self.justBefore(until)
        #expect(validity.contains(last) && last < until)
        #expect(last.timeIntervalSince1970 == until.timeIntervalSince1970, "the 1970 interval cannot tell them apart")
        #expect(machine.allBlockers(in: state, at: until.addingTimeInterval(-0.000_001)) == found, "a microsecond before")
        #expect(machine.allBlockers(in: state, at: last) == found)
        #expect(machine.allBlockers(in: state, at: until) != found)
        // Exact comparisons agree at the same instants.
        let (expiry, expiring) = try Self.single(Self.notExpired, facts: ["x.date": "2026-06-08"])
        #expect(expiry.allBlockers(in: expiring, at: last).isEmpty && expiry.allBlockers(in: expiring, at: until).count == 1)
    }

    // MARK: - 2. Overdue

    /// A stage not yet overdue turns when `expected + 1` whole days (of 86,400 s, DST or not)
    /// have passed since it opened: `startedAt` when it has one, else `since`.
    @Test func aStageNotYetOverdueTurnsWhenItsExpectedDaysRunOut() throws {
        let machine = try Self.machine([Self.stage([], expectedDays: 7)], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
        let fresh = Self.decide(machine, state, at: utc("2026-06-03T08:00"), turns: true)
        #expect(fresh.blockers.isEmpty)
        #expect(fresh.validity.until == utc("2026-06-09T10:00"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-09T10:00")).map(\.message) == ["s has been ready for more than its expected 7 days"])

        // Active since an unblock on the 5th, started on the 1st: counted from the start.
        var resumed = StageState(status: .active, since: utc("2026-06-05T12:00"))
        resumed.startedAt = utc("2026-06-01T10:00")
        state[stage: "s"] = resumed
        let active = Self.decide(machine, state, at: utc("2026-06-06T08:00"), turns: true)
        #expect(active.validity.until == utc("2026-06-09T10:00"))
        #expect(machine.allBlockers(in: state, at: utc("2026-06-09T10:00")).map(\.message) == ["s has been open for more than its expected 7 days"])

        // Across the EU spring-forward night: elapsed days, not local ones.
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-03-25T10:00"))
        let dst = Self.decide(machine, state, at: utc("2026-03-26T08:00"), turns: true)
        #expect(dst.validity.until == utc("2026-04-02T10:00"))
    }

    /// An overdue stage's sentence does not count days: the answer never turns again, and the
    /// blocker is the same days, weeks and a year later.
    @Test func anOverdueStageKeepsItsAnswer() throws {
        let machine = try Self.machine([Self.stage([], expectedDays: 1)], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
        let overdue = Self.decide(machine, state, at: utc("2026-06-03T10:00"))
        #expect(overdue.validity.until == nil)
        #expect(overdue.blockers.map(\.message) == ["s has been ready for more than its expected 1 day"])
        #expect(overdue.blockers.first?.since == utc("2026-06-01T10:00"))
        for later in ["2026-06-04T10:00", "2026-06-30T23:59", "2027-06-03T10:00"] {
            #expect(machine.allBlockers(in: state, at: utc(later)) == overdue.blockers, "at \(later)")
        }
    }

    /// A stage opened at a fractional second (as stored times may be) still turns overdue at
    /// exactly the instant its validity names.
    @Test func anOverdueTurnAtAFractionalSecondIsExact() throws {
        let machine = try Self.machine([Self.stage([], expectedDays: 7)], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        for fraction in [0.1, 0.347, 0.999, 0.000_1] {
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00").addingTimeInterval(fraction))
            Self.decide(machine, state, at: utc("2026-06-03T08:00"), turns: true)
        }
    }

    // MARK: - 3. Guards that do not read the clock

    /// Fact-present, date-order, lead-time, notice, in-window and not-in-hotfix-window, failing
    /// or holding, and a manual block: nothing reads the clock, the answer holds for good.
    @Test(arguments: [
        // In the prod hotfix window, notice and ticket late, sandbox dates reversed, no ticket key.
        (["cutover.at": "2027-03-12T00:30", "cutover.notice-sent": "2027-03-08", "cutover.ticket-filed": "2027-03-11",
          "sandbox.start": "2027-01-10", "sandbox.end": "2027-01-02"],
         ["fact-missing", "date-order", "hotfix-window", "notice", "lead-time"]),
        // Outside the maintenance window.
        (["cutover.at": "2027-03-10T03:00", "cutover.notice-sent": "2027-03-01", "cutover.ticket-filed": "2027-03-05",
          "cutover.ticket": "SUPNXP-1", "sandbox.start": "2027-01-04", "sandbox.end": "2027-02-26"], ["outside-window"]),
        // All good.
        (["cutover.at": "2027-03-10T00:30", "cutover.notice-sent": "2027-03-01", "cutover.ticket-filed": "2027-03-05",
          "cutover.ticket": "SUPNXP-1", "sandbox.start": "2027-01-04", "sandbox.end": "2027-02-26"], []),
    ])
    func timeIndependentGuardsNeverTurn(_ facts: [String: String], _ codes: [String]) throws {
        let scheduling = try #require(try defaultWorkflow().stage("production-scheduling"))
        let guards = [GuardSpec(kind: .factPresent, fact: "cutover.ticket"), GuardSpec(kind: .dateOrder, fact: "sandbox.start", other: "sandbox.end")]
            + scheduling.guards.filter { $0.kind != .dateFuture }
        let machine = try Self.machine([Self.stage(guards), Self.stage("held", [Self.passed])], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-12-01T09:00"))
        var held = StageState(status: .blocked, since: utc("2026-12-01T09:00"))
        held.note = "waiting for the customer"
        state[stage: "held"] = held
        state.facts = facts
        for now in ["2026-12-01T09:00", "2027-03-10T01:00", "2027-03-12T00:45"] {
            let answer = Self.decide(machine, state, at: utc(now))
            #expect(answer.blockers.filter { $0.stage == "s" }.map(\.code) == codes)
            #expect(answer.blockers.filter { $0.stage == "held" }.map(\.code) == ["manual"], "a blocked stage's guards are not checked")
            #expect(answer.validity.until == nil, "at \(now)")
        }
    }

    /// Warning guards never block, so they do not shorten the blockers' validity: the default
    /// `sandbox-request` with a failing `days-ahead` warning turns when its blocking
    /// `not-in-past` guard does (the end of the sandbox's first day, 2027-01-06 in Paris), though
    /// the warning's own sentence changes at the next midnight.
    @Test func warningsDoNotShortenTheValidity() throws {
        let machine = try defaultMachine()
        var state = UpgradeState(definition: machine.definition)
        state[stage: "sandbox-request"] = StageState(status: .ready, since: utc("2027-01-04T09:00"))
        state.facts = ["sandbox.start": "2027-01-06", "sandbox.end": "2027-02-26"]
        let answer = Self.decide(machine, state, at: utc("2027-01-04T09:00"), turns: true)
        #expect(answer.blockers.isEmpty)
        #expect(answer.validity.until == utc("2027-01-06T23:00"), "sandbox.start turns past at 2027-01-07 00:00 CET, before the warning's midnight would matter")
        #expect(machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T09:00"))
            != machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T23:00")))
    }

    // MARK: - 4. The earliest turn wins

    /// One stage with an overdue threshold, `date-passed`, `sandbox-not-expired` and `days-ahead`
    /// (listed latest-turning first): each answer is valid until the earliest pending turn, and
    /// deciding again at that turn moves on to the next one. The stage waits for `x.at`, so its
    /// overdue threshold counts from that instant (2026-06-15 07:00Z + 11 days).
    @Test func severalGuardsOnOneStageTurnAtTheEarliest() throws {
        let guards = [Self.daysAhead(), GuardSpec(kind: .sandboxNotExpired, fact: "y.date"), Self.passed]
        let facts = ["x.date": "2026-06-30", "y.date": "2026-06-20", "x.at": "2026-06-15T09:00"]
        let machine = try Self.machine([Self.stage(guards, expectedDays: 10)], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
        state.facts = facts
        let chain: [(at: String, codes: [String], until: String)] = [
            ("2026-06-08T09:00", ["date-not-passed"], "2026-06-15T07:00"),                  // 09:00 CEST
            ("2026-06-15T07:00", [], "2026-06-20T22:00"),                                   // end of the 20th
            ("2026-06-20T22:00", ["sandbox-expired"], "2026-06-23T22:00"),                  // the 24th: 6 days ahead
            ("2026-06-23T22:00", ["short-notice", "sandbox-expired"], "2026-06-24T22:00"),
            ("2026-06-24T22:00", ["short-notice", "sandbox-expired"], "2026-06-25T22:00"),
            ("2026-06-25T22:00", ["short-notice", "sandbox-expired"], "2026-06-26T07:00"),  // overdue 11 days after x.at
            ("2026-06-26T07:00", ["short-notice", "sandbox-expired", "overdue"], "2026-06-26T22:00"),
        ]
        for step in chain {
            let answer = Self.decide(machine, state, at: utc(step.at), turns: true)
            #expect(answer.blockers.map(\.code) == step.codes, "at \(step.at)")
            #expect(answer.validity.until == utc(step.until), "at \(step.at)")
        }
        // The order of the guards does not matter.
        let reversed = try Self.machine([Self.stage(guards.reversed(), expectedDays: 10)], zone: "Europe/Paris")
        #expect(Self.decide(reversed, state, at: utc("2026-06-12T10:00")).validity.until == utc("2026-06-15T07:00"))
        // Without the scheduled instant, overdue counts from when the stage opened (11 days).
        state.facts["x.at"] = nil
        #expect(Self.decide(machine, state, at: utc("2026-06-12T10:00")).blockers.map(\.code) == ["overdue"])
    }

    /// Across stages the earliest open stage's turn wins; pending and done stages, whose guards
    /// are not checked, do not shorten it.
    @Test func severalStagesTurnAtTheEarliest() throws {
        let machine = try Self.machine([
            Self.stage("a", [Self.passed]),                                         // 2026-06-15 07:00Z
            Self.stage("b", [GuardSpec(kind: .sandboxNotExpired, fact: "y.date")]), // 2026-06-10 22:00Z
            Self.stage("c", [Self.notExpired]),                                     // 2026-06-09 22:00Z, pending
            Self.stage("d", [Self.notExpired], expectedDays: 1),                    // done
        ], zone: "Europe/Paris")
        var state = UpgradeState(definition: machine.definition)
        state[stage: "a"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
        state[stage: "b"] = StageState(status: .active, since: utc("2026-06-01T10:00"))
        state[stage: "d"] = StageState(status: .done, since: utc("2026-06-01T10:00"))
        state.facts = ["x.at": "2026-06-15T09:00", "y.date": "2026-06-10", "x.date": "2026-06-09"]
        let now = utc("2026-06-08T09:00")
        let answer = Self.decide(machine, state, at: now, turns: true)
        #expect(answer.validity.until == utc("2026-06-10T22:00"))
        #expect(answer.blockers.map(\.code) == ["date-not-passed"])

        let alone: [(String, Date?)] = [("a", utc("2026-06-15T07:00")), ("b", utc("2026-06-10T22:00")), ("c", nil), ("d", nil)]
        for (id, until) in alone {
            var validity = Validity(from: now)
            _ = machine.blockers(of: id, in: state, at: now, validity: &validity)
            #expect(validity.until == until, "stage \(id)")
        }
        // Once `c` is ready its turn comes first.
        state[stage: "c"] = StageState(status: .ready, since: utc("2026-06-08T08:00"))
        #expect(Self.decide(machine, state, at: now, turns: true).validity.until == utc("2026-06-09T22:00"))
    }

    // MARK: - 5. DST nights and year ends

    /// A local day `date` in `zone`: the UTC instants of its first and of the next day's first
    /// moment, read off `zdump`, and how many hours it lasts.
    struct LocalDay: Sendable, CustomTestStringConvertible {
        var zone: String
        var date: String
        var start: String
        var end: String
        var hours: Int
        var testDescription: String { "\(zone) \(date) (\(hours) h)" }
    }

    static let days: [LocalDay] = [
        LocalDay(zone: "America/New_York", date: "2026-03-08", start: "2026-03-08T05:00", end: "2026-03-09T04:00", hours: 23),
        LocalDay(zone: "America/New_York", date: "2026-11-01", start: "2026-11-01T04:00", end: "2026-11-02T05:00", hours: 25),
        LocalDay(zone: "America/Chicago", date: "2026-03-08", start: "2026-03-08T06:00", end: "2026-03-09T05:00", hours: 23),
        LocalDay(zone: "America/Chicago", date: "2026-11-01", start: "2026-11-01T05:00", end: "2026-11-02T06:00", hours: 25),
        LocalDay(zone: "Europe/Paris", date: "2026-03-29", start: "2026-03-28T23:00", end: "2026-03-29T22:00", hours: 23),
        LocalDay(zone: "Europe/Paris", date: "2026-10-25", start: "2026-10-24T22:00", end: "2026-10-25T23:00", hours: 25),
        LocalDay(zone: "Europe/Berlin", date: "2026-03-29", start: "2026-03-28T23:00", end: "2026-03-29T22:00", hours: 23),
        LocalDay(zone: "Europe/Berlin", date: "2026-10-25", start: "2026-10-24T22:00", end: "2026-10-25T23:00", hours: 25),
        LocalDay(zone: "Europe/Paris", date: "2026-12-31", start: "2026-12-30T23:00", end: "2026-12-31T23:00", hours: 24),
        LocalDay(zone: "America/New_York", date: "2026-12-31", start: "2026-12-31T05:00", end: "2027-01-01T05:00", hours: 24),
        LocalDay(zone: "Asia/Tokyo", date: "2026-12-31", start: "2026-12-30T15:00", end: "2026-12-31T15:00", hours: 24),
        // Zones whose clocks change at midnight: Havana skips 00:00–01:00 on 03-08 and repeats
        // 00:00–01:00 on 11-01; Beirut skips 00:00–01:00 on 03-29; Santiago repeats 23:00–24:00
        // on 04-04 and skips 00:00–01:00 on 09-06.
        LocalDay(zone: "America/Havana", date: "2026-03-08", start: "2026-03-08T05:00", end: "2026-03-09T04:00", hours: 23),
        LocalDay(zone: "America/Havana", date: "2026-11-01", start: "2026-11-01T04:00", end: "2026-11-02T05:00", hours: 25),
        LocalDay(zone: "Asia/Beirut", date: "2026-03-29", start: "2026-03-28T22:00", end: "2026-03-29T21:00", hours: 23),
        LocalDay(zone: "America/Santiago", date: "2026-04-04", start: "2026-04-04T03:00", end: "2026-04-05T04:00", hours: 25),
        LocalDay(zone: "America/Santiago", date: "2026-09-06", start: "2026-09-06T04:00", end: "2026-09-07T03:00", hours: 23),
    ]

    /// The hand-read instants agree with the zone data: they are `hours` apart, and the wall
    /// clock reads `date` just after `start` and the next day at `end`, the previous day just
    /// before `start` and `date` just before `end`.
    @Test(arguments: days)
    func theLocalDaysAreRight(_ day: LocalDay) throws {
        let start = utc(day.start), end = utc(day.end)
        #expect(end.timeIntervalSince(start) == TimeInterval(day.hours * 3_600))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: day.zone))
        func localDate(_ date: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        #expect(localDate(start) == day.date && localDate(start.addingTimeInterval(-1)) == Self.day(day.date, -1))
        #expect(localDate(end.addingTimeInterval(-1)) == day.date && localDate(end) == Self.day(day.date, 1))
    }

    /// On each of those days: a sandbox whose last day is the day before expires at `start`, one
    /// whose last day it is expires at `end`; a failing `days-ahead` decided during the day holds
    /// until `end`; a holding one whose first short-notice day is the next day turns at `end`.
    /// Each time the blockers are the same one millisecond before the turn and differ at it.
    @Test(arguments: days)
    func clockGuardsTurnAtTheRightInstantOnUnusualDays(_ day: LocalDay) throws {
        let start = utc(day.start), end = utc(day.end)
        let (expiry, _) = try Self.single(Self.notExpired, zone: day.zone, facts: [:])
        let (notice, _) = try Self.single(Self.daysAhead(), zone: day.zone, facts: [:])
        var state = UpgradeState(definition: expiry.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("2026-01-01T00:00"))

        state.facts = ["x.date": Self.day(day.date, -1)]
        let previous = Self.decide(expiry, state, at: start.addingTimeInterval(-5 * 3_600), turns: true)
        #expect(previous.validity.until == start)
        #expect(expiry.allBlockers(in: state, at: start).map(\.message) == ["sandbox expired on \(Self.day(day.date, -1)): extend it or request a new one"])

        state.facts = ["x.date": day.date]
        for now in [start, start.addingTimeInterval(3_600), end.addingTimeInterval(-60)] {
            let running = Self.decide(expiry, state, at: now, turns: true)
            #expect(running.blockers.isEmpty && running.validity.until == end, "at \(Self.show(now))")
        }
        #expect(expiry.allBlockers(in: state, at: end.addingTimeInterval(-0.001)).isEmpty)
        #expect(expiry.allBlockers(in: state, at: end).map(\.code) == ["sandbox-expired"])

        state.facts = ["x.date": Self.day(day.date, 2)]
        for now in [start, start.addingTimeInterval(3_600), end.addingTimeInterval(-60)] {
            let short = Self.decide(notice, state, at: now, turns: true)
            #expect(short.blockers.map(\.message) == ["x.date \(Self.day(day.date, 2)) is 2 days from today (\(day.date)); under 7 days the request is expedited"])
            #expect(short.validity.until == end, "at \(Self.show(now))")
        }
        #expect(notice.allBlockers(in: state, at: end.addingTimeInterval(-0.001)).first?.message.contains("2 days from today") == true)
        #expect(notice.allBlockers(in: state, at: end).first?.message.contains("1 day from today (\(Self.day(day.date, 1)))") == true)

        state.facts = ["x.date": Self.day(day.date, 7)]
        let ahead = Self.decide(notice, state, at: start.addingTimeInterval(3_600), turns: true)
        #expect(ahead.blockers.isEmpty && ahead.validity.until == end)
        #expect(notice.allBlockers(in: state, at: end.addingTimeInterval(-0.001)).isEmpty)
        #expect(notice.allBlockers(in: state, at: end).map(\.code) == ["short-notice"])
    }

    /// Zones whose clocks change at local midnight: at the last representable instant before a
    /// clock change, `TimeZone.secondsFromGMT(for:)` already answers with the offset after it
    /// (Foundation rounds the instant up to the whole second). `ZonedDateTime` takes the offset
    /// of the whole second it rounds down to, so the wall clock never reads one DST step off
    /// and the day is right up to the change:
    /// - Havana 2026-03-08, Beirut 2026-03-29, Santiago 2026-09-06 (midnight skipped): decided
    ///   the evening before, valid until the jump; just before it, still the evening before.
    /// - Havana 2026-11-01 (00:59:59 CDT back to 00:00 CST at 05:00Z): decided at 00:30 CDT,
    ///   valid until the next midnight; just before 05:00Z, still 2026-11-01.
    @Test(arguments: [
        ("America/Havana", "2026-03-07T23:00", "2026-03-08T05:00", "2026-03-08T05:00"),
        ("Asia/Beirut", "2026-03-28T16:00", "2026-03-28T22:00", "2026-03-28T22:00"),
        ("America/Santiago", "2026-09-05T22:00", "2026-09-06T04:00", "2026-09-06T04:00"),
        ("America/Havana", "2026-11-01T04:30", "2026-11-02T05:00", "2026-11-01T05:00"),
    ])
    func theLastInstantBeforeAClockChangeAtMidnightIsReadOnTheRightDay(_ zone: String, _ decided: String, _ turn: String, _ change: String) throws {
        // Three days ahead of the day it is decided on: short notice, a sentence naming today.
        let (machine, short) = try Self.single(Self.daysAhead(), zone: zone, facts: ["x.date": Self.day(String(decided.prefix(10)), 3)])
        let t = utc(decided)
        var validity = Validity(from: t)
        let found = machine.allBlockers(in: short, at: t, validity: &validity)
        #expect(found.map(\.code) == ["short-notice"])
        #expect(validity.until == utc(turn))
        let last = Self.justBefore(utc(change))
        #expect(validity.contains(last))
        #expect(machine.allBlockers(in: short, at: utc(change).addingTimeInterval(-0.000_001)) == found, "a microsecond before")
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(timeZone.secondsFromGMT(for: last) == timeZone.secondsFromGMT(for: utc(change)), "Foundation: the offset after the change")
        #expect(machine.allBlockers(in: short, at: last) == found, "\(zone): at \(Self.show(last)) the engine reads another day than at \(Self.show(t))")
    }

    // MARK: - 6. Sweeps

    /// A month around a DST change (or a year end) in a zone: `pivot` is the unusual local day.
    struct Sweep: Sendable, CustomTestStringConvertible {
        var zone: String
        var pivot: String
        var testDescription: String { "\(zone) around \(pivot)" }
    }

    static let sweeps = [
        Sweep(zone: "Europe/Paris", pivot: "2026-03-29"), Sweep(zone: "Europe/Paris", pivot: "2026-10-25"),
        Sweep(zone: "America/New_York", pivot: "2026-03-08"), Sweep(zone: "America/New_York", pivot: "2026-11-01"),
        Sweep(zone: "America/Chicago", pivot: "2026-11-01"), Sweep(zone: "Europe/Berlin", pivot: "2026-12-31"),
    ]

    /// Checks the contract for `state` at moments every three hours (17 minutes past) from 15
    /// days before `pivot` to 16 days after, and at each answer's `until` (a decision taken
    /// exactly at a turn). Every pair of answers is checked too: if `t1 < t2` and `t2` is inside
    /// the validity of `t1`, the blockers are equal. Returns how many answers turned.
    @discardableResult
    static func sweep(_ machine: UpgradeMachine, _ state: UpgradeState, around pivot: String, name: String,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let first = utc("\(day(pivot, -15))T00:17"), last = utc("\(day(pivot, 16))T00:00")
        var moments = Set(stride(from: 0.0, through: last.timeIntervalSince(first), by: 3 * 3_600.0).map { first.addingTimeInterval($0) })
        var answers: [(t: Date, blockers: [Blocker], validity: Validity)] = []
        for t in moments.sorted() {
            let answer = decide(machine, state, at: t, sourceLocation: sourceLocation)
            answers.append((t, answer.blockers, answer.validity))
            if let until = answer.validity.until, until <= last, !moments.contains(until) {
                moments.insert(until)
                let again = decide(machine, state, at: until, sourceLocation: sourceLocation)
                answers.append((until, again.blockers, again.validity))
            }
        }
        answers.sort { $0.t < $1.t }
        for (i, earlier) in answers.enumerated() {
            for later in answers[(i + 1)...] where earlier.validity.contains(later.t) {
                #expect(later.blockers == earlier.blockers, """
                    \(name): decided at \(show(earlier.t)) valid until \(show(earlier.validity.until)), \
                    but at \(show(later.t)): \(later.blockers.map(\.message)) instead of \(earlier.blockers.map(\.message))
                    """, sourceLocation: sourceLocation)
            }
        }
        return Set(answers.map(\.blockers)).count - 1
    }

    /// Hand-built states of the default workflow, with facts placed around `pivot` (`d(n)` is
    /// the day `n` days from it): the clock-reading guards of the real workflow, the overdue
    /// thresholds, a manual block, and several stages open at once.
    static func defaultStates(_ machine: UpgradeMachine, around pivot: String) -> [(String, UpgradeState)] {
        func d(_ n: Int) -> String { day(pivot, n) }
        func at(_ n: Int, _ time: String) -> Date { utc("\(d(n))T\(time)") }
        let empty = UpgradeState(definition: machine.definition)
        func with(_ stages: [String: StageState], _ facts: [String: String]) -> UpgradeState {
            var state = empty
            for (id, stage) in stages { state[stage: id] = stage }
            state.facts = facts
            return state
        }
        func started(_ status: StageStatus, _ since: Date, startedAt: Date? = nil) -> StageState {
            var stage = StageState(status: status, since: since)
            stage.startedAt = startedAt ?? (status == .ready ? nil : since)
            return stage
        }
        var blocked = StageState(status: .blocked, since: at(-14, "10:30"))
        blocked.note = "waiting for the new cluster"
        blocked.blockOwner = .cloudTeam
        let cutover = ["cutover.at": "\(d(4))T00:30", "cutover.notice-sent": d(-10), "cutover.ticket-filed": d(-8), "cutover.ticket": "SUPNXP-7"]
        return [
            ("sandbox ends the day before", with(["sandbox-validation": started(.active, at(-10, "08:00"))],
                                                 ["sandbox.start": d(-40), "sandbox.end": d(-1)])),
            ("sandbox ends that day", with(["sandbox-validation": started(.active, at(-10, "08:00").addingTimeInterval(0.347))],
                                           ["sandbox.start": d(-40), "sandbox.end": d(0)])),
            ("pre-production upgrade that night", with(["preprod-upgrade": started(.active, at(-5, "09:00"))],
                                                       ["preprod.upgrade-at": "\(d(0))T02:30"])),
            ("pre-production upgrade at 01:30", with(["preprod-upgrade": started(.active, at(-5, "09:00"))],
                                                     ["preprod.upgrade-at": "\(d(0))T01:30"])),
            ("cutover being scheduled", with(["production-scheduling": started(.ready, at(-12, "09:00"))], cutover)),
            ("cutover that night", with(["production-cutover": started(.active, at(-2, "12:00"))],
                                        cutover.merging(["cutover.at": "\(d(0))T01:30"]) { $1 })),
            ("several stages open", with([
                "sandbox-request": started(.ready, at(-3, "07:45")),
                "sandbox-validation": started(.active, at(-9, "16:00")),
                "search-coordination": blocked,
                "preprod-upgrade": started(.active, at(-1, "09:00"), startedAt: at(-6, "09:00")),
                "production-scheduling": started(.ready, at(-7, "11:00")),
                "production-cutover": started(.active, at(1, "12:00")),
            ], cutover.merging(["sandbox.start": d(3), "sandbox.end": d(2), "preprod.upgrade-at": "\(d(1))T00:30",
                                "search.cluster": "elasticsearch 7.17"]) { $1 })),
        ]
    }

    /// The default workflow, in EU and US zones, around both DST changes and a year end: the
    /// contract holds at every sampled moment, and the answers do change over the month (the
    /// sweep is not vacuous).
    @Test(arguments: sweeps)
    func theDefaultWorkflowKeepsTheContract(_ sweep: Sweep) throws {
        let machine = try defaultMachine(region: Self.region(of: sweep.zone), zone: sweep.zone)
        for (name, state) in Self.defaultStates(machine, around: sweep.pivot) {
            let changes = Self.sweep(machine, state, around: sweep.pivot, name: name)
            #expect(changes > 0, "\(name): the blockers never changed")
        }
        // A state reached through the machine's own commands: validation open, sandbox ending.
        var walk = try Walk(machine, at: utc("\(Self.day(sweep.pivot, -20))T09:00"))
        try walk.run(.complete(stage: "intake"))
        try walk.run(.set([FactAssignment(key: "sandbox.start", value: Self.day(sweep.pivot, -18)),
                           FactAssignment(key: "sandbox.end", value: Self.day(sweep.pivot, 1))]))
        try walk.run(.complete(stage: "sandbox-request"))
        try walk.run(.complete(stage: "sandbox-upgrade"), at: "\(Self.day(sweep.pivot, -12))T09:00")
        try walk.run(.start(stage: "sandbox-validation"), at: "\(Self.day(sweep.pivot, -10))T09:00")
        #expect(walk.status("sandbox-validation") == .active)
        #expect(Self.sweep(machine, walk.state, around: sweep.pivot, name: "walked") > 0)
    }

    /// Every clock-reading guard as a blocker on one stage (and a second stage with the others),
    /// in the zones of the unusual days above: the contract holds at every sampled moment.
    @Test(arguments: days)
    func everyClockGuardKeepsTheContract(_ day: LocalDay) throws {
        let machine = try Self.machine([
            Self.stage("s", [Self.daysAhead(), Self.endingSoon(), Self.notExpired], expectedDays: 9),
            Self.stage("t", [Self.passed, Self.future, GuardSpec(kind: .daysAhead, fact: "y.date", days: .literal(3))], expectedDays: 20),
        ], zone: day.zone)
        var state = UpgradeState(definition: machine.definition)
        state[stage: "s"] = StageState(status: .ready, since: utc("\(Self.day(day.date, -4))T13:00"))
        state[stage: "t"] = StageState(status: .active, since: utc("\(Self.day(day.date, -10))T02:00"))
        for (x, y, at) in [(0, 0, "00:00"), (3, 2, "01:30"), (-1, 9, "02:30"), (10, -3, "23:30")] {
            state.facts = ["x.date": Self.day(day.date, x), "y.date": Self.day(day.date, y), "x.at": "\(Self.day(day.date, x))T\(at)"]
            let changes = Self.sweep(machine, state, around: day.date, name: "\(day.zone) x\(x) y\(y) \(at)")
            #expect(changes > 0)
        }
    }
}
