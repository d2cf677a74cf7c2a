import Foundation
import Testing
@testable import LTSFlowEngine

extension ValidityTests {
    /// DST nights and year ends (the days of ``ValidityTests/days``).
    @Suite struct UnusualDays {
        /// The hand-read instants agree with the zone data: they are `hours` apart, and the wall
        /// clock reads `date` just after `start` and the next day at `end`, the previous day just
        /// before `start` and `date` just before `end`.
        @Test(arguments: ValidityTests.days)
        func theLocalDaysAreRight(_ day: LocalDay) throws {
            let start = utc(day.start), end = utc(day.end)
            #expect(end.timeIntervalSince(start) == TimeInterval(day.hours * 3_600))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: day.zone))
            func localDate(_ date: Date) -> String {
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            }
            #expect(localDate(start) == day.date && localDate(start.addingTimeInterval(-1)) == ValidityTests.day(day.date, -1))
            #expect(localDate(end.addingTimeInterval(-1)) == day.date && localDate(end) == ValidityTests.day(day.date, 1))
        }

        /// On each of those days: a sandbox whose last day is the day before expires at `start`, one
        /// whose last day it is expires at `end`; a failing `days-ahead` decided during the day holds
        /// until `end`; a holding one whose first short-notice day is the next day turns at `end`.
        /// Each time the blockers are the same one millisecond before the turn and differ at it.
        @Test(arguments: ValidityTests.days)
        func clockGuardsTurnAtTheRightInstantOnUnusualDays(_ day: LocalDay) throws {
            let start = utc(day.start), end = utc(day.end)
            let (expiry, _) = try ValidityTests.single(ValidityTests.notExpired, zone: day.zone, facts: [:])
            let (notice, _) = try ValidityTests.single(ValidityTests.daysAhead(), zone: day.zone, facts: [:])
            var state = UpgradeState(definition: expiry.definition)
            state[stage: "s"] = StageState(status: .ready, since: utc("2026-01-01T00:00"))

            state.facts = ["x.date": ValidityTests.day(day.date, -1)]
            let previous = ValidityTests.decide(expiry, state, at: start.addingTimeInterval(-5 * 3_600), turns: true)
            #expect(previous.validity.until == start)
            #expect(expiry.allBlockers(in: state, at: start).map(\.message) == ["sandbox expired on \(ValidityTests.day(day.date, -1)): extend it or request a new one"])

            state.facts = ["x.date": day.date]
            for now in [start, start.addingTimeInterval(3_600), end.addingTimeInterval(-60)] {
                let running = ValidityTests.decide(expiry, state, at: now, turns: true)
                #expect(running.blockers.isEmpty && running.validity.until == end, "at \(ValidityTests.show(now))")
            }
            #expect(expiry.allBlockers(in: state, at: end.addingTimeInterval(-0.001)).isEmpty)
            #expect(expiry.allBlockers(in: state, at: end).map(\.code) == ["sandbox-expired"])

            state.facts = ["x.date": ValidityTests.day(day.date, 2)]
            for now in [start, start.addingTimeInterval(3_600), end.addingTimeInterval(-60)] {
                let short = ValidityTests.decide(notice, state, at: now, turns: true)
                #expect(short.blockers.map(\.message) == ["x.date \(ValidityTests.day(day.date, 2)) is 2 days from today (\(day.date)); under 7 days the request is expedited"])
                #expect(short.validity.until == end, "at \(ValidityTests.show(now))")
            }
            #expect(notice.allBlockers(in: state, at: end.addingTimeInterval(-0.001)).first?.message.contains("2 days from today") == true)
            #expect(notice.allBlockers(in: state, at: end).first?.message.contains("1 day from today (\(ValidityTests.day(day.date, 1)))") == true)

            state.facts = ["x.date": ValidityTests.day(day.date, 7)]
            let ahead = ValidityTests.decide(notice, state, at: start.addingTimeInterval(3_600), turns: true)
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
            let (machine, short) = try ValidityTests.single(ValidityTests.daysAhead(), zone: zone, facts: ["x.date": ValidityTests.day(String(decided.prefix(10)), 3)])
            let t = utc(decided)
            var validity = Validity(from: t)
            let found = machine.allBlockers(in: short, at: t, validity: &validity)
            #expect(found.map(\.code) == ["short-notice"])
            #expect(validity.until == utc(turn))
            let last = ValidityTests.justBefore(utc(change))
            #expect(validity.contains(last))
            #expect(machine.allBlockers(in: short, at: utc(change).addingTimeInterval(-0.000_001)) == found, "a microsecond before")
            let timeZone = try #require(TimeZone(identifier: zone))
            #expect(timeZone.secondsFromGMT(for: last) == timeZone.secondsFromGMT(for: utc(change)), "Foundation: the offset after the change")
            #expect(machine.allBlockers(in: short, at: last) == found, "\(zone): at \(ValidityTests.show(last)) the engine reads another day than at \(ValidityTests.show(t))")
        }
    }
}
