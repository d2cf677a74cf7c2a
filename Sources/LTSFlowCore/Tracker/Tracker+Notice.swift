import Foundation
import LTSFlowEngine

/// What the cutover notice to a customer's contacts says (`ltsflow notice`): the data, worded
/// by the reports.
public struct CutoverNotice: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    /// The cutover's start (`cutover.at`).
    public var start: Date
    /// How long production is expected to be unavailable, in minutes.
    public var minutes: Int
    /// Where ``minutes`` comes from: the workflow's `deployment-minutes`, or the length of the
    /// maintenance window the cutover is in.
    public var minutesSource: MinutesSource
    /// The target's title, e.g. `LTS 2023`.
    public var target: String
    /// The target's platform, e.g. `2023`.
    public var targetPlatform: String?
    /// The deployment ticket (`cutover.ticket`), if recorded.
    public var ticket: String?
    /// What the customer should do, one sentence each.
    public var actions: [String]
    /// The customer's zone.
    public var timeZone: TimeZone

    public enum MinutesSource: String, Sendable {
        case deploymentMinutes = "deployment-minutes"
        case window
    }

    /// The end of the expected unavailability.
    public var end: Date { start.addingTimeInterval(TimeInterval(minutes * 60)) }
}

extension Tracker {
    /// The cutover notice of the customer's upgrade under way.
    ///
    /// - Throws: ``InputError/noActiveUpgrade(customer:status:)`` when no upgrade is under way,
    ///   ``InputError/cutoverNotScheduled(customer:)`` while `cutover.at` is not recorded.
    public func notice(customer id: String) async throws -> CutoverNotice {
        let view = try await view(customer: id)
        guard view.upgrade.status == .active else {
            throw InputError.noActiveUpgrade(customer: id, status: view.upgrade.status.rawValue)
        }
        let schedule = view.customer.schedule
        guard let text = view.state.facts["cutover.at"], let local = LocalDateTime(parsing: text) else {
            throw InputError.cutoverNotScheduled(customer: id)
        }
        let start = local.instant(in: schedule.timeZone)
        var minutes = view.definition.parameters["deployment-minutes"] ?? 0
        var source = CutoverNotice.MinutesSource.deploymentMinutes
        if minutes <= 0 {
            let window = schedule.window(containing: start) ?? schedule.window(on: ZonedDateTime(start, in: schedule.timeZone).date)
            minutes = max(1, Int(window.end.timeIntervalSince(max(start, window.start)) / 60))
            source = .window
        }
        let version = catalog.version(view.upgrade.to)
        let ticket = view.state.facts["cutover.ticket"]
        return CutoverNotice(customer: view.customer, upgrade: view.upgrade, start: start, minutes: minutes, minutesSource: source,
                             target: version?.title ?? "LTS \(view.upgrade.to)", targetPlatform: version?.platform,
                             ticket: ticket, actions: Self.noticeActions(ticket: ticket), timeZone: schedule.timeZone)
    }

    static func noticeActions(ticket: String?) -> [String] {
        let reference = ticket.map { " (ticket \($0))" } ?? ""
        return [
            "Plan for the production application to be unavailable for the whole period.",
            "Make no change in production during it: no Studio deployment, no bulk import, no configuration change.",
            "Keep a person who can test the application reachable until we confirm the end.",
            "After our confirmation, check your main use cases and tell us at once of anything wrong\(reference).",
        ]
    }
}
