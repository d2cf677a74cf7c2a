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
}
