import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

extension Region: ExpressibleByArgument {}

struct Windows: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "List maintenance windows of a region or a customer, with DST and hotfix nights.",
        discussion: """
        A window on date D runs from its local start on D (00:00-02:00 by default: the night from D-1 into D).
        Examples:
          ltsflow windows --region us --from 2026-10-30 --count 5
          ltsflow windows --customer acme --json
        """
    )
    @Option(help: "eu, us or jp.") var region: Region?
    @Option(help: "A customer, with its own zone and window.") var customer: String?
    @Option(help: ArgumentHelp("The first date (default: today in the zone).", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: "How many days.") var count = 7
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if region != nil && customer != nil { throw ValidationError("give --region or --customer, not both") }
        if !(1...3660).contains(count) { throw ValidationError("--count must be between 1 and 3660, not \(count)") }
    }

    func run() async throws {
        let schedule: Schedule
        if let customer {
            schedule = try await global.tracker(readOnly: true).customer(customer).schedule
        } else {
            schedule = Schedule(region: region ?? .eu)
        }
        let start = try from.map(LocalDate.init(parsing:)) ?? ZonedDateTime(try global.now(), in: schedule.timeZone).date
        let windows = schedule.windows(from: start, count: count)
        if json { return try JSONOutput.print(windows) }
        var table = Table("DATE", "LOCAL", "UTC", "LENGTH", "HOTFIX")
        for window in windows {
            let minutes = Int(window.duration / 60)
            table.add([window.date.description,
                       "\(window.startLocal.time)–\(window.endLocal.time) \(window.startLocal.label)\(window.endLocal.label == window.startLocal.label ? "" : "/\(window.endLocal.label)")",
                       "\(ISO8601.short(window.start))–\(ISO8601.short(window.end).suffix(5))",
                       "\(minutes / 60)h\(minutes % 60 == 0 ? "" : String(format: "%02d", minutes % 60))",
                       window.hotfix?.rawValue ?? "-"],
                      style: window.hotfix == nil ? nil : .yellow)
        }
        Terminal.print("\(schedule.region.rawValue) · \(schedule.timeZone.identifier) · window \(schedule.windowSpec)")
        Terminal.print(table.render())
    }
}

struct Hotfixes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotfixes",
        abstract: "List hotfix dates per region: pre-production on the first Friday, production on the second, and their notice dates.",
        discussion: """
        Examples:
          ltsflow hotfixes --region eu --from 2027-01 --months 6
          ltsflow hotfixes --json
        """
    )
    @Option(help: "eu, us or jp (default: all three).") var region: Region?
    @Option(help: ArgumentHelp("The first month (default: this month).", valueName: "YYYY-MM")) var from: String?
    @Option(help: "How many months.") var months = 3
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !(1...120).contains(months) { throw ValidationError("--months must be between 1 and 120, not \(months)") }
    }

    func run() throws {
        let regions = region.map { [$0] } ?? Region.allCases
        let now = try global.now()
        var rows: [HotfixMonth] = []
        for region in regions {
            let first = try from.map(YearMonth.init(parsing:)) ?? ZonedDateTime(now, in: region.timeZone).date.yearMonth
            rows += (0..<months).map { Schedule.hotfixes(region: region, month: first.adding(months: $0)) }
        }
        if json { return try JSONOutput.print(rows) }
        var table = Table("REGION", "MONTH", "PRE-PROD", "NOTICE", "PROD", "NOTICE", "PROD WINDOW (UTC)")
        for row in rows {
            table.add([row.region.rawValue, row.month.description, row.preprod.description, row.preprodNotice.description,
                       row.prod.description, row.prodNotice.description,
                       "\(ISO8601.short(row.prodWindow.start))–\(ISO8601.short(row.prodWindow.end).suffix(5))"])
        }
        Terminal.print(table.render())
    }
}

struct CalendarExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Export an iCalendar file: sandbox period, pre-production upgrade, cutover, deadlines, hotfix windows.",
        discussion: """
        Without a customer, every active upgrade and the hotfix windows of all regions.
        Examples:
          ltsflow calendar acme --output acme.ics
          ltsflow calendar --months 6 > portfolio.ics
        """
    )
    @Argument(help: "A customer id; without it, the whole portfolio.") var customer: String?
    @Option(help: "Write to this file instead of stdout.") var output: String?
    @Option(help: "Months of hotfix windows to include.") var months = 3
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !(0...36).contains(months) { throw ValidationError("--months must be between 0 and 36, not \(months)") }
    }

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        var events: [CalendarEvent] = []
        let name: String
        if let customer {
            let view = try await tracker.view(customer: customer)
            events = UpgradeCalendar.events(for: view, now: tracker.now, months: months)
            name = "ltsflow: \(view.customer.name)"
        } else {
            for row in try await tracker.portfolio() {
                guard let view = row.view, view.upgrade.status == .active else { continue }
                events += UpgradeCalendar.events(for: view, now: tracker.now, months: 0)
            }
            events += Region.allCases.flatMap { UpgradeCalendar.hotfixEvents(region: $0, from: tracker.now, months: months) }
            name = "ltsflow: portfolio"
        }
        let text = ICalendar.render(events, name: name, stamp: tracker.now)
        if let output {
            try Files.writeText(text, to: output)
            Terminal.error("wrote \(events.count) events to \(output)")
        } else {
            Terminal.write(text)
        }
    }
}
