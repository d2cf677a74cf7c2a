import Foundation
import Testing

/// `windows`, `hotfixes` and `calendar`, checked against values computed by hand from
/// docs/domain.md (Maintenance windows, Hotfixes, Notices) and, for the calendar, by Python's
/// `icalendar` parser.
@Suite struct SchedulingCommandTests {
    @Test(arguments: CLIBackend.all) func windowsJSONOnTheUSFallBackNight(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let windows = try #require(try cli.json(["windows", "--region", "us", "--from", "2026-10-31", "--count", "2"]) as? [[String: Any]])
        #expect(windows.count == 2)
        let night = windows[1]
        for key in ["region", "timeZone", "date", "startUTC", "endUTC", "startLocal", "endLocal", "hotfix"] {
            #expect(night.keys.contains(key), "window JSON lacks \(key)")
        }
        #expect(night["date"] as? String == "2026-11-01")
        #expect(night["startUTC"] as? String == "2026-11-01T04:00:00Z")
        #expect(night["endUTC"] as? String == "2026-11-01T07:00:00Z")
        #expect(night["timeZone"] as? String == "America/New_York")
        #expect(night["hotfix"] is NSNull)
    }

    @Test(arguments: CLIBackend.all) func hotfixesJSONAcrossTheYearEnd(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let rows = try #require(try cli.json(["hotfixes", "--region", "eu", "--from", "2025-12", "--months", "2"]) as? [[String: Any]])
        #expect(rows.count == 2)
        let january = rows[1]
        #expect(january["month"] as? String == "2026-01")
        #expect(january["preprod"] as? String == "2026-01-02")
        #expect(january["prod"] as? String == "2026-01-09")
        #expect(january["preprodNotice"] as? String == "2025-12-26")
        #expect(january["prodNotice"] as? String == "2026-01-02")
    }

    @Test(arguments: CLIBackend.all) func theCalendarParsesWithPythonICalendar(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME, Inc.; \"Ünïcødé\" 🚀 " + String(repeating: "long name ", count: 12), "--region", "eu", "--sandbox", "purchased"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        try cli.ok(["set", "acme", "sandbox.start=2027-01-04", "sandbox.end=2027-02-26", "preprod.upgrade-at=2027-02-10T00:30",
                    "cutover.at=2027-03-03T00:30"])
        let file = cli.directory.appendingPathComponent("acme.ics").path
        let result = try cli.run(["calendar", "acme", "--output", file, "--months", "2"])
        #expect(result.status == 0, "\(result.err)")
        let check = try cli.shell("python3 /dev/stdin \(file) acme-1-sandbox@ltsflow acme-1-cutover@ltsflow acme-1-notice-deadline@ltsflow acme-1-ticket-deadline@ltsflow acme-1-preprod-upgrade@ltsflow hotfix-eu-prod-2026-12@ltsflow < \(Self.checker)")
        #expect(check.status == 0, "\(check.out)\(check.err)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("DTSTART:20270302T233000Z"), "00:30 CET is 23:30 UTC the day before")
        #expect(text.contains("DTSTART;VALUE=DATE:20270224"), "the notice deadline is 7 days before the cutover")
        #expect(text.contains("DTSTAMP:20261201T090000Z"))
        // The same database and "now" give the same file.
        let again = try cli.ok(["calendar", "acme", "--months", "2"])
        #expect(again == text)
    }

    @Test(arguments: CLIBackend.all) func anExpeditedSandboxRequestWarnsAndGoesThrough(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", "purchased"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--from", "2023", "--to", "2025"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["set", "acme", "sandbox.start=2027-01-06", "sandbox.end=2027-02-26"], now: "2027-01-04T09:00:00Z")
        #expect(try cli.ok(["why", "acme"], now: "2027-01-04T09:00:00Z").contains("under 7 days the request is expedited [warning]"))
        let done = try cli.run(["complete", "acme", "sandbox-request"], now: "2027-01-04T09:00:00Z")
        #expect(done.status == 0)
        #expect(done.out.contains("sandbox-request: ready → done"))
        #expect(done.err == "warning: sandbox.start 2027-01-06 is 2 days from today (2027-01-04); under 7 days the request is expedited\n")
    }

    static var checker: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/check-calendar.py").path
    }
}
