import Foundation
import LTSFlowEngine
import LTSFlowCore

/// Mermaid diagrams of one upgrade: the pinned workflow as a state diagram with each stage
/// styled by its status, and a gantt timeline of the stages' dates.
public enum WorkflowDiagram {
    /// A `stateDiagram-v2`: done, current (ready or active), blocked and skipped stages styled.
    public static func stateDiagram(_ view: UpgradeView) -> String {
        var lines = ["stateDiagram-v2", "    direction LR"]
        for stage in view.stages {
            let id = WorkflowGraph.node(stage.definition.id)
            var label = MermaidText.escape("\(stage.definition.id) (\(stage.state.status.rawValue))")
            if stage.state.status == .blocked, let note = stage.state.note {
                label += "<br/>" + MermaidText.escape(String(note.prefix(80)))
            }
            lines.append("    state \"\(label)\" as \(id)")
        }
        if let first = view.definition.stages.first { lines.append("    [*] --> \(WorkflowGraph.node(first.id))") }
        for stage in view.definition.stages {
            for dependency in stage.dependsOn {
                lines.append("    \(WorkflowGraph.node(dependency)) --> \(WorkflowGraph.node(stage.id))")
            }
        }
        if let last = view.definition.stages.last { lines.append("    \(WorkflowGraph.node(last.id)) --> [*]") }
        lines += [
            "    classDef done fill:#d2f4d3,stroke:#1a7f37",
            "    classDef current fill:#fff3b0,stroke:#9a6700,stroke-width:3px",
            "    classDef blocked fill:#ffd7d5,stroke:#d1242f,stroke-width:3px",
            "    classDef skipped fill:#eeeeee,stroke:#999999,color:#777777",
        ]
        let classes: [(String, Set<StageStatus>)] = [("done", [.done]), ("current", [.ready, .active]), ("blocked", [.blocked]), ("skipped", [.skipped])]
        for (name, statuses) in classes {
            let ids = view.stages.filter { statuses.contains($0.state.status) }.map { WorkflowGraph.node($0.definition.id) }
            if !ids.isEmpty { lines.append("    class \(ids.joined(separator: ",")) \(name)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A `gantt` of the stages that started, with dates only, in the customer's zone.
    public static func gantt(_ view: UpgradeView, now: Date) -> String {
        let zone = view.customer.schedule.timeZone
        var lines = [
            "gantt",
            "    title LTS \(view.upgrade.from) → \(view.upgrade.to), dates in \(zone.identifier)",
            "    dateFormat YYYY-MM-DD",
            "    axisFormat %m-%d",
            "    section Stages",
        ]
        var any = false
        for stage in view.stages {
            guard let (first, days) = span(stage, now: now, zone: zone) else { continue }
            let tag: String = switch stage.state.status {
            case .done: "done, "
            case .active: "active, "
            case .blocked: "crit, "
            case .pending, .ready, .skipped: ""
            }
            // A stage started and finished on one day is drawn one day long.
            lines.append("    \(stage.definition.id) :\(tag)\(WorkflowGraph.node(stage.definition.id)), \(first), \(max(1, days))d")
            any = true
        }
        if !any {
            let today = ZonedDateTime(now, in: zone).date
            lines.append("    not started :milestone, start, \(today), 0d")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The local day a stage started and the calendar days from it to the day it finished (to
    /// today while it is active or blocked): the Gantt's bar and the stage table's "Days in
    /// stage". Nil for a stage that never started: a ready stage waits, it is not under way.
    static func span(_ stage: StageView, now: Date, zone: TimeZone) -> (first: LocalDate, days: Int)? {
        let state = stage.state
        guard let started = state.startedAt ?? (state.status == .blocked ? state.since : nil) else { return nil }
        let end = state.status.isOpen ? now : (state.finishedAt ?? now)
        let first = ZonedDateTime(started, in: zone).date
        return (first, max(0, first.days(until: ZonedDateTime(end, in: zone).date)))
    }
}
