import Foundation
import Testing

/// The reports read cleanly as plain text: what the portfolio and a finished or cancelled
/// upgrade's report show (the goldens hold the whole text).
@Suite struct ReadableReportTests {
    static let now = "2026-12-01T09:00:00Z"

    @Test func thePortfolioHasOneRowPerCustomerGroupedFactsAndOneHotfixCalendar() throws {
        let cli = try CLI()
        try cli.ok(["demo", "--quiet"], now: Self.now)
        let markdown = try cli.ok(["report"], now: Self.now)
        let sections = markdown.components(separatedBy: "\n## ")
        let customers = try #require(sections.first { $0.hasPrefix("Customers\n") })
        let rows = customers.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows.first == "| Customer | Upgrade | Stage | Status | Owner | CSM | Next date |")
        #expect(rows.count == 2 + 25)
        #expect(rows.contains("| Tyrell Corporation (`tyrell`) | 2019 → 2023 | - | cancelled | - | dmitri | - |"))
        #expect(rows.contains { $0.hasPrefix("| Umbrella Pharma (`umbrella`) | 2023 → 2025 | `sandbox-validation` | active | customer | dmitri | 2026-12-05 sandbox ends |") })

        // Cyberdyne misses four facts of two owners: one row says them all.
        let blocked = try #require(sections.first { $0.hasPrefix("Blocked\n") })
        let cyberdyne = blocked.split(separator: "\n").filter { $0.contains("(`cyberdyne`)") }
        #expect(cyberdyne.count == 1)
        #expect(cyberdyne.first?.contains("not set: cutover.at, cutover.notice-sent (csm); cutover.ticket-filed, cutover.ticket (customer)") == true)

        // The three regions' hotfix Fridays are the same local days: one calendar.
        let hotfixes = try #require(sections.first { $0.hasPrefix("Hotfix calendar\n") })
        #expect(hotfixes.contains("| Regions | Month |"))
        #expect(hotfixes.contains("| eu, jp, us | 2026-12 | 2026-12-04 | 2026-11-27 | 2026-12-11 | 2026-12-04 |"))
        #expect(!hotfixes.contains("| eu | "))
        // Plain words stay plain.
        #expect(!markdown.contains("\\:") && !markdown.contains("\\("))
        #expect(markdown.contains("| `intake` | 3 |") && !markdown.contains("| ` "))
    }

    @Test func anUpgradeThatIsOverLooksBackOnly() throws {
        let cli = try CLI()
        try cli.ok(["demo", "--quiet"], now: Self.now)
        let cancelled = try cli.ok(["report", "tyrell"], now: Self.now)
        #expect(cancelled.hasPrefix("# Tyrell Corporation — LTS 2019 → 2023 — cancelled on "))
        for section in ["## Blockers", "## Schedule", "Next maintenance windows", "> Warning:", "- [ ]"] {
            #expect(!cancelled.contains(section), "\(section)")
        }
        #expect(cancelled.contains("- [x] LTS 2019 is on its latest hotfix: each hop assumes it."))
        #expect(cancelled.contains("| cancel | opened with the wrong target: the customer chose the next LTS instead |"))

        // The history keeps a block's owner and ticket, and the ticked item.
        let blackMesa = try cli.ok(["report", "black-mesa"], now: Self.now)
        #expect(blackMesa.contains("| block: ready → blocked | waiting for the new Cloud Console project (on cloud-team, SUPNXP-2018) |"))
        #expect(blackMesa.contains("| check | 2019-2021/lts-2019-latest-hotfix |"))
        // A ready stage is waiting, not a bar of the timeline.
        let gantt = try #require(blackMesa.components(separatedBy: "```mermaid\ngantt").last?.components(separatedBy: "```").first)
        #expect(!gantt.contains("preprod-upgrade :active"))
    }
}
