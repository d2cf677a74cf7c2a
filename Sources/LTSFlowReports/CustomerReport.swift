import Foundation
import LTSFlowEngine
import LTSFlowCore

/// The report of one customer's upgrade (docs/reports.md), as Markdown or as JSON with the same
/// content.
///
/// A pure function of its inputs: the same database and "now" give the same bytes.
public struct CustomerReport: Sendable {
    public var view: UpgradeView
    /// The upgrade plan, when the catalog still accepts the target at "now".
    public var plan: UpgradePlan?
    public var history: [StoredEvent]
    public var now: Date
    /// How many maintenance windows the schedule section lists.
    public var windowCount = 5

    public init(view: UpgradeView, plan: UpgradePlan?, history: [StoredEvent], now: Date) {
        self.view = view
        self.plan = plan
        self.history = history
        self.now = now
    }

    var zone: TimeZone { view.customer.schedule.timeZone }

    /// Time in stage, in whole days: finished stages from start to finish, open ones until now.
    /// Local calendar days from the day a stage started to the day it finished (today while
    /// open), as the Gantt draws it; nil for a stage that never started (a ready one included).
    func daysInStage(_ stage: StageView) -> Int? {
        WorkflowDiagram.span(stage, now: now, zone: zone).map(\.days)
    }

    /// The dates a CSM schedules around, in the customer's zone and in UTC.
    public struct ScheduleFacts: Sendable {
        public var sandboxStart: LocalDate?
        public var sandboxEnd: LocalDate?
        /// Days from today (customer's zone) to the sandbox's end; negative once expired.
        public var sandboxDaysLeft: Int?
        public var preprodUpgrade: Date?
        public var cutover: Date?
        public var noticeDeadline: LocalDate?
        public var ticketDeadline: LocalDate?
        public var windows: [MaintenanceWindow]
    }

    public var schedule: ScheduleFacts {
        let facts = view.state.facts
        let sandboxStart = facts["sandbox.start"].flatMap { try? LocalDate(parsing: $0) }
        let sandboxEnd = facts["sandbox.end"].flatMap { try? LocalDate(parsing: $0) }
        let today = ZonedDateTime(now, in: zone).date
        let cutover = facts["cutover.at"].flatMap(LocalDateTime.init(parsing:))?.instant(in: zone)
        let cutoverDay = cutover.map { ZonedDateTime($0, in: zone).date }
        let parameters = view.definition.parameters
        return ScheduleFacts(
            sandboxStart: sandboxStart, sandboxEnd: sandboxEnd,
            sandboxDaysLeft: sandboxEnd.map { today.days(until: $0) },
            preprodUpgrade: facts["preprod.upgrade-at"].flatMap(LocalDateTime.init(parsing:))?.instant(in: zone),
            cutover: cutover,
            noticeDeadline: cutoverDay.flatMap { day in parameters["notice-days"].map { day.adding(days: -$0) } },
            ticketDeadline: cutoverDay.flatMap { day in parameters["ticket-lead-days"].map { day.adding(days: -$0) } },
            windows: view.customer.schedule.windows(from: today.adding(days: 1), count: windowCount))
    }

    /// "2027-03-12 00:30 CET (2027-03-11 23:30 UTC)".
    func both(_ instant: Date) -> String {
        let local = ZonedDateTime(instant, in: zone)
        let utc = ZonedDateTime(instant, in: TimeZone(identifier: "UTC")!)
        return "\(local.date) \(local.time) \(local.label) (\(utc.date) \(utc.time) UTC)"
    }

    func localDay(_ date: Date?) -> String {
        guard let date else { return "-" }
        return ZonedDateTime(date, in: zone).date.description
    }
}
