import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// Guards that do not read the clock: their answer holds for good.
    @Suite struct ClocklessGuards {
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
            let machine = try ValidityTests.machine([ValidityTests.stage(guards), ValidityTests.stage("held", [ValidityTests.passed])], zone: "Europe/Paris")
            var state = UpgradeState(definition: machine.definition)
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-12-01T09:00"))
            var held = StageState(status: .blocked, since: utc("2026-12-01T09:00"))
            held.note = "waiting for the customer"
            state[stage: "held"] = held
            state.facts = facts
            for now in ["2026-12-01T09:00", "2027-03-10T01:00", "2027-03-12T00:45"] {
                let answer = ValidityTests.decide(machine, state, at: utc(now))
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
            let answer = ValidityTests.decide(machine, state, at: utc("2027-01-04T09:00"), turns: true)
            #expect(answer.blockers.isEmpty)
            #expect(answer.validity.until == utc("2027-01-06T23:00"), "sandbox.start turns past at 2027-01-07 00:00 CET, before the warning's midnight would matter")
            #expect(machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T09:00"))
                != machine.warnings(of: "sandbox-request", in: state, at: utc("2027-01-04T23:00")))
        }
    }
}
