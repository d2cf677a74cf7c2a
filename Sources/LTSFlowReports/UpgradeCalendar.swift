import Foundation
import LTSFlowEngine
import LTSFlowCore

/// The calendar of an upgrade: its dates as events, and the customer's hotfix windows.
public enum UpgradeCalendar {
    /// Events of one customer's upgrade: the sandbox period, the scheduled pre-production upgrade
    /// and cutover (30 minutes, the length of a deployment), the notice and ticket deadlines,
    /// and the region's hotfix windows from `now` over `months` months.
    public static func events(for view: UpgradeView, now: Date, months: Int) -> [CalendarEvent] {
        let customer = view.customer
        let schedule = customer.schedule
        let zone = schedule.timeZone
        let facts = view.state.facts
        let prefix = "\(customer.id)-\(view.upgrade.id)"
        let title = "\(customer.name) (LTS \(view.upgrade.from) → \(view.upgrade.to))"
        var events: [CalendarEvent] = []

        if let start = facts["sandbox.start"], let end = facts["sandbox.end"],
           let first = try? LocalDate(parsing: start), let last = try? LocalDate(parsing: end) {
            events.append(CalendarEvent(uid: "\(prefix)-sandbox@ltsflow", time: .days(start: first.description, endExclusive: last.adding(days: 1).description),
                                        summary: "Development sandbox: \(title)", description: "Additional development sandbox from \(first) to \(last).",
                                        categories: ["sandbox"]))
        }
        if let text = facts["preprod.upgrade-at"], let at = LocalDateTime(parsing: text) {
            let start = at.instant(in: zone)
            events.append(CalendarEvent(uid: "\(prefix)-preprod-upgrade@ltsflow", time: .instant(start: start, end: start.addingTimeInterval(1_800)),
                                        summary: "Pre-production upgrade: \(title)", description: "Scheduled at \(text) (\(zone.identifier)).",
                                        categories: ["preprod"]))
        }
        if let text = facts["cutover.at"], let at = LocalDateTime(parsing: text) {
            let start = at.instant(in: zone)
            let ticket = facts["cutover.ticket"].map { " Ticket \($0)." } ?? ""
            events.append(CalendarEvent(uid: "\(prefix)-cutover@ltsflow", time: .instant(start: start, end: start.addingTimeInterval(1_800)),
                                        summary: "Production cutover: \(title)", description: "Scheduled at \(text) (\(zone.identifier)).\(ticket)",
                                        categories: ["cutover"]))
            let day = ZonedDateTime(start, in: zone).date
            let deadlines: [(String, String, String)] = [
                ("notice-days", "notice", "Notice to the customer contacts due"),
                ("ticket-lead-days", "ticket", "Deployment ticket due"),
            ]
            for (parameter, key, summary) in deadlines {
                guard let days = view.definition.parameters[parameter] else { continue }
                let due = day.adding(days: -days)
                events.append(CalendarEvent(uid: "\(prefix)-\(key)-deadline@ltsflow", time: .days(start: due.description, endExclusive: due.adding(days: 1).description),
                                            summary: "\(summary): \(title)", description: "At least \(days) days before the cutover of \(day).",
                                            categories: ["deadline"]))
            }
        }
        events += hotfixEvents(region: schedule.region, from: now, months: months)
        return events
    }

    /// The pre-production and production hotfix windows of a region, month by month.
    public static func hotfixEvents(region: Region, from now: Date, months: Int) -> [CalendarEvent] {
        let today = ZonedDateTime(now, in: region.timeZone).date
        return (0..<max(0, months)).flatMap { offset -> [CalendarEvent] in
            let month = today.yearMonth.adding(months: offset)
            let hotfixes = Schedule.hotfixes(region: region, month: month)
            return HotfixKind.allCases.map { kind in
                let window = hotfixes.window(of: kind)
                let label = kind == .preprod ? "Pre-production" : "Production"
                return CalendarEvent(uid: "hotfix-\(region.rawValue)-\(kind.rawValue)-\(month)@ltsflow",
                                     time: .instant(start: window.start, end: window.end),
                                     summary: "\(label) hotfix window (\(region.rawValue))",
                                     description: "Nuxeo Cloud applies LTS hotfixes to \(kind == .preprod ? "pre-production" : "production") on \(hotfixes.date(of: kind)); contacts are emailed on \(hotfixes.notice(of: kind)).",
                                     categories: ["hotfix"])
            }
        }
    }
}
