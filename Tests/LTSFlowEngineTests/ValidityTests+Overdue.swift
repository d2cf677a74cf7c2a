import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// Overdue thresholds: when a stage turns overdue, and that it stays so.
    @Suite struct Overdue {
        /// A stage not yet overdue turns when `expected + 1` whole days (of 86,400 s, DST or not)
        /// have passed since it opened: `startedAt` when it has one, else `since`.
        @Test func aStageNotYetOverdueTurnsWhenItsExpectedDaysRunOut() throws {
            let machine = try ValidityTests.machine([ValidityTests.stage([], expectedDays: 7)], zone: "Europe/Paris")
            var state = UpgradeState(definition: machine.definition)
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
            let fresh = ValidityTests.decide(machine, state, at: utc("2026-06-03T08:00"), turns: true)
            #expect(fresh.blockers.isEmpty)
            #expect(fresh.validity.until == utc("2026-06-09T10:00"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-09T10:00")).map(\.message) == ["s has been ready for more than its expected 7 days"])

            // Active since an unblock on the 5th, started on the 1st: counted from the start.
            var resumed = StageState(status: .active, since: utc("2026-06-05T12:00"))
            resumed.startedAt = utc("2026-06-01T10:00")
            state[stage: "s"] = resumed
            let active = ValidityTests.decide(machine, state, at: utc("2026-06-06T08:00"), turns: true)
            #expect(active.validity.until == utc("2026-06-09T10:00"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-09T10:00")).map(\.message) == ["s has been open for more than its expected 7 days"])

            // Across the EU spring-forward night: elapsed days, not local ones.
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-03-25T10:00"))
            let dst = ValidityTests.decide(machine, state, at: utc("2026-03-26T08:00"), turns: true)
            #expect(dst.validity.until == utc("2026-04-02T10:00"))
        }

        /// An overdue stage's sentence does not count days: the answer never turns again, and the
        /// blocker is the same days, weeks and a year later.
        @Test func anOverdueStageKeepsItsAnswer() throws {
            let machine = try ValidityTests.machine([ValidityTests.stage([], expectedDays: 1)], zone: "Europe/Paris")
            var state = UpgradeState(definition: machine.definition)
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
            let overdue = ValidityTests.decide(machine, state, at: utc("2026-06-03T10:00"))
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
            let machine = try ValidityTests.machine([ValidityTests.stage([], expectedDays: 7)], zone: "Europe/Paris")
            var state = UpgradeState(definition: machine.definition)
            for fraction in [0.1, 0.347, 0.999, 0.000_1] {
                state[stage: "s"] = StageState(status: .ready, since: utc("2026-06-01T10:00").addingTimeInterval(fraction))
                ValidityTests.decide(machine, state, at: utc("2026-06-03T08:00"), turns: true)
            }
        }
    }
}
