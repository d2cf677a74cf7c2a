import Foundation
import LTSFlowEngine
import LTSFlowCore

extension PortfolioReport {
    /// GitHub Flavored Markdown; every string that came from a user is escaped for its context.
    public func markdown() -> String {
        var builder = MarkdownBuilder(self)
        for (customer, view) in rows { builder.add(customer, view) }
        return builder.markdown()
    }

    /// Builds the Markdown report one customer at a time, keeping only what the report shows
    /// (counts, and the rows of its tables already written), so a portfolio of any size can be
    /// read page by page instead of held in memory. ``PortfolioReport/markdown()`` is this
    /// builder fed with every row.
    public struct MarkdownBuilder {
        let now: Date
        let months: Int
        let sandboxWarningDays: Int
        let cutoverHorizonDays: Int
        private var customers = 0
        private var states: [UpgradeSummary.State: Int] = [:]
        private var withoutUpgrade = 0
        private var stageOrder: [String] = []
        private var stageCounts: [String: Int] = [:]
        private var finished = 0
        private var blockerRows = MarkdownWriter()
        private var overdueRows = MarkdownWriter()
        private var hasBlockers = false
        private var hasOverdue = false
        private var sandboxes: [(daysLeft: Int, customer: String, row: [String])] = []
        private var cutovers: [(at: Date, customer: String, row: [String])] = []
        private var zones: [String: TimeZone] = [:]
        private var customerRows = MarkdownWriter()

        /// A builder with the settings of `report` (its rows are not read).
        public init(_ report: PortfolioReport) {
            now = report.now
            months = report.months
            sandboxWarningDays = report.sandboxWarningDays
            cutoverHorizonDays = report.cutoverHorizonDays
        }

        /// Adds one customer, in customer order, with its active or latest upgrade.
        public mutating func add(_ customer: Customer, _ view: UpgradeView?) {
            customers += 1
            // Worked out once: both the customers table and the counts read it.
            let summary = view?.summary
            customerRows.row(customerRow(customer, view, summary))
            guard let view, let summary else {
                withoutUpgrade += 1
                return
            }
            states[summary.state, default: 0] += 1
            if view.upgrade.status == .finished { finished += 1 }
            guard view.upgrade.status == .active else { return }
            for stage in view.definition.stages where stageCounts[stage.id] == nil {
                stageOrder.append(stage.id)
                stageCounts[stage.id] = 0
            }
            let zone = zone(of: customer)
            for stage in view.stages {
                if stage.state.status.isOpen { stageCounts[stage.definition.id, default: 0] += 1 }
                for blocker in PortfolioReport.groupingMissingFacts(stage.blockers) {
                    let since = blocker.since.map { ZonedDateTime($0, in: zone).date.description } ?? "-"
                    let row = [PortfolioReport.customerCell(customer), MarkdownText.code(blocker.stage, inTable: true),
                               blocker.kind.rawValue, blocker.owner.rawValue, since,
                               blocker.ticket.map { MarkdownText.cell($0) } ?? "-", MarkdownText.cell(blocker.message)]
                    if blocker.kind == .overdue {
                        hasOverdue = true
                        overdueRows.row(row)
                    } else {
                        hasBlockers = true
                        blockerRows.row(row)
                    }
                }
            }
            if let text = view.state.facts["sandbox.end"], let end = try? LocalDate(parsing: text),
               view.state[stage: "sandbox-validation"].status != .done,
               view.state[stage: "sandbox-validation"].status != .skipped {
                let left = ZonedDateTime(now, in: zone).date.days(until: end)
                if left <= sandboxWarningDays {
                    sandboxes.append((left, customer.id, [PortfolioReport.customerCell(customer), end.description,
                                                          left < 0 ? "expired" : String(left)]))
                }
            }
            if let text = view.state.facts["cutover.at"], let value = LocalDateTime(parsing: text) {
                let at = value.instant(in: zone)
                let horizon = now.addingTimeInterval(Double(cutoverHorizonDays) * 86_400)
                if at >= now && at <= horizon {
                    let local = ZonedDateTime(at, in: zone)
                    let utc = ZonedDateTime(at, in: TimeZone(identifier: "UTC")!)
                    cutovers.append((at, customer.id, [PortfolioReport.customerCell(customer),
                                                       "\(local.date) \(local.time) \(local.label)", "\(utc.date) \(utc.time)"]))
                }
            }
        }

        /// The customer's zone, built once per zone name.
        private mutating func zone(of customer: Customer) -> TimeZone {
            if let zone = zones[customer.timeZone] { return zone }
            let zone = customer.schedule.timeZone
            // A schedule falls back to its region's zone for a bad name: key by both.
            if zone.identifier == customer.timeZone { zones[customer.timeZone] = zone }
            return zone
        }

        /// "Portfolio — 25 customers: 6 blocked, 4 waiting, 8 active, 3 ready, 4 finished".
        var verdict: String {
            let words = UpgradeSummary.State.allCases.compactMap { state in states[state].map { "\($0) \(state.rawValue)" } }
            return "Portfolio — \(customers) customer\(customers == 1 ? "" : "s")" + (words.isEmpty ? "" : ": " + words.joined(separator: ", "))
                + (withoutUpgrade > 0 ? ", \(withoutUpgrade) without an upgrade" : "")
        }

        public func markdown() -> String {
            var out = MarkdownWriter()
            out.line("# \(MarkdownText.inline(verdict))")
            out.blank()
            out.line("Report of \(JSON.rfc3339(now)).")
            out.blank()

            out.line("## Customers")
            out.blank()
            out.row(["Customer", "Upgrade", "Stage", "Status", "Owner", "CSM", "Next date"])
            out.row(Array(repeating: "---", count: 7))
            out.append(customerRows.text)
            out.blank()

            out.line("## Upgrades per stage")
            out.blank()
            out.row(["Stage", "Open upgrades"])
            out.row(["---", "---:"])
            for stage in stageOrder { out.row([MarkdownText.code(stage, inTable: true), String(stageCounts[stage] ?? 0)]) }
            out.row(["finished", String(finished)])
            out.blank()

            out.line("## Blocked")
            out.blank()
            Self.blockerTable(hasBlockers ? blockerRows.text : nil, &out, empty: "Nothing is blocked.")
            out.line("## Overdue stages")
            out.blank()
            Self.blockerTable(hasOverdue ? overdueRows.text : nil, &out, empty: "No stage is past its expected duration.")

            out.line("## Sandboxes expiring within \(sandboxWarningDays) days")
            out.blank()
            if sandboxes.isEmpty {
                out.line("None.")
            } else {
                out.row(["Customer", "Sandbox ends", "Days left"])
                out.row(["---", "---", "---:"])
                for item in sandboxes.sorted(by: { ($0.daysLeft, $0.customer) < ($1.daysLeft, $1.customer) }) { out.row(item.row) }
            }
            out.blank()

            out.line("## Cutovers in the next \(cutoverHorizonDays) days")
            out.blank()
            if cutovers.isEmpty {
                out.line("None.")
            } else {
                out.row(["Customer", "Local", "UTC"])
                out.row(["---", "---", "---"])
                for item in cutovers.sorted(by: { ($0.at, $0.customer) < ($1.at, $1.customer) }) { out.row(item.row) }
            }
            out.blank()

            out.line("## Hotfix calendar")
            out.blank()
            out.line("Pre-production on the first Friday, production on the second; contacts are emailed 7 days before.")
            out.blank()
            let hotfixes = PortfolioReport.hotfixes(now: now, months: months)
            // The dates are local days of each region: when every region has the same ones,
            // the calendar is shown once.
            let byRegion = Dictionary(grouping: hotfixes, by: \.region)
            let sameEverywhere = Set(byRegion.values.map { $0.map { [$0.month.description, $0.preprod.description, $0.prod.description] } }).count == 1
            let regions = byRegion.keys.map(\.rawValue).sorted()
            out.row([sameEverywhere ? "Regions" : "Region", "Month", "Pre-prod", "Notice", "Prod", "Notice"])
            out.row(Array(repeating: "---", count: 6))
            for month in hotfixes where !sameEverywhere || month.region == hotfixes.first?.region {
                out.row([sameEverywhere ? regions.joined(separator: ", ") : month.region.rawValue, month.month.description,
                         month.preprod.description, month.preprodNotice.description, month.prod.description, month.prodNotice.description])
            }
            return out.text
        }

        private static func blockerTable(_ rows: String?, _ out: inout MarkdownWriter, empty: String) {
            guard let rows else {
                out.line(empty)
                out.blank()
                return
            }
            out.row(["Customer", "Stage", "Kind", "Waits on", "Since", "Ticket", "Reason"])
            out.row(Array(repeating: "---", count: 7))
            out.append(rows)
            out.blank()
        }
    }

    static func customerCell(_ customer: Customer) -> String {
        "\(MarkdownText.cell(customer.name)) (\(MarkdownText.code(customer.id, inTable: true)))"
    }

    /// A stage's blockers with its missing facts in one: "not set: `a`, `b`" on the owners of
    /// those facts, since the earliest; the other blockers as they are, in order.
    static func groupingMissingFacts(_ blockers: [Blocker]) -> [Blocker] {
        let missing = blockers.filter { $0.code == "fact-missing" }
        guard missing.count > 1, var grouped = missing.first else { return blockers }
        // "not set: cutover.at, cutover.notice-sent (csm); cutover.ticket (customer)": each owner's facts.
        var owners: [Owner] = []
        var keys: [Owner: [String]] = [:]
        for blocker in missing {
            if keys[blocker.owner] == nil { owners.append(blocker.owner) }
            keys[blocker.owner, default: []].append(factName(blocker.message))
        }
        grouped.message = "not set: " + owners.map { "\(keys[$0, default: []].joined(separator: ", ")) (\($0.rawValue))" }.joined(separator: "; ")
        grouped.since = missing.compactMap(\.since).min()
        var result: [Blocker] = []
        for blocker in blockers {
            if blocker.code != "fact-missing" {
                result.append(blocker)
            } else if result.allSatisfy({ $0.code != "fact-missing" }) {
                result.append(grouped)
            }
        }
        return result
    }
}

extension PortfolioReport {
    /// What comes before the first " is not set" of a missing fact's message (the message when
    /// there is none), as `components(separatedBy:).first` gives it; found byte by byte in
    /// ASCII text, where no character spans the boundary.
    static func factName(_ message: String) -> String {
        let utf8 = message.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return message.components(separatedBy: " is not set").first ?? message }
        let needle = Array(" is not set".utf8)
        let bytes = Array(utf8)
        guard bytes.count >= needle.count else { return message }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) {
            return String(decoding: bytes[..<start], as: UTF8.self)
        }
        return message
    }
}

extension PortfolioReport.MarkdownBuilder {
    /// One row of the customers table: its upgrade, the most urgent stage and status, who it
    /// waits on, its CSM and the next recorded date ahead (cutover, pre-production upgrade or
    /// the sandbox's last day) in the customer's zone.
    mutating func customerRow(_ customer: Customer, _ view: UpgradeView?, _ summary: UpgradeSummary?) -> [String] {
        let csm = customer.csm.map(MarkdownText.cell) ?? "-"
        guard let view, let summary else { return [PortfolioReport.customerCell(customer), "-", "-", "no upgrade", "-", csm, "-"] }
        return [PortfolioReport.customerCell(customer), "\(view.upgrade.from) → \(view.upgrade.to)",
                summary.stage.map { MarkdownText.code($0, inTable: true) } ?? "-", summary.state.rawValue,
                summary.owner?.rawValue ?? "-", csm, view.upgrade.status == .active ? nextDate(view, zone(of: customer)) : "-"]
    }

    private func nextDate(_ view: UpgradeView, _ zone: TimeZone) -> String {
        var dates: [(Date, String)] = []
        for (key, label) in [("cutover.at", "cutover"), ("preprod.upgrade-at", "pre-prod upgrade")] {
            if let value = view.state.facts[key].flatMap(LocalDateTime.init(parsing:)) {
                let at = value.instant(in: zone)
                let local = ZonedDateTime(at, in: zone)
                dates.append((at, "\(local.date) \(local.time) \(local.label) \(label)"))
            }
        }
        if let end = view.state.facts["sandbox.end"].flatMap({ try? LocalDate(parsing: $0) }) {
            dates.append((LTSFlowEngine.resolve(end.adding(days: 1), .midnight, in: zone), "\(end) sandbox ends"))
        }
        return dates.filter { $0.0 >= now }.min { $0.0 < $1.0 }?.1 ?? "-"
    }
}
