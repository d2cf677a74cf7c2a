import Foundation
import LTSFlowEngine
import LTSFlowStore

extension PortfolioReport {
    /// GitHub Flavored Markdown; every string that came from a user is escaped for its context.
    public func markdown() -> String {
        var out = MarkdownWriter()
        out.line("# \(MarkdownText.inline(verdict))")
        out.blank()
        out.line("Report of \(JSON.rfc3339(now)).")
        out.blank()

        out.line("## Upgrades per stage")
        out.blank()
        out.row(["Stage", "Open upgrades"])
        out.row(["---", "---:"])
        for (stage, count) in stageCounts { out.row([MarkdownText.code(stage, inTable: true), String(count)]) }
        out.row(["finished", String(rows.filter { $0.view?.upgrade.status == .finished }.count)])
        out.blank()

        out.line("## Blocked")
        out.blank()
        blockerTable(blockers, &out, empty: "Nothing is blocked.")
        out.line("## Overdue stages")
        out.blank()
        blockerTable(overdue, &out, empty: "No stage is past its expected duration.")

        out.line("## Sandboxes expiring within \(sandboxWarningDays) days")
        out.blank()
        let sandboxes = expiringSandboxes
        if sandboxes.isEmpty {
            out.line("None.")
        } else {
            out.row(["Customer", "Sandbox ends", "Days left"])
            out.row(["---", "---", "---:"])
            for item in sandboxes {
                out.row([customerCell(item.customer), item.end.description, item.daysLeft < 0 ? "expired" : String(item.daysLeft)])
            }
        }
        out.blank()

        out.line("## Cutovers in the next \(cutoverHorizonDays) days")
        out.blank()
        let cutovers = upcomingCutovers
        if cutovers.isEmpty {
            out.line("None.")
        } else {
            out.row(["Customer", "Local", "UTC"])
            out.row(["---", "---", "---"])
            for item in cutovers {
                let local = ZonedDateTime(item.at, in: item.customer.schedule.timeZone)
                let utc = ZonedDateTime(item.at, in: TimeZone(identifier: "UTC")!)
                out.row([customerCell(item.customer), "\(local.date) \(local.time) \(local.label)", "\(utc.date) \(utc.time)"])
            }
        }
        out.blank()

        out.line("## Hotfix calendar")
        out.blank()
        out.line("Pre-production on the first Friday, production on the second; contacts are emailed 7 days before.")
        out.blank()
        out.row(["Region", "Month", "Pre-prod", "Notice", "Prod", "Notice"])
        out.row(Array(repeating: "---", count: 6))
        for month in hotfixes {
            out.row([month.region.rawValue, month.month.description, month.preprod.description, month.preprodNotice.description,
                     month.prod.description, month.prodNotice.description])
        }
        return out.text
    }

    private func customerCell(_ customer: Customer) -> String {
        "\(MarkdownText.cell(customer.name)) (\(MarkdownText.code(customer.id, inTable: true)))"
    }

    private func blockerTable(_ items: [(customer: Customer, blocker: Blocker)], _ out: inout MarkdownWriter, empty: String) {
        guard !items.isEmpty else {
            out.line(empty)
            out.blank()
            return
        }
        out.row(["Customer", "Stage", "Kind", "Waits on", "Since", "Ticket", "Reason"])
        out.row(Array(repeating: "---", count: 7))
        for (customer, blocker) in items {
            let since = blocker.since.map { ZonedDateTime($0, in: customer.schedule.timeZone).date.description } ?? "-"
            out.row([customerCell(customer), MarkdownText.code(blocker.stage, inTable: true), blocker.kind.rawValue, blocker.owner.rawValue,
                     since, blocker.ticket.map { MarkdownText.cell($0) } ?? "-", MarkdownText.cell(blocker.message)])
        }
        out.blank()
    }
}
