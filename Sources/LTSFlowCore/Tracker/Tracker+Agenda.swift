import Foundation
import LTSFlowEngine

/// One dated thing of the agenda (`ltsflow agenda`, the web board's `/agenda`).
public struct AgendaItem: Sendable, Hashable {
    /// What it is; see ``Kind``.
    public var kind: Kind
    /// When: the instant of a scheduled change or a hotfix night, the start of the local day a
    /// notice or ticket is due by, the first instant after a sandbox's last day.
    public var at: Date
    /// The customer's zone, for the local reading of ``at``.
    public var timeZone: TimeZone
    public var customer: Customer
    /// Who acts: the role owning the fact (or the Cloud team for a hotfix night).
    public var owner: Owner
    /// One sentence, in the customer's zone.
    public var summary: String
    /// A notice or ticket whose deadline is already past while its change is still ahead.
    public var overdue: Bool

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The notice to the customer contacts is due (a `notice` guard's fact not recorded).
        case noticeDue = "notice-due"
        /// A deployment ticket is due (a `lead-time` guard's fact not recorded).
        case ticketDue = "ticket-due"
        /// A sandbox reaches its last day (a `sandbox-not-expired` guard's fact).
        case sandboxEnd = "sandbox-end"
        case preprodUpgrade = "preprod-upgrade"
        case restore
        case cutover
        /// Another date-time fact of the workflow.
        case scheduled
        case hotfixPreprod = "hotfix-preprod"
        case hotfixProd = "hotfix-prod"
    }

    /// The local reading of ``at`` in the customer's zone, such as `2027-03-12T00:30+01:00`.
    public var local: ZonedDateTime { ZonedDateTime(at, in: timeZone) }
}

extension Tracker {
    /// Every dated thing of the upgrades under way from now to `days` days ahead, soonest first
    /// (then by customer): notices and tickets due (and those overdue whose change is still
    /// ahead), sandboxes ending, scheduled pre-production upgrades, restores and cutovers, and
    /// the hotfix nights that touch an upgrade (a stage guarded against that hotfix open, or the
    /// fact it guards still ahead).
    ///
    /// - Parameter csm: Only the customers assigned to this CSM.
    public func agenda(days: Int, csm: String? = nil) async throws -> [AgendaItem] {
        let end = now.addingTimeInterval(TimeInterval(max(0, days)) * 86_400)
        var items: [AgendaItem] = []
        var definitions: [String: WorkflowDefinition] = [:]
        try await store.forEachProgress { progress in
            guard progress.customer.isAssigned(to: csm), let upgrade = progress.upgrade, upgrade.status == .active,
                  let state = progress.state, let text = progress.definition else { return }
            if definitions[text.hash] == nil { definitions[text.hash] = try pinned(text) }
            guard let definition = definitions[text.hash] else { return }
            let planner = AgendaPlanner(customer: progress.customer, definition: definition, state: state, now: now, end: end)
            items += planner.items()
        }
        return items.sorted { ($0.at, $0.customer.id, $0.kind.rawValue) < ($1.at, $1.customer.id, $1.kind.rawValue) }
    }
}

/// The agenda items of one upgrade, from its definition's facts and guards.
struct AgendaPlanner {
    let customer: Customer
    let definition: WorkflowDefinition
    let state: UpgradeState
    let now: Date
    let end: Date
    let zone: TimeZone

    init(customer: Customer, definition: WorkflowDefinition, state: UpgradeState, now: Date, end: Date) {
        self.customer = customer
        self.definition = definition
        self.state = state
        self.now = now
        self.end = end
        self.zone = customer.schedule.timeZone
    }

    func items() -> [AgendaItem] {
        scheduled() + deadlines() + sandboxes() + hotfixNights()
    }

    private func item(_ kind: AgendaItem.Kind, _ at: Date, _ owner: Owner, _ summary: String, overdue: Bool = false) -> AgendaItem {
        AgendaItem(kind: kind, at: at, timeZone: zone, customer: customer, owner: owner, summary: summary, overdue: overdue)
    }

    private func inRange(_ at: Date) -> Bool { at >= now && at < end }

    private func dateTime(_ key: String) -> Date? {
        state.facts[key].flatMap(LocalDateTime.init(parsing:))?.instant(in: zone)
    }

    private func date(_ key: String) -> LocalDate? {
        guard let text = state.facts[key] else { return nil }
        if let date = try? LocalDate(parsing: text) { return date }
        return dateTime(key).map { ZonedDateTime($0, in: zone).date }
    }

    private func midnight(_ date: LocalDate) -> Date { LTSFlowEngine.resolve(date, .midnight, in: zone) }

    private func reading(_ at: Date) -> String {
        let local = ZonedDateTime(at, in: zone)
        return "\(local.date) \(local.time) \(local.label)"
    }

    /// Scheduled changes: every date-time fact recorded and ahead.
    private func scheduled() -> [AgendaItem] {
        definition.facts.filter { $0.type == .datetime }.compactMap { fact in
            guard let at = dateTime(fact.key), inRange(at) else { return nil }
            let kind: AgendaItem.Kind = switch fact.key {
            case "cutover.at": .cutover
            case "preprod.upgrade-at": .preprodUpgrade
            case "restore.at": .restore
            default: .scheduled
            }
            return item(kind, at, fact.owner ?? .csm, "\(fact.title) (\(fact.key)) at \(reading(at))")
        }
    }

    /// Notices and tickets due: the `notice` and `lead-time` guards whose fact is not recorded
    /// while the change they precede is recorded and ahead; due on the change's local day less
    /// the guard's days (the day the guard still accepts). In the built-in workflow: the
    /// cutover notice (`notice-days`), and the deployment tickets of the cutover and of the
    /// pre-production upgrade (`cutover.ticket-filed`, `preprod.ticket-filed`, both
    /// `ticket-lead-days` before their change).
    private func deadlines() -> [AgendaItem] {
        var seen = Set<String>()
        return definition.stages.flatMap(\.guards).compactMap { spec -> AgendaItem? in
            guard spec.kind == .notice || spec.kind == .leadTime, state.facts[spec.fact] == nil,
                  let other = spec.other, let change = dateTime(other) ?? date(other).map(midnight), change > now,
                  seen.insert(spec.fact).inserted else { return nil }
            let days = spec.days?.resolve(definition.parameters) ?? 0
            let due = ZonedDateTime(change, in: zone).date.adding(days: -days)
            let at = midnight(due)
            let overdue = midnight(due.adding(days: 1)) <= now
            // Due in the range, due today, or overdue: all still to do while the change is ahead.
            guard at < end else { return nil }
            let fact = definition.fact(spec.fact)
            // The ticket named by its key once recorded, else by its fact (preprod.ticket, cutover.ticket).
            let ticket = spec.ticket.map { " \(state.facts[$0] ?? $0)" } ?? ""
            let what = spec.kind == .notice ? "send the notice to the customer contacts" : "file the deployment ticket\(ticket)"
            let summary = "\(what) (then record \(spec.fact)) by \(due), \(days) days before \(other) \(reading(change))"
                + (overdue ? " — overdue" : "")
            return item(spec.kind == .notice ? .noticeDue : .ticketDue, at, fact?.owner ?? .csm, summary, overdue: overdue)
        }
    }

    /// Sandboxes whose last day is in the range: the item is when the sandbox ends.
    private func sandboxes() -> [AgendaItem] {
        var seen = Set<String>()
        return definition.stages.flatMap(\.guards).compactMap { spec -> AgendaItem? in
            guard spec.kind == .sandboxNotExpired, seen.insert(spec.fact).inserted, let last = date(spec.fact) else { return nil }
            let at = midnight(last.adding(days: 1))
            guard inRange(at) else { return nil }
            return item(.sandboxEnd, at, definition.fact(spec.fact)?.owner ?? .customer,
                        "the development sandbox ends after \(last) (\(spec.fact)): finish validation or extend it")
        }
    }

    /// The hotfix nights of the customer's region in the range that touch the upgrade.
    private func hotfixNights() -> [AgendaItem] {
        guard let region = Region(rawValue: customer.region) else { return [] }
        let guarded = definition.stages.flatMap { stage in stage.guards.map { (stage, $0) } }
            .filter { $0.1.kind == .notInHotfixWindow }
        var result: [AgendaItem] = []
        for kind in HotfixKind.allCases {
            let touching = guarded.filter { $0.1.hotfix == kind }.contains { stage, spec in
                state[stage: stage.id].status.isOpen || (dateTime(spec.fact).map { $0 > now } ?? false)
            }
            guard touching else { continue }
            var month = ZonedDateTime(now, in: zone).date.yearMonth
            while Schedule.hotfixes(region: region, month: month).window(of: kind).start < end {
                let window = Schedule.hotfixes(region: region, month: month).window(of: kind)
                if inRange(window.start) {
                    result.append(item(kind == .preprod ? .hotfixPreprod : .hotfixProd, window.start, .cloudTeam,
                                       "\(kind.rawValue) hotfix night, \(reading(window.start))–\(ZonedDateTime(window.end, in: zone).time): no \(kind == .preprod ? "pre-production upgrade" : "cutover") in it"))
                }
                month = month.adding(months: 1)
            }
        }
        return result
    }
}
