import Foundation
import Testing
@testable import LTSFlowEngine

/// The calendar guards of the default workflow: window, hotfix windows, notice across a year
/// end and sandbox expiry, on DST nights, in every region and with a custom window.
@Suite struct SchedulingGuardTests {
    /// The blockers of `stage` when it is ready with these facts, at `now`.
    static func blockers(_ stage: String, facts: [String: String], now: String, region: Region = .eu,
                         zone: String? = nil, window: String? = nil) throws -> [Blocker] {
        let machine = try defaultMachine(region: region, zone: zone, window: window)
        var state = UpgradeState(definition: machine.definition)
        state[stage: stage] = StageState(status: .ready, since: utc(now))
        for (key, value) in facts {
            let fact = try #require(machine.definition.fact(key))
            state.facts[key] = try FactValue.canonical(value, of: fact)
        }
        return machine.blockers(of: stage, in: state, at: utc(now))
    }

    static func cutover(_ at: String, notice: String = "2027-01-01", ticket: String = "2027-01-01", now: String = "2026-12-01T09:00",
                        region: Region = .eu, zone: String? = nil, window: String? = nil) throws -> [Blocker] {
        try blockers("production-scheduling", facts: [
            "cutover.at": at, "cutover.notice-sent": notice, "cutover.ticket-filed": ticket, "cutover.ticket": "SUPNXP-1",
        ], now: now, region: region, zone: zone, window: window)
    }

    @Test func aCutoverInTheProdHotfixWindowIsRefusedInLocalAndUTC() throws {
        // March 2027: Friday 5 is the pre-prod hotfix, Friday 12 the prod one.
        let found = try Self.cutover("2027-03-12T00:30")
        #expect(found.map(\.code) == ["hotfix-window"])
        #expect(found.first?.message == "cutover.at 2027-03-12 00:30 CET (2027-03-11 23:30 UTC) falls in the prod hotfix window of the second Friday 2027-03-12 00:00–02:00 CET (2027-03-11 23:00–2027-03-12 01:00 UTC); choose another night")
        #expect(found.first?.owner == .csm)
        #expect(try Self.cutover("2027-03-05T00:30").isEmpty, "the pre-prod Friday does not stop a production cutover")
        #expect(try Self.cutover("2027-03-12T00:30", region: .jp).map(\.code) == ["hotfix-window"])
        #expect(try Self.cutover("2027-03-12T00:30", region: .us).map(\.code) == ["hotfix-window"])
    }

    @Test func aCutoverOutsideTheWindowIsRefused() throws {
        let found = try Self.cutover("2027-03-10T03:00")
        #expect(found.map(\.code) == ["outside-window"])
        #expect(found.first?.message == "cutover.at 2027-03-10 03:00 CET (2027-03-10 02:00 UTC) is outside the customer's maintenance window 2027-03-10 00:00–02:00 CET (2027-03-09 23:00–2027-03-10 01:00 UTC)")
        #expect(try Self.cutover("2027-03-10T01:30").isEmpty, "the 30-minute deployment ends with the window")
        let late = try Self.cutover("2027-03-10T01:59")
        #expect(late.map(\.code) == ["outside-window"], "a deployment of up to 30 minutes would overrun the window")
        #expect(late.first?.message == "cutover.at 2027-03-10 01:59 CET (2027-03-10 00:59 UTC) leaves no room for its deployment of up to 30 minutes before the end of the customer's maintenance window 2027-03-10 00:00–02:00 CET (2027-03-09 23:00–2027-03-10 01:00 UTC); start by 01:30 CET")
        #expect(late.first?.ticket == "SUPNXP-1", "the blocker carries the cutover ticket")
        #expect(try Self.cutover("2027-03-10T02:00").map(\.code) == ["outside-window"], "the window's end is excluded")
    }

    /// US 2026-11-01: the window runs 04:00Z–07:00Z; 01:30 is ambiguous and read as EDT.
    @Test(arguments: [("2026-11-01T00:30", true), ("2026-11-01T01:30", true), ("2026-11-01T01:59", true), ("2026-11-01T02:00", false), ("2026-11-01T02:30", false)])
    func usFallBackNight(_ at: String, _ inside: Bool) throws {
        let found = try Self.cutover(at, notice: "2026-10-01", ticket: "2026-10-01", now: "2026-10-02T09:00", region: .us)
        #expect(found.isEmpty == inside, "\(found.map(\.message))")
    }

    /// US 2026-03-08: 02:30 does not exist and is read with the offset before the jump (EST).
    /// 01:59 EST is inside the window, but its 30-minute deployment would overrun it.
    @Test(arguments: [("2026-03-08T00:30", true), ("2026-03-08T01:30", true), ("2026-03-08T01:59", false), ("2026-03-08T02:30", false)])
    func usSpringForwardNight(_ at: String, _ inside: Bool) throws {
        let found = try Self.cutover(at, notice: "2026-02-01", ticket: "2026-02-01", now: "2026-02-02T09:00", region: .us)
        #expect(found.isEmpty == inside, "\(found.map(\.message))")
    }

    /// EU 2026-03-29: the window is 23:00Z–01:00Z; 01:30 CET is 00:30Z inside, 02:30 (nonexistent,
    /// read as CET) is 01:30Z outside. EU 2026-10-25: 00:00 CEST–02:00 CET, 22:00Z–01:00Z.
    @Test(arguments: [("2026-03-29T01:30", true), ("2026-03-29T02:30", false), ("2026-10-25T01:30", true), ("2026-10-25T02:30", false)])
    func euDSTNights(_ at: String, _ inside: Bool) throws {
        let found = try Self.cutover(at, notice: "2026-02-01", ticket: "2026-02-01", now: "2026-02-02T09:00")
        #expect(found.isEmpty == inside, "\(found.map(\.message))")
    }

    @Test func aCustomWindowAndZoneAreHonoured() throws {
        // Chicago, 22:00–00:00: 23:00 local is inside, 00:30 is not.
        #expect(try Self.cutover("2027-03-10T23:00", region: .us, zone: "America/Chicago", window: "22:00-00:00").isEmpty)
        let outside = try Self.cutover("2027-03-10T00:30", region: .us, zone: "America/Chicago", window: "22:00-00:00")
        #expect(outside.map(\.code) == ["outside-window"])
        #expect(outside.first?.message.contains("-06:00") == true || outside.first?.message.contains("-05:00") == true)
    }

    @Test func noticeIsCountedInCalendarDaysAcrossTheYearEnd() throws {
        #expect(try Self.cutover("2027-01-05T00:30", notice: "2026-12-29", ticket: "2027-01-02").isEmpty)
        let late = try Self.cutover("2027-01-05T00:30", notice: "2026-12-30", ticket: "2027-01-04")
        #expect(late.map(\.code) == ["notice", "lead-time"])
        #expect(late.first?.message.hasSuffix("at least 7 days are needed (by 2026-12-29)") == true)
    }

    @Test func thePreprodUpgradeMayNotStartInThePreprodHotfixWindow() throws {
        var walk = try Walk(try defaultMachine(sandbox: false, supported: "elasticsearch"))
        try walk.run(.complete(stage: "intake"))
        try walk.run(.skip(stage: "preprod-restore", reason: "none"))
        let unset = #expect(throws: EngineError.self) { try walk.run(.start(stage: "preprod-upgrade")) }
        #expect(unset?.reasons.first?.hasPrefix("preprod.upgrade-at is not set") == true)
        try walk.run(.set([FactAssignment(key: "preprod.ticket", value: "SUPNXP-7"), FactAssignment(key: "preprod.ticket-filed", value: "2026-12-01")]))
        // Friday 2027-01-01 is the first Friday of January 2027.
        try walk.run(.set([FactAssignment(key: "preprod.upgrade-at", value: "2027-01-01T00:30")]))
        let hotfix = #expect(throws: EngineError.self) { try walk.run(.start(stage: "preprod-upgrade")) }
        #expect(hotfix?.reasons == ["preprod.upgrade-at 2027-01-01 00:30 CET (2026-12-31 23:30 UTC) falls in the preprod hotfix window of the first Friday 2027-01-01 00:00–02:00 CET (2026-12-31 23:00–2027-01-01 01:00 UTC); choose another night"])
        try walk.run(.set([FactAssignment(key: "preprod.upgrade-at", value: "2027-01-02T00:30")]))
        try walk.run(.start(stage: "preprod-upgrade"))
    }

    @Test func anExpiredSandboxHoldsValidation() throws {
        let facts = ["sandbox.start": "2027-01-04", "sandbox.end": "2027-02-26"]
        // 23:00 in Paris on the 26th: the sandbox is still there.
        #expect(try Self.blockers("sandbox-validation", facts: facts, now: "2027-02-26T22:00").isEmpty)
        let expired = try Self.blockers("sandbox-validation", facts: facts, now: "2027-02-26T23:30")
        #expect(expired.map(\.message) == ["sandbox expired on 2027-02-26: extend it or request a new one"])
        #expect(expired.first?.owner == .customer)
        #expect(try Self.blockers("sandbox-validation", facts: ["sandbox.end": "2027-02-26"], now: "2027-02-26T23:30", region: .jp).count == 1)
        #expect(try Self.blockers("sandbox-validation", facts: [:], now: "2027-02-26T23:30").isEmpty, "no additional sandbox, nothing to expire")
        // Within 7 days of its end the sandbox is flagged, without blocking.
        let machine = try defaultMachine()
        var state = UpgradeState(definition: machine.definition)
        state[stage: "sandbox-validation"] = StageState(status: .active, since: utc("2027-02-15T09:00"))
        state.facts = facts
        #expect(machine.warnings(of: "sandbox-validation", in: state, at: utc("2027-02-18T09:00")).isEmpty)
        #expect(machine.warnings(of: "sandbox-validation", in: state, at: utc("2027-02-22T09:00"))
            == ["the sandbox ends on 2027-02-26, in 4 days: finish validation or extend it"])
        #expect(machine.blockers(of: "sandbox-validation", in: state, at: utc("2027-02-22T09:00")).isEmpty)
    }

    @Test func aSandboxStartingWithinSevenDaysIsAWarningNotABlocker() throws {
        let machine = try defaultMachine()
        var state = UpgradeState(definition: machine.definition)
        state[stage: "sandbox-request"] = StageState(status: .ready, since: utc("2027-01-04T09:00"))
        state.facts = ["sandbox.start": "2027-01-06", "sandbox.end": "2027-02-26"]
        #expect(machine.blockers(of: "sandbox-request", in: state, at: utc("2027-01-04T09:00")).isEmpty)
        #expect(machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T09:00"))
            == ["sandbox.start 2027-01-06 is 2 days from today (2027-01-04); under 7 days the request is expedited"])
        // A week ahead is a normal request; in Tokyo it is already the 5th at 23:00 UTC on the 4th.
        state.facts["sandbox.start"] = "2027-01-11"
        #expect(machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T09:00")).isEmpty)
        let tokyo = try defaultMachine(region: .jp)
        #expect(tokyo.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T23:00")).count == 1)
        _ = try machine.apply(.complete(stage: "sandbox-request"), to: state, at: utc("2027-01-04T09:00"), actor: "t")
    }
}
