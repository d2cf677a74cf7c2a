import Foundation
import LTSFlowEngine
import LTSFlowCore

extension CustomerReport {
    /// GitHub Flavored Markdown; every string that came from a user is escaped for its context.
    public func markdown() -> String {
        var out = MarkdownWriter()
        let upgrade = view.upgrade
        out.line("# \(MarkdownText.inline(view.verdict(now: now)))")
        out.blank()
        out.line("Customer \(MarkdownText.code(view.customer.id)) · region \(view.customer.region) · zone \(view.customer.schedule.timeZone.identifier) · window \(view.customer.schedule.windowSpec) · sandbox \(view.customer.sandbox.rawValue) · workflow \(MarkdownText.code(upgrade.workflowID)) (pinned \(upgrade.definitionHash.prefix(12))) · report of \(JSON.rfc3339(now))")
        out.blank()
        stageTable(&out)
        // A finished or cancelled upgrade looks back only: no blockers, windows or open checklist.
        if upgrade.status == .active {
            blockerSection(&out)
            scheduleSection(&out)
        }
        planSection(&out)
        out.line("## Workflow")
        out.blank()
        out.fence("mermaid", WorkflowDiagram.stateDiagram(view))
        out.line("## Timeline")
        out.blank()
        out.fence("mermaid", WorkflowDiagram.gantt(view, now: now))
        historySection(&out)
        return out.text
    }

    private func stageTable(_ out: inout MarkdownWriter) {
        out.line("## Stages")
        out.blank()
        out.row(["Stage", "Status", "Owner", "Started", "Finished", "Days in stage", "Note"])
        out.row(Array(repeating: "---", count: 7))
        for stage in view.stages {
            let state = stage.state
            var status = state.status.rawValue
            if state.forced { status += " (forced)" }
            if state.status == .skipped { status += state.automatic ? " (automatic)" : "" }
            let note: String = if !stage.blockers.isEmpty {
                stage.blockers.map(\.message).joined(separator: "; ")
            } else if !stage.waitingOn.isEmpty {
                "waits on " + stage.waitingOn.joined(separator: ", ")
            } else if !stage.warnings.isEmpty {
                "warning: " + stage.warnings.joined(separator: "; ")
            } else {
                state.note ?? ""
            }
            out.row([MarkdownText.code(stage.definition.id, inTable: true), "**\(status)**", (state.blockOwner ?? stage.definition.owner).rawValue,
                     localDay(state.startedAt), localDay(state.finishedAt), daysInStage(stage).map(String.init) ?? "-",
                     MarkdownText.cell(note)])
        }
        out.blank()
    }

    private func blockerSection(_ out: inout MarkdownWriter) {
        let blockers = view.stages.flatMap(\.blockers)
        out.line("## Blockers")
        out.blank()
        guard !blockers.isEmpty else {
            out.line("Nothing blocks this upgrade.")
            out.blank()
            return
        }
        out.row(["Stage", "Kind", "Waits on", "Since", "Ticket", "Reason"])
        out.row(Array(repeating: "---", count: 6))
        for blocker in blockers {
            out.row([MarkdownText.code(blocker.stage, inTable: true), blocker.kind.rawValue, blocker.owner.rawValue, localDay(blocker.since),
                     blocker.ticket.map { MarkdownText.cell($0) } ?? "-", MarkdownText.cell(blocker.message)])
        }
        out.blank()
    }

    private func scheduleSection(_ out: inout MarkdownWriter) {
        let schedule = self.schedule
        out.line("## Schedule")
        out.blank()
        var items: [String] = []
        if let start = schedule.sandboxStart, let end = schedule.sandboxEnd {
            var line = "Development sandbox: \(start) to \(end)"
            if let left = schedule.sandboxDaysLeft {
                if left < 0 { line += " — **expired**" } else if left <= 7 { line += " — **ends in \(left) day\(left == 1 ? "" : "s")**" }
            }
            items.append(line)
        }
        if let preprod = schedule.preprodUpgrade { items.append("Pre-production upgrade: \(both(preprod))") }
        if let cutover = schedule.cutover { items.append("Production cutover: \(both(cutover))") }
        if let notice = schedule.noticeDeadline { items.append("Notice to the customer contacts due by \(notice)") }
        if let ticket = schedule.ticketDeadline { items.append("Deployment ticket due by \(ticket)") }
        if items.isEmpty { items.append("No dates recorded yet.") }
        for item in items { out.line("- \(item)") }
        out.blank()
        out.line("Next maintenance windows (\(view.customer.schedule.timeZone.identifier)):")
        out.blank()
        out.row(["Date", "Local", "UTC", "Hotfix"])
        out.row(["---", "---", "---", "---"])
        for window in schedule.windows {
            let utc = TimeZone(identifier: "UTC")!
            out.row([window.date.description, "\(window.startLocal.time)–\(window.endLocal.time) \(window.startLocal.label)",
                     "\(ZonedDateTime(window.start, in: utc).time)–\(ZonedDateTime(window.end, in: utc).time)",
                     window.hotfix?.rawValue ?? "-"])
        }
        out.blank()
    }

    private func planSection(_ out: inout MarkdownWriter) {
        out.line("## Upgrade plan")
        out.blank()
        guard let plan else {
            out.line("The catalog gives no plan for LTS \(view.upgrade.from) → \(view.upgrade.to) at this date.")
            out.blank()
            return
        }
        out.line("Search coordination \(plan.searchCoordination.required ? "**required**" : "not needed"): \(MarkdownText.inline(plan.searchCoordination.reason))")
        out.blank()
        let warnings = view.upgrade.status == .active ? plan.warnings : []
        for warning in warnings { out.line("> Warning: \(MarkdownText.inline(warning))") }
        if !warnings.isEmpty { out.blank() }
        let ticked = Set(view.checklist.filter(\.ticked).map(\.item.id))
        for hop in plan.hops {
            out.line("### \(hop.from.title) → \(hop.to.title)")
            out.blank()
            let items = hop.items
            // Once the upgrade is over, the list records what was ticked; nothing is left to do.
            for item in items where view.upgrade.status == .active || ticked.contains(item.id) {
                out.line("- [\(ticked.contains(item.id) ? "x" : " ")] \(MarkdownText.inline(item.text))")
            }
            let unticked = items.filter { !ticked.contains($0.id) }.count
            if view.upgrade.status != .active && unticked > 0 {
                // A blank line first, so that the sentence is not read as part of the last item.
                if unticked < items.count { out.blank() }
                out.line(unticked == items.count ? "No item of this hop was ticked."
                         : "\(unticked) other item\(unticked == 1 ? " was" : "s were") not ticked.")
            }
            out.blank()
        }
    }

    private func historySection(_ out: inout MarkdownWriter) {
        out.line("<details>")
        out.line("<summary>History (\(history.count) events)</summary>")
        out.blank()
        out.row(["#", "At (UTC)", "Actor", "Stage", "Change", "Note"])
        out.row(Array(repeating: "---", count: 6))
        for stored in history {
            let event = stored.event
            var change = event.verb.rawValue
            if let from = event.from, let to = event.to { change += ": \(from.rawValue) → \(to.rawValue)" }
            let note = Self.historyNote(event)
            let at = ZonedDateTime(event.at, in: TimeZone(identifier: "UTC")!)
            out.row([String(stored.sequence), "\(at.date) \(at.time)", MarkdownText.cell(event.actor),
                     event.stage.map { MarkdownText.code($0, inTable: true) } ?? "-", change, MarkdownText.cell(note)])
        }
        out.blank()
        out.line("</details>")
    }
}

extension CustomerReport {
    /// Everything an event says, as `history` prints it: the facts of a set or a begin; the
    /// reason with the owner and ticket of a block; the reason and what a force overrode; the
    /// item of a checklist tick.
    public static func historyNote(_ event: Event) -> String {
        var note = event.note ?? ""
        if event.verb == .set || event.verb == .begin {
            note = event.data.keys.sorted().map { "\($0)=\(event.data[$0] ?? "")" }.joined(separator: " ")
        } else if event.verb == .check || event.verb == .uncheck {
            note = event.data["item"] ?? ""
        } else if let overridden = event.data["overridden"] {
            note += " (overrode: \(overridden.replacingOccurrences(of: "\n", with: "; ")))"
        } else if let owner = event.data["owner"] {
            note += " (on \(owner)\(event.data["ticket"].map { ", \($0)" } ?? ""))"
        }
        return note
    }
}

/// Accumulates Markdown lines.
struct MarkdownWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line + "\n"
    }

    mutating func blank() {
        text += "\n"
    }

    /// A table row; cells must already be escaped for a table.
    mutating func row(_ cells: [String]) {
        text += "| " + cells.joined(separator: " | ") + " |\n"
    }

    /// Text already written by another writer.
    mutating func append(_ written: String) {
        text += written
    }

    mutating func fence(_ language: String, _ body: String) {
        text += "```\(language)\n\(body)```\n\n"
    }
}
