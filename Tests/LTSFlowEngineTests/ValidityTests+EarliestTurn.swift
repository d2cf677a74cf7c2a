import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// Several pending turns: the earliest wins.
    @Suite struct EarliestTurn {
        /// One stage with an overdue threshold, `date-passed`, `sandbox-not-expired` and `days-ahead`
        /// (listed latest-turning first): each answer is valid until the earliest pending turn, and
        /// deciding again at that turn moves on to the next one. The stage waits for `x.at`, so its
        /// overdue threshold counts from that instant (2026-06-15 07:00Z + 11 days).
        @Test func severalGuardsOnOneStageTurnAtTheEarliest() throws {
            let guards = [ValidityTests.daysAhead(), GuardSpec(kind: .sandboxNotExpired, fact: "y.date"), ValidityTests.passed]
            let facts = ["x.date": "2026-06-30", "y.date": "2026-06-20", "x.at": "2026-06-15T09:00"]
            let machine = try ValidityTests.machine([ValidityTests.stage(guards, expectedDays: 10)], zone: "Europe/Paris")
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
                let answer = ValidityTests.decide(machine, state, at: utc(step.at), turns: true)
                #expect(answer.blockers.map(\.code) == step.codes, "at \(step.at)")
                #expect(answer.validity.until == utc(step.until), "at \(step.at)")
            }
            // The order of the guards does not matter.
            let reversed = try ValidityTests.machine([ValidityTests.stage(guards.reversed(), expectedDays: 10)], zone: "Europe/Paris")
            #expect(ValidityTests.decide(reversed, state, at: utc("2026-06-12T10:00")).validity.until == utc("2026-06-15T07:00"))
            // Without the scheduled instant, overdue counts from when the stage opened (11 days).
            state.facts["x.at"] = nil
            #expect(ValidityTests.decide(machine, state, at: utc("2026-06-12T10:00")).blockers.map(\.code) == ["overdue"])
        }

        /// Across stages the earliest open stage's turn wins; pending and done stages, whose guards
        /// are not checked, do not shorten it.
        @Test func severalStagesTurnAtTheEarliest() throws {
            let machine = try ValidityTests.machine([
                ValidityTests.stage("a", [ValidityTests.passed]),                                         // 2026-06-15 07:00Z
                ValidityTests.stage("b", [GuardSpec(kind: .sandboxNotExpired, fact: "y.date")]), // 2026-06-10 22:00Z
                ValidityTests.stage("c", [ValidityTests.notExpired]),                                     // 2026-06-09 22:00Z, pending
                ValidityTests.stage("d", [ValidityTests.notExpired], expectedDays: 1),                    // done
            ], zone: "Europe/Paris")
            var state = UpgradeState(definition: machine.definition)
            state[stage: "a"] = StageState(status: .ready, since: utc("2026-06-01T10:00"))
            state[stage: "b"] = StageState(status: .active, since: utc("2026-06-01T10:00"))
            state[stage: "d"] = StageState(status: .done, since: utc("2026-06-01T10:00"))
            state.facts = ["x.at": "2026-06-15T09:00", "y.date": "2026-06-10", "x.date": "2026-06-09"]
            let now = utc("2026-06-08T09:00")
            let answer = ValidityTests.decide(machine, state, at: now, turns: true)
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
            #expect(ValidityTests.decide(machine, state, at: now, turns: true).validity.until == utc("2026-06-09T22:00"))
        }
    }
}
