import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// Each guard that reads the clock, alone: when its answer turns.
    @Suite struct ClockGuards {
        /// `date-passed` fails until the fact's instant (Paris, CEST: 14:30 local is 12:30Z) and
        /// turns exactly then; once passed it holds for good.
        @Test func datePassedTurnsAtTheFactsInstant() throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.passed, facts: ["x.at": "2026-06-10T14:30"])
            let before = ValidityTests.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
            #expect(before.blockers.map(\.message) == ["waiting until 2026-06-10 14:30 CEST (2026-06-10 12:30 UTC): x.at has not passed yet"])
            #expect(before.blockers.map(\.kind) == [.waiting] && before.blockers.first?.until == utc("2026-06-10T12:30"))
            #expect(before.validity.until == utc("2026-06-10T12:30"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-10T12:30")).isEmpty)

            let after = ValidityTests.decide(machine, state, at: utc("2026-06-10T12:30"))
            #expect(after.blockers.isEmpty && after.validity.until == nil)
        }

        /// `date-future` holds until the fact's instant and fails from it on, with a sentence that
        /// never changes again.
        @Test func dateFutureTurnsAtTheFactsInstant() throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.future, zone: "America/New_York", facts: ["x.at": "2026-06-10T14:30"])
            let before = ValidityTests.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
            #expect(before.blockers.isEmpty)
            #expect(before.validity.until == utc("2026-06-10T18:30"), "14:30 EDT")
            #expect(machine.allBlockers(in: state, at: utc("2026-06-10T18:30")).map(\.code) == ["date-passed"])

            let after = ValidityTests.decide(machine, state, at: utc("2026-06-10T18:30"))
            #expect(after.blockers.map(\.code) == ["date-passed"] && after.validity.until == nil)
        }

        /// `sandbox-not-expired` turns at the local midnight that ends the sandbox's last day, in
        /// the customer's zone, whatever the UTC date at that moment.
        @Test(arguments: [("Europe/Paris", "2026-06-10T22:00"), ("America/New_York", "2026-06-11T04:00"), ("Asia/Tokyo", "2026-06-10T15:00")])
        func sandboxNotExpiredTurnsAtTheEndOfItsLastLocalDay(_ zone: String, _ end: String) throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.notExpired, zone: zone, facts: ["x.date": "2026-06-10"])
            let running = ValidityTests.decide(machine, state, at: utc("2026-06-09T12:00"), turns: true)
            #expect(running.blockers.isEmpty)
            #expect(running.validity.until == utc(end))
            #expect(machine.allBlockers(in: state, at: utc(end)).map(\.message) == ["sandbox expired on 2026-06-10: extend it or request a new one"])

            let expired = ValidityTests.decide(machine, state, at: utc(end))
            #expect(expired.blockers.map(\.code) == ["sandbox-expired"] && expired.validity.until == nil)
        }

        /// A failing `days-ahead` names today and the gap: it holds until the next local midnight,
        /// also late in the evening when the UTC date is already the next day.
        @Test func daysAheadFailingTurnsAtTheNextLocalMidnight() throws {
            let (paris, state) = try ValidityTests.single(ValidityTests.daysAhead(), facts: ["x.date": "2026-06-12"])
            let morning = ValidityTests.decide(paris, state, at: utc("2026-06-08T09:00"), turns: true)
            #expect(morning.blockers.map(\.message) == ["x.date 2026-06-12 is 4 days from today (2026-06-08); under 7 days the request is expedited"])
            #expect(morning.validity.until == utc("2026-06-08T22:00"))
            #expect(paris.allBlockers(in: state, at: utc("2026-06-08T22:00")).map(\.message)
                == ["x.date 2026-06-12 is 3 days from today (2026-06-09); under 7 days the request is expedited"])

            // 23:00 EDT on the 8th is 03:00Z on the 9th: today is still the 8th in New York.
            let (newYork, _) = try ValidityTests.single(ValidityTests.daysAhead(), zone: "America/New_York", facts: [:])
            let evening = ValidityTests.decide(newYork, state, at: utc("2026-06-09T03:00"), turns: true)
            #expect(evening.blockers.first?.message.contains("from today (2026-06-08)") == true)
            #expect(evening.validity.until == utc("2026-06-09T04:00"))

            // A day already past still fails, one day further each midnight.
            var late = state
            late.facts["x.date"] = "2026-06-01"
            let past = ValidityTests.decide(paris, late, at: utc("2026-06-08T09:00"), turns: true)
            #expect(past.blockers.map(\.message) == ["x.date 2026-06-01 is -7 days from today (2026-06-08); under 7 days the request is expedited"])
            #expect(past.validity.until == utc("2026-06-08T22:00"))
        }

        /// A holding `days-ahead` turns at the local midnight starting the day `date - days + 1`:
        /// for 2026-06-20 and 7 days, 2026-06-14 00:00 CEST; a gap of exactly `days` turns tonight.
        @Test func daysAheadHoldingTurnsOnTheFirstShortNoticeDay() throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.daysAhead(), facts: ["x.date": "2026-06-20"])
            let early = ValidityTests.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
            #expect(early.blockers.isEmpty)
            #expect(early.validity.until == utc("2026-06-13T22:00"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-13T22:00")).first?.message.contains("is 6 days from today (2026-06-14)") == true)

            var exact = state
            exact.facts["x.date"] = "2026-06-15"
            let lastDay = ValidityTests.decide(machine, exact, at: utc("2026-06-08T09:00"), turns: true)
            #expect(lastDay.blockers.isEmpty, "7 days ahead is enough")
            #expect(lastDay.validity.until == utc("2026-06-08T22:00"))
        }

        /// `sandbox-ending-soon` used as a blocker counts the days left: every local midnight is a
        /// turn, including the one after the last day (nothing left to warn about).
        @Test func sandboxEndingSoonAsABlockerTurnsAtEveryLocalMidnight() throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.endingSoon(), facts: ["x.date": "2026-06-12"])
            let soon = ValidityTests.decide(machine, state, at: utc("2026-06-08T09:00"), turns: true)
            #expect(soon.blockers.map(\.message) == ["the sandbox ends on 2026-06-12, in 4 days: finish validation or extend it"])
            #expect(soon.validity.until == utc("2026-06-08T22:00"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-08T22:00")).map(\.message)
                == ["the sandbox ends on 2026-06-12, in 3 days: finish validation or extend it"])

            let lastDay = ValidityTests.decide(machine, state, at: utc("2026-06-12T09:00"), turns: true)
            #expect(lastDay.blockers.map(\.message) == ["the sandbox ends on 2026-06-12, today: finish validation or extend it"])
            #expect(lastDay.validity.until == utc("2026-06-12T22:00"))
            #expect(machine.allBlockers(in: state, at: utc("2026-06-12T22:00")).isEmpty)

            // Far from its end it holds, and the answer is still only kept until midnight.
            let far = ValidityTests.decide(machine, state, at: utc("2026-05-01T09:00"))
            #expect(far.blockers.isEmpty && far.validity.until == utc("2026-05-01T22:00"))
        }

        /// The guards that read "today" (`days-ahead`, `sandbox-ending-soon`) still see the old day
        /// at the last representable instant before the midnight their validity names.
        /// `timeIntervalSince1970` adds 978,307,200 s to the interval `Date` stores and rounds that
        /// instant up to the whole second; `ZonedDateTime` rounds the stored interval down instead.
        @Test func theLastInstantBeforeAMidnightTurnIsStillTheOldDay() throws {
            let (machine, state) = try ValidityTests.single(ValidityTests.daysAhead(), facts: ["x.date": "2026-06-12"])
            let t = utc("2026-06-08T09:00")
            var validity = Validity(from: t)
            let found = machine.allBlockers(in: state, at: t, validity: &validity)
            let until = try #require(validity.until)
            #expect(until == utc("2026-06-08T22:00"))
            let last = ValidityTests.justBefore(until)
            #expect(validity.contains(last) && last < until)
            #expect(last.timeIntervalSince1970 == until.timeIntervalSince1970, "the 1970 interval cannot tell them apart")
            #expect(machine.allBlockers(in: state, at: until.addingTimeInterval(-0.000_001)) == found, "a microsecond before")
            #expect(machine.allBlockers(in: state, at: last) == found)
            #expect(machine.allBlockers(in: state, at: until) != found)
            // Exact comparisons agree at the same instants.
            let (expiry, expiring) = try ValidityTests.single(ValidityTests.notExpired, facts: ["x.date": "2026-06-08"])
            #expect(expiry.allBlockers(in: expiring, at: last).isEmpty && expiry.allBlockers(in: expiring, at: until).count == 1)
        }
    }
}
