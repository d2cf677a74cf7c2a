import Foundation
import LTSFlowEngine
import Testing

/// Hand-written checks of the examples of docs/domain.md ("Maintenance windows", "Hotfixes") and of
/// the calendar arithmetic.
@Suite struct SchedulingExampleTests {
    private func date(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    private func time(_ text: String) throws -> LocalTime { try LocalTime(parsing: text) }

    @Test func usWindowOnTheNightTheClocksGoBackLastsThreeHours() throws {
        let window = Schedule(region: .us).window(on: try date("2026-11-01"))
        #expect(window.start == (try utcInstant("2026-11-01T04:00:00Z")))
        #expect(window.end == (try utcInstant("2026-11-01T07:00:00Z")))
        #expect(window.duration == 3 * 3600)
        #expect(window.startLocal.description == "2026-11-01T00:00-04:00" && window.startLocal.label == "EDT")
        #expect(window.endLocal.description == "2026-11-01T02:00-05:00" && window.endLocal.label == "EST")
    }

    @Test func euWindowOnTheNightTheClocksGoForwardStartsTheDayBefore() throws {
        let window = Schedule(region: .eu).window(on: try date("2026-03-29"))
        #expect(window.start == (try utcInstant("2026-03-28T23:00:00Z")))
        #expect(window.end == (try utcInstant("2026-03-29T01:00:00Z")))
        // 02:00 does not exist that night: read as CET it is the instant the clocks jump to 03:00.
        #expect(window.endLocal.description == "2026-03-29T03:00+02:00" && window.endLocal.label == "CEST")
    }

    @Test func japanWindowIsTheEveningBeforeInUTC() throws {
        let window = Schedule(region: .jp).window(on: try date("2026-01-09"))
        #expect(window.start == (try utcInstant("2026-01-08T15:00:00Z")))
        #expect(window.end == (try utcInstant("2026-01-08T17:00:00Z")))
        #expect(window.startLocal.label == "JST" && window.hotfix == .prod)
    }

    @Test func foldZeroTakesTheFirstOccurrenceAndReadsGapsWithTheEarlierOffset() throws {
        let newYork = Region.us.timeZone
        // Ambiguous: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST); the first wins.
        #expect(resolve(try date("2026-11-01"), try time("01:30"), in: newYork) == (try utcInstant("2026-11-01T05:30:00Z")))
        // Nonexistent: 02:30 is skipped; read as EST (-05:00) it is 07:30Z, shown as 03:30 EDT.
        let skipped = resolve(try date("2026-03-08"), try time("02:30"), in: newYork)
        #expect(skipped == (try utcInstant("2026-03-08T07:30:00Z")))
        #expect(ZonedDateTime(skipped, in: newYork).description == "2026-03-08T03:30-04:00")
    }

    @Test func januaryPreprodNoticeFallsInDecember() throws {
        let hotfixes = Schedule.hotfixes(region: .eu, month: try YearMonth(parsing: "2026-01"))
        #expect(hotfixes.preprod == (try date("2026-01-02")))
        #expect(hotfixes.prod == (try date("2026-01-09")))
        #expect(hotfixes.preprodNotice == (try date("2025-12-26")))
        #expect(hotfixes.prodNotice == (try date("2026-01-02")))
        #expect(hotfixes.date(of: .prod) == hotfixes.prod && hotfixes.notice(of: .preprod) == hotfixes.preprodNotice)
    }

    @Test func aMonthStartingOnFridayHasItsPreprodHotfixOnTheFirst() throws {
        // May 2026 starts on a Friday, in every region's calendar.
        for region in Region.allCases {
            let hotfixes = Schedule.hotfixes(region: region, month: try YearMonth(parsing: "2026-05"))
            #expect(try hotfixes.preprod == date("2026-05-01") && hotfixes.prod == date("2026-05-08"))
        }
    }

    @Test func aCustomerWindowOverlappingTheHotfixWindowIsFlagged() throws {
        // London 22:30-01:00 on Thursday 2026-01-01 (22:30Z-01:00Z) overlaps the EU pre-production
        // window of Friday 2026-01-02 (23:00Z-01:00Z); the same window a day later does not.
        let schedule = try Schedule(region: .eu, timeZone: "Europe/London", window: WindowSpec(parsing: "22:30-01:00"))
        #expect(schedule.window(on: try date("2026-01-01")).hotfix == .preprod)
        #expect(schedule.window(on: try date("2026-01-02")).hotfix == nil)
        // A window ending exactly when the hotfix window opens does not overlap it.
        let early = try Schedule(region: .eu, timeZone: nil, window: WindowSpec(parsing: "22:00-00:00"))
        #expect(early.window(on: try date("2026-01-01")).hotfix == nil)
        #expect(early.window(on: try date("2026-01-01")).end == Schedule(region: .eu).window(on: try date("2026-01-02")).start)
    }

    @Test func windowsFromADateAreConsecutiveDays() throws {
        let schedule = try Schedule(region: .us, timeZone: "America/Chicago", window: WindowSpec(parsing: "23:00-01:30"))
        let from = try date("2026-12-28")
        let windows = schedule.windows(from: from, count: 10)
        #expect(windows.count == 10)
        #expect(windows.map(\.date) == (0..<10).map { from.adding(days: $0) })
        #expect(windows == windows.map { schedule.window(on: $0.date) })
        #expect(windows.allSatisfy { $0.timeZone == "America/Chicago" && $0.region == .us })
        #expect(schedule.windows(from: from, count: 0).isEmpty && schedule.windows(from: from, count: -3).isEmpty)
    }

    @Test func aTimeOutsideEveryWindowHasNone() throws {
        let noon = try utcInstant("2026-06-10T12:00:00Z")
        for region in Region.allCases {
            #expect(Schedule(region: region).window(containing: noon) == nil)
            #expect(Schedule.hotfixWindow(containing: noon, region: region) == nil)
        }
    }

    @Test func dateArithmeticCrossesMonthsYearsAndLeapDays() throws {
        #expect(try date("2025-12-31").adding(days: 1) == date("2026-01-01"))
        #expect(try date("2028-02-28").adding(days: 1) == date("2028-02-29"))
        #expect(try date("2100-02-28").adding(days: 1) == date("2100-03-01"))
        #expect(try date("2026-01-02").adding(days: -7) == date("2025-12-26"))
        #expect(try date("1969-12-31").adding(days: 1) == date("1970-01-01"))
        #expect(try date("2026-03-01").adding(days: 365) == date("2027-03-01"))
        #expect(try date("2026-03-01").adding(days: 0) == date("2026-03-01"))
        #expect(try date("2025-12-31") < date("2026-01-01") && date("2026-02-01") > date("2026-01-31"))
        // ISO weekdays: 2026-01-02 was a Friday, 1970-01-01 a Thursday, 1969-12-29 a Monday.
        #expect(try [date("2026-01-02"), date("1970-01-01"), date("1969-12-29"), date("2026-11-01")].map(\.isoWeekday) == [5, 4, 1, 7])
        #expect(try YearMonth(parsing: "2026-12").adding(months: 1) == YearMonth(parsing: "2027-01"))
        #expect(try YearMonth(parsing: "2026-01").adding(months: -1) == YearMonth(parsing: "2025-12"))
        #expect(try YearMonth(parsing: "2026-01").adding(months: -13).description == "2024-12")
        #expect(try date("2026-02-17").yearMonth.firstDay == date("2026-02-01"))
    }

    @Test func otherZonesAreLabelledWithTheirOffset() throws {
        let instant = try utcInstant("2026-07-01T12:00:00Z")
        #expect(ZonedDateTime(instant, in: try TimeZone(ianaIdentifier: "Europe/London")).label == "+01:00")
        #expect(ZonedDateTime(instant, in: try TimeZone(ianaIdentifier: "Asia/Kolkata")).description == "2026-07-01T17:30+05:30")
        #expect(ZonedDateTime(instant, in: try TimeZone(ianaIdentifier: "America/St_Johns")).label == "-02:30")
        // Before 1911 Paris kept its own mean time, 9 minutes 21 seconds ahead of UTC.
        let paris1900 = ZonedDateTime(try utcInstant("1900-06-01T00:00:00Z"), in: Region.eu.timeZone)
        #expect(paris1900.utcOffset == 561 && paris1900.label == "+00:09:21")
    }
}
