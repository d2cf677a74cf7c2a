import Foundation
import LTSFlowEngine
import LTSFlowCore

/// The portfolio report (docs/reports.md): counts per stage, what is blocked and overdue, sandboxes
/// about to expire, cutovers of the next 30 days, and the hotfix calendar.
public struct PortfolioReport: Sendable {
    public var rows: [(customer: Customer, view: UpgradeView?)]
    public var now: Date
    /// Months of hotfix calendar.
    public var months = 3
    /// Sandboxes ending within this many days are listed.
    public var sandboxWarningDays = 7
    /// Cutovers within this many days are listed.
    public var cutoverHorizonDays = 30

    public init(rows: [(customer: Customer, view: UpgradeView?)], now: Date) {
        self.rows = rows
        self.now = now
    }

    var active: [UpgradeView] {
        rows.compactMap(\.view).filter { $0.upgrade.status == .active }
    }

    /// Open upgrades per stage, in workflow order of the first workflow seen.
    public var stageCounts: [(stage: String, count: Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for view in active {
            for stage in view.definition.stages where !order.contains(stage.id) { order.append(stage.id) }
            for stage in view.openStages { counts[stage.definition.id, default: 0] += 1 }
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }

    public var blockers: [(customer: Customer, blocker: Blocker)] {
        active.flatMap { view in view.stages.flatMap(\.blockers).filter { $0.kind != .overdue && $0.needsSomeone }.map { (view.customer, $0) } }
    }

    public var overdue: [(customer: Customer, blocker: Blocker)] {
        active.flatMap { view in view.stages.flatMap(\.blockers).filter { $0.kind == .overdue }.map { (view.customer, $0) } }
    }

    /// Sandboxes whose end is within the warning period (or past) while validation is not done.
    public var expiringSandboxes: [(customer: Customer, end: LocalDate, daysLeft: Int)] {
        active.compactMap { view in
            guard let text = view.state.facts["sandbox.end"], let end = try? LocalDate(parsing: text),
                  view.state[stage: "sandbox-validation"].status != .done,
                  view.state[stage: "sandbox-validation"].status != .skipped else { return nil }
            let today = ZonedDateTime(now, in: view.customer.schedule.timeZone).date
            let left = today.days(until: end)
            return left <= sandboxWarningDays ? (view.customer, end, left) : nil
        }.sorted { ($0.daysLeft, $0.customer.id) < ($1.daysLeft, $1.customer.id) }
    }

    /// Cutovers between now and the horizon, soonest first.
    public var upcomingCutovers: [(customer: Customer, at: Date)] {
        let horizon = now.addingTimeInterval(Double(cutoverHorizonDays) * 86_400)
        return active.compactMap { view in
            guard let text = view.state.facts["cutover.at"], let value = LocalDateTime(parsing: text) else { return nil }
            let at = value.instant(in: view.customer.schedule.timeZone)
            return at >= now && at <= horizon ? (view.customer, at) : nil
        }.sorted { ($0.at, $0.customer.id) < ($1.at, $1.customer.id) }
    }

    public var hotfixes: [HotfixMonth] {
        Self.hotfixes(now: now, months: months)
    }

    static func hotfixes(now: Date, months: Int) -> [HotfixMonth] {
        Region.allCases.flatMap { region in
            let month = ZonedDateTime(now, in: region.timeZone).date.yearMonth
            return (0..<months).map { Schedule.hotfixes(region: region, month: month.adding(months: $0)) }
        }
    }

    /// "Portfolio — 25 customers: 6 blocked, 4 waiting, 8 active, 3 ready, 4 finished".
    public var verdict: String {
        let states = rows.compactMap { $0.view?.summary.state }
        let counts = Dictionary(grouping: states, by: { $0 }).mapValues(\.count)
        let words = UpgradeSummary.State.allCases.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }
        let none = rows.count - states.count
        return "Portfolio — \(rows.count) customer\(rows.count == 1 ? "" : "s")" + (words.isEmpty ? "" : ": " + words.joined(separator: ", "))
            + (none > 0 ? ", \(none) without an upgrade" : "")
    }
}
