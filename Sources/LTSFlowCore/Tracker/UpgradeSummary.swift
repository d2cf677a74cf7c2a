import Foundation
import LTSFlowEngine

/// Where an upgrade stands in one line: its open stages, the most urgent state among them,
/// who it waits on and since when. Used by the portfolio status and the reports' verdicts.
public struct UpgradeSummary: Sendable {
    /// The most urgent state of the upgrade, most urgent first.
    public enum State: String, Sendable, CaseIterable {
        /// A stage is blocked by a person.
        case blocked
        /// A stage's guards fail: it waits on someone.
        case waiting
        /// Work is under way.
        case active
        /// A stage can start.
        case ready
        /// The final stage is done.
        case finished
        /// Ended by `upgrade cancel`.
        case cancelled
    }

    public var state: State
    /// Open stages in workflow order.
    public var stages: [String]
    /// The stage the state is about.
    public var stage: String?
    public var owner: Owner?
    public var since: Date?
    /// The most urgent stage is past its expected duration.
    public var overdue: Bool
    /// The first blocker of the most urgent stage.
    public var blocker: Blocker?
}

extension UpgradeView {
    public var summary: UpgradeSummary {
        let open = openStages
        guard upgrade.status == .active, !open.isEmpty else {
            return UpgradeSummary(state: upgrade.status == .cancelled ? .cancelled : .finished, stages: [], stage: nil, owner: nil, since: upgrade.finishedAt,
                                  overdue: false, blocker: nil)
        }
        let first = open.min { Self.rank($0) < Self.rank($1) } ?? open[0]
        let firstBlocker = first.blockers.first { $0.kind != .overdue }
        let state: UpgradeSummary.State = switch Self.rank(first) {
        case 0: .blocked
        case 1, 3: .waiting
        case 2: .active
        default: .ready
        }
        return UpgradeSummary(state: state, stages: open.map(\.definition.id), stage: first.definition.id,
                              owner: firstBlocker?.owner ?? first.state.blockOwner ?? first.definition.owner,
                              since: first.state.since, overdue: first.blockers.contains { $0.kind == .overdue },
                              blocker: firstBlocker)
    }

    /// Blocked, then failing guards of active and ready stages, then active, then ready.
    private static func rank(_ stage: StageView) -> Int {
        let guarded = stage.blockers.contains { $0.kind == .guard }
        switch stage.state.status {
        case .blocked: return 0
        case .active: return guarded ? 1 : 2
        case .ready: return guarded ? 3 : 4
        case .pending, .done, .skipped: return 5
        }
    }

    /// "ACME — LTS 2021 → 2023 — preprod-upgrade, blocked on cloud-team for 3 days".
    public func verdict(now: Date) -> String {
        let head = "\(customer.name) — LTS \(upgrade.from) → \(upgrade.to)"
        let summary = self.summary
        guard summary.state != .finished, summary.state != .cancelled, let stage = summary.stage else {
            let day = upgrade.finishedAt.map { " on \(ZonedDateTime($0, in: customer.schedule.timeZone).date)" } ?? ""
            return "\(head) — \(summary.state == .cancelled ? "cancelled" : "finished")\(day)"
        }
        let days = summary.since.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) } ?? 0
        let duration = days == 1 ? "1 day" : "\(days) days"
        let owner = summary.owner?.rawValue ?? "nobody"
        if let until = summary.blocker?.until, summary.state == .active || summary.state == .ready {
            let local = ZonedDateTime(until, in: customer.schedule.timeZone)
            let utc = ZonedDateTime(until, in: TimeZone(identifier: "UTC")!)
            return "\(head) — \(stage), waiting until \(local.date) \(local.time) \(local.label) (\(utc.date) \(utc.time) UTC)"
        }
        let what: String = switch summary.state {
        case .blocked: "blocked on \(owner) for \(duration)"
        case .waiting: "waiting on \(owner) for \(duration)"
        case .active: "active for \(duration) (\(owner))"
        case .ready: "ready for \(duration) (\(owner))"
        case .finished: "finished"
        case .cancelled: "cancelled"
        }
        return "\(head) — \(stage), \(what)\(summary.overdue ? ", overdue" : "")"
    }
}
