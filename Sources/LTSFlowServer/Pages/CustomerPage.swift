import Foundation
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports

/// `/customers/{id}`: the verdict, a stage timeline, the stages, the blockers with owner and
/// ticket, the checklist with its ticks, the schedule in the customer's local time and in UTC,
/// and the history.
struct CustomerPage {
    var report: CustomerReport

    private var view: UpgradeView { report.view }
    private var zone: TimeZone { view.customer.schedule.timeZone }

    func render() -> HTML {
        let customer = view.customer
        return Layout.page(title: customer.name, section: .none, asOf: report.now) {
            HTML.el("h1", text: "\(customer.name) (\(customer.id))")
            HTML.el("p", ["class": "verdict"]) { Layout.status(view.summary.state.rawValue); HTML(" " + view.verdict(now: report.now)) }
            HTML.el("p") {
                HTML.el("a", ["href": Layout.customerPath(customer.id, suffix: "/report.md")], text: "Report (Markdown)")
                HTML(" · ")
                HTML.el("a", ["href": "/api/v1/customers/" + URLText.segment(customer.id)], text: "JSON")
            }
            details(customer)
            HTML.el("h2", ["id": "timeline"], text: "Stage timeline")
            HTML.el("ol", ["class": "timeline", "aria-labelledby": "timeline"]) {
                for stage in view.stages {
                    HTML.el("li", ["class": "status-\(stage.state.status.rawValue)"]) {
                        HTML(stage.definition.title + ": ")
                        HTML.el("span", ["class": "word"], text: stage.state.status.rawValue)
                    }
                }
            }
            stages()
            blockers()
            checklist()
            schedule()
            history()
        }
    }

    private func details(_ customer: Customer) -> HTML {
        .el("dl") {
            HTML.el("dt", text: "CSM")
            HTML.el("dd", text: customer.csm ?? "none assigned")
            HTML.el("dt", text: "Current LTS")
            HTML.el("dd", text: customer.lts.map { "LTS \($0)" } ?? "not recorded")
            HTML.el("dt", text: "Region, zone and window")
            HTML.el("dd", text: "\(customer.region), \(customer.timeZone), window \(customer.schedule.windowSpec)")
            HTML.el("dt", text: "Contacts")
            HTML.el("dd", text: customer.contacts.isEmpty ? "—" : customer.contacts.joined(separator: ", "))
            HTML.el("dt", text: "Sandbox")
            HTML.el("dd", text: customer.sandbox.rawValue)
            HTML.el("dt", text: "Upgrade")
            HTML.el("dd", text: "LTS \(view.upgrade.from) → \(view.upgrade.to), workflow \(view.upgrade.workflowID), \(view.upgrade.status.rawValue)")
        }
    }

    private func table(_ caption: String, _ headers: [String], @HTMLBuilder rows: () -> [HTML]) -> HTML {
        .el("table") {
            HTML.el("caption", text: caption)
            HTML.el("thead") { HTML.el("tr") { for title in headers { HTML.el("th", ["scope": "col"], text: title) } } }
            HTML.element("tbody", [:], rows())
        }
    }

    private func stages() -> HTML {
        HTML.el("h2", text: "Stages") + table("Every stage in workflow order", ["Stage", "Status", "Owner", "Started (UTC)", "Finished (UTC)", "Days", "Note"]) {
            for stage in view.stages {
                HTML.el("tr") {
                    HTML.el("th", ["scope": "row"], text: "\(stage.definition.title) (\(stage.definition.id))")
                    HTML.el("td") { Layout.status(stage.state.status.rawValue); if stage.state.forced { HTML(" forced") } }
                    HTML.el("td", text: (stage.state.blockOwner ?? stage.definition.owner).rawValue)
                    HTML.el("td", text: utc(stage.state.startedAt))
                    HTML.el("td", text: utc(stage.state.finishedAt))
                    HTML.el("td", text: days(stage).map(String.init) ?? "—")
                    HTML.el("td", text: note(stage))
                }
            }
        }
    }

    private func blockers() -> HTML {
        let open = view.stages.flatMap(\.blockers)
        guard !open.isEmpty else { return HTML.el("h2", text: "Blockers") + HTML.el("p", text: "Nothing blocks this upgrade.") }
        return HTML.el("h2", text: "Blockers") + table("What holds each open stage", ["Stage", "Kind", "Reason", "Owner", "Ticket", "Since (UTC)"]) {
            for blocker in open {
                HTML.el("tr") {
                    HTML.el("th", ["scope": "row"], text: blocker.stage)
                    HTML.el("td", text: blocker.kind.rawValue)
                    HTML.el("td", text: blocker.message)
                    HTML.el("td", text: blocker.owner.rawValue)
                    HTML.el("td", text: blocker.ticket ?? "—")
                    HTML.el("td", text: utc(blocker.since))
                }
            }
        }
    }

    /// The plan's checklist: each line ticked or not, in words, with who ticked it and when.
    private func checklist() -> HTML {
        let entries = view.checklist
        guard !entries.isEmpty else { return HTML.el("h2", text: "Checklist") + HTML.el("p", text: "The plan of this upgrade has no checklist.") }
        let ticked = entries.filter(\.ticked).count
        return HTML.el("h2", text: "Checklist (\(ticked) of \(entries.count) ticked)")
            + table("What the plan asks to check; ltsflow check \(view.customer.id) ID ticks a line", ["Item", "Ticked", "Id", "Ticked by", "Ticked at (UTC)"]) {
                for entry in entries {
                    HTML.el("tr", ["class": entry.ticked ? "ticked" : nil]) {
                        HTML.el("th", ["scope": "row"], text: entry.item.text)
                        HTML.el("td") {
                            HTML.el("span", ["class": "tick", "aria-hidden": "true"], text: entry.ticked ? "☑" : "☐")
                            HTML(entry.ticked ? " ticked" : " not ticked")
                        }
                        HTML.el("td") { HTML.el("code", text: entry.item.id) }
                        HTML.el("td", text: entry.ticked ? entry.tickedBy ?? "—" : "—")
                        HTML.el("td", text: entry.ticked ? utc(entry.tickedAt) : "—")
                    }
                }
            }
    }

    private func schedule() -> HTML {
        let facts = report.schedule
        var dates: [(String, String)] = []
        if let start = facts.sandboxStart, let end = facts.sandboxEnd {
            dates.append(("Sandbox", "\(start) to \(end)" + (facts.sandboxDaysLeft.map { $0 >= 0 ? " (\($0) days left)" : " (expired)" } ?? "")))
        }
        if let at = facts.preprodUpgrade { dates.append(("Pre-production upgrade", both(at))) }
        if let at = facts.cutover { dates.append(("Production cutover", both(at))) }
        if let day = facts.noticeDeadline { dates.append(("Customer notice by", day.description)) }
        if let day = facts.ticketDeadline { dates.append(("Deployment ticket by", day.description)) }
        return HTML.el("h2", text: "Schedule (\(zone.identifier) and UTC)") + HTML.el("dl") {
            for (title, value) in dates {
                HTML.el("dt", text: title)
                HTML.el("dd", text: value)
            }
        } + table("Next maintenance windows", ["Date", "Local time", "UTC", "Hotfix"]) {
            for window in facts.windows {
                HTML.el("tr") {
                    HTML.el("th", ["scope": "row"], text: window.date.description)
                    HTML.el("td", text: "\(window.startLocal.time)–\(window.endLocal.time) \(window.startLocal.label)")
                    HTML.el("td", text: "\(UTCText.minute(window.start))–\(UTCText.minute(window.end).suffix(5))")
                    HTML.el("td", text: window.hotfix?.rawValue ?? "—")
                }
            }
        }
    }

    private func history() -> HTML {
        HTML.el("h2", text: "History") + table("Every event of this upgrade, oldest first", ["#", "At (UTC)", "Stage", "Verb", "Change", "Actor", "Note"]) {
            for stored in report.history {
                HTML.el("tr") {
                    HTML.el("th", ["scope": "row"], text: String(stored.sequence))
                    HTML.el("td", text: UTCText.minute(stored.event.at))
                    HTML.el("td", text: stored.event.stage ?? "—")
                    HTML.el("td", text: stored.event.verb.rawValue)
                    HTML.el("td", text: change(stored.event))
                    HTML.el("td", text: stored.event.actor)
                    HTML.el("td", text: stored.event.note ?? "")
                }
            }
        }
    }

    private func change(_ event: Event) -> String {
        switch (event.from, event.to) {
        case let (from?, to?): "\(from.rawValue) → \(to.rawValue)"
        case let (nil, to?): "→ \(to.rawValue)"
        default: event.data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
    }

    private func note(_ stage: StageView) -> String {
        if !stage.waitingOn.isEmpty { return "waits on " + stage.waitingOn.joined(separator: ", ") }
        if !stage.warnings.isEmpty { return "warning: " + stage.warnings.joined(separator: "; ") }
        return stage.state.note ?? ""
    }

    private func days(_ stage: StageView) -> Int? {
        let state = stage.state
        guard let start = state.startedAt ?? (state.status.isOpen ? state.since : nil) else { return nil }
        let end = state.status.isOpen ? report.now : (state.finishedAt ?? report.now)
        return max(0, Int(end.timeIntervalSince(start) / 86_400))
    }

    private func utc(_ date: Date?) -> String { date.map(UTCText.minute) ?? "—" }

    /// "2027-03-12 00:30 CET (2027-03-11 23:30 UTC)".
    private func both(_ instant: Date) -> String {
        let local = ZonedDateTime(instant, in: zone)
        return "\(local.date) \(local.time) \(local.label) (\(UTCText.minute(instant)) UTC)"
    }
}
