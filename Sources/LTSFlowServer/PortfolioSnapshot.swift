import Foundation
import LTSFlowCore
import LTSFlowEngine

/// One customer on the board: where its upgrade stands in one line.
struct BoardRow: Sendable {
    var customer: Customer
    /// `blocked`, `waiting`, `active`, `ready`, `finished`, `cancelled`, or `none` without an upgrade.
    var state: String
    /// The stage the state is about (its column), nil when finished, cancelled or without an upgrade.
    var stage: String?
    var owner: Owner?
    var since: Date?
    var overdue: Bool
    var from: String?
    var to: String?
}

/// The whole portfolio as the board shows it, read once for every page built from it.
struct PortfolioSnapshot: Sendable {
    var rows: [BoardRow]
    /// Stage ids in workflow order (the order of the first definition that names them).
    var stageOrder: [String]
    var stageTitles: [String: String]
    /// The time the rows were decided at.
    var now: Date

    static func read(_ tracker: Tracker) async throws -> PortfolioSnapshot {
        var snapshot = PortfolioSnapshot(rows: [], stageOrder: [], stageTitles: [:], now: tracker.now)
        var seenDefinitions: Set<String> = []
        try await tracker.forEachPortfolioRow { customer, view in
            guard let view else {
                snapshot.rows.append(BoardRow(customer: customer, state: "none", stage: nil, owner: nil, since: nil, overdue: false))
                return
            }
            if seenDefinitions.insert(view.upgrade.definitionHash).inserted {
                for stage in view.definition.stages where snapshot.stageTitles[stage.id] == nil {
                    snapshot.stageOrder.append(stage.id)
                    snapshot.stageTitles[stage.id] = stage.title
                }
            }
            let summary = view.summary
            snapshot.rows.append(BoardRow(customer: customer, state: summary.state.rawValue, stage: summary.stage,
                                          owner: summary.owner, since: summary.since, overdue: summary.overdue,
                                          from: view.upgrade.from, to: view.upgrade.to))
        }
        return snapshot
    }

    /// Whole days since `date` at the snapshot's time.
    func days(since date: Date?) -> Int? {
        date.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
    }
}
