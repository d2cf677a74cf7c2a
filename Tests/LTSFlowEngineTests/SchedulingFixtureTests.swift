import Foundation
import LTSFlowEngine
import Testing

/// Every row of `Fixtures/scheduling.json` against the scheduling module.
@Suite struct SchedulingFixtureTests {
    @Test func theFixturesAreReadAndCoverEverySection() throws {
        let fixtures = try SchedulingFixtures.loaded.get()
        #expect(fixtures.generator == "scripts/make-scheduling-fixtures.py")
        #expect(fixtures.windows.count >= 100)
        #expect(fixtures.conversions.count >= 500)
        #expect(fixtures.conversions.filter { $0.kind == "gap" }.count >= 10 && fixtures.conversions.filter { $0.kind == "fold" }.count >= 10,
                "the gap and fold cases of every zone's clock changes")
        // December 2025 and every month of 2026 and 2027, for each region.
        #expect(fixtures.hotfixes.count == 25 * Region.allCases.count)
        #expect(Set(fixtures.windows.map(\.region)) == Set(Region.allCases.map(\.rawValue)))
        #expect(fixtures.windows.contains { $0.hotfix == "preprod" } && fixtures.windows.contains { $0.hotfix == "prod" })
    }

    @Test(arguments: SchedulingFixtures.rows(\.windows))
    func window(_ row: SchedulingFixtures.WindowRow) throws {
        let region = try Region(parsing: row.region)
        let schedule = try Schedule(region: region, timeZone: row.timeZone, window: WindowSpec(parsing: row.window))
        let date = try LocalDate(parsing: row.date)
        let window = schedule.window(on: date)

        #expect(window.start == (try utcInstant(row.startUTC)))
        #expect(window.end == (try utcInstant(row.endUTC)))
        #expect(window.duration == TimeInterval(row.minutes * 60))
        #expect(window.startLocal.label == row.startLabel)
        #expect(window.endLocal.label == row.endLabel)
        #expect(window.hotfix?.rawValue == row.hotfix)

        // The `windows --json` item carries the same values under the keys docs/cli.md lists.
        let json = try encodedObject(window)
        let expected: [String: String?] = [
            "region": row.region, "timeZone": row.timeZone, "date": row.date,
            "startUTC": row.startUTC, "endUTC": row.endUTC,
            "startLocal": row.startLocal, "endLocal": row.endLocal, "hotfix": row.hotfix,
        ]
        #expect(json == expected)

        // The window holds its first instant and not its end.
        #expect(schedule.window(containing: window.start) == window)
        #expect(schedule.window(containing: window.end.addingTimeInterval(-1)) == window)
        #expect(schedule.window(containing: window.end)?.date != date)
    }

    @Test(arguments: SchedulingFixtures.rows(\.conversions))
    func conversion(_ row: SchedulingFixtures.ConversionRow) throws {
        let zone = try TimeZone(ianaIdentifier: row.timeZone)
        let (date, time) = try localDateTime(row.local)
        let instant = resolve(date, time, in: zone)
        #expect(instant == (try utcInstant(row.utc)))

        // How often the time happens, as `set` checks user input (zoneinfo fold=0 and fold=1).
        switch (row.kind, LTSFlowEngine.reading(date, time, in: zone)) {
        case ("once", .unique(let once)):
            #expect(once == instant)
        case ("gap", .gap(let from, let to)):
            #expect(from.description == row.gapFrom && to.description == row.gapTo)
        case ("fold", .fold(let first, let second)):
            #expect(first == instant)
            #expect(second == (try utcInstant(try #require(row.secondUTC))))
        case (let kind, let found):
            Issue.record("expected \(kind), found \(found)")
        }

        let reading = ZonedDateTime(instant, in: zone)
        #expect(reading.description == row.readLocal)
        #expect(reading.utcOffset == row.readOffset)
        #expect(reading.label == row.readLabel)
    }

    @Test(arguments: SchedulingFixtures.rows(\.hotfixes))
    func hotfixMonth(_ row: SchedulingFixtures.HotfixRow) throws {
        let region = try Region(parsing: row.region)
        let hotfixes = Schedule.hotfixes(region: region, month: try YearMonth(parsing: row.month))

        #expect(try encodedObject(hotfixes) == [
            "region": row.region, "month": row.month, "preprod": row.preprod, "prod": row.prod,
            "preprodNotice": row.preprodNotice, "prodNotice": row.prodNotice,
        ])
        #expect(hotfixes.preprod.isoWeekday == 5 && hotfixes.prod.isoWeekday == 5)

        let expectedWindows: [(HotfixKind, String, String, String)] = [
            (.preprod, row.preprod, row.preprodStartUTC, row.preprodEndUTC),
            (.prod, row.prod, row.prodStartUTC, row.prodEndUTC),
        ]
        for (kind, date, start, end) in expectedWindows {
            let window = hotfixes.window(of: kind)
            #expect(window.date.description == date)
            #expect(window.start == (try utcInstant(start)))
            #expect(window.end == (try utcInstant(end)))
            #expect(window.hotfix == kind)
            #expect(window.timeZone == region.timeZoneIdentifier)
            // The region's own window on a hotfix Friday is flagged with that hotfix.
            #expect(Schedule(region: region).window(on: window.date) == window)

            // Half-open: the first instant is inside, the end is not.
            let found = Schedule.hotfixWindow(containing: window.start, region: region)
            #expect(found?.0 == kind)
            #expect(found?.1 == window)
            #expect(Schedule.hotfixWindow(containing: window.end.addingTimeInterval(-1), region: region)?.0 == kind)
            #expect(Schedule.hotfixWindow(containing: window.end, region: region) == nil)
            #expect(Schedule.hotfixWindow(containing: window.start.addingTimeInterval(-1), region: region) == nil)
            #expect(Schedule.isInside(window.start, window: window))
            #expect(!Schedule.isInside(window.end, window: window))
        }
    }
}
