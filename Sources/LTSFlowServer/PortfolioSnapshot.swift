import Foundation
import LTSFlowCore
import LTSFlowEngine
import NIOCore
import Synchronization

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
///
/// What every request would otherwise redo over all the rows is done here once per snapshot:
/// the columns, each sorted, as positions in ``rows`` (a request only filters them), and each
/// customer's position by id. Copying 10,000 rows to group and sort them on every request cost
/// more than the rest of a page (docs/benchmarks.md, "Web board").
struct PortfolioSnapshot: Sendable {
    /// A column of the board: a stage, the finished upgrades, or the customers without one.
    struct Column: Sendable {
        var key: String
        var title: String
        /// Positions in ``PortfolioSnapshot/rows``, longest in the stage first, then by customer id.
        var rows: [Int]
    }

    var rows: [BoardRow]
    /// Stage ids in workflow order (the order of the first definition that names them).
    var stageOrder: [String]
    var stageTitles: [String: String]
    /// The time the rows were decided at.
    var now: Date
    /// The CSMs customers are assigned to, each once (as first written, by customer id), in
    /// alphabetical order: the values of the `csm` filters.
    var csms: [String] = []

    /// Every non-empty column in board order: the stages, then finished, cancelled, without an upgrade.
    private(set) var columns: [Column] = []
    /// The position of each customer in ``rows``.
    private(set) var positions: [String: Int] = [:]
    /// A number no other snapshot of this process has: pages built from it and from another
    /// kept value (the blocked list, the agenda) are kept under both.
    let serial = PortfolioSnapshot.serials.add(1, ordering: .relaxed).newValue
    private static let serials = Atomic<Int>(0)
    /// The board's pages rendered from this snapshot, by query.
    let pages = Derived<ByteBuffer>()

    init(rows: [BoardRow], stageOrder: [String], stageTitles: [String: String], now: Date) {
        self.rows = rows
        self.stageOrder = stageOrder
        self.stageTitles = stageTitles
        self.now = now
        index()
    }

    static func read(_ tracker: Tracker) async throws -> PortfolioSnapshot {
        var rows: [BoardRow] = []
        var stageOrder: [String] = []
        var stageTitles: [String: String] = [:]
        var seenDefinitions: Set<String> = []
        var csms: [String: String] = [:]
        try await tracker.forEachPortfolioRow { customer, view in
            if let csm = customer.csm, !Customer.csmKey(csm).isEmpty, csms[Customer.csmKey(csm)] == nil {
                csms[Customer.csmKey(csm)] = csm
            }
            guard let view else {
                rows.append(BoardRow(customer: customer, state: "none", stage: nil, owner: nil, since: nil, overdue: false))
                return
            }
            if seenDefinitions.insert(view.upgrade.definitionHash).inserted {
                for stage in view.definition.stages where stageTitles[stage.id] == nil {
                    stageOrder.append(stage.id)
                    stageTitles[stage.id] = stage.title
                }
            }
            let summary = view.summary
            rows.append(BoardRow(customer: customer, state: summary.state.rawValue, stage: summary.stage,
                                 owner: summary.owner, since: summary.since, overdue: summary.overdue,
                                 from: view.upgrade.from, to: view.upgrade.to))
        }
        var snapshot = PortfolioSnapshot(rows: rows, stageOrder: stageOrder, stageTitles: stageTitles, now: tracker.now)
        snapshot.csms = csms.sorted { $0.key < $1.key }.map(\.value)
        return snapshot
    }

    /// The column key of a row: its stage, or `finished`, `cancelled`, or `none`.
    static func columnKey(_ row: BoardRow) -> String {
        row.stage ?? (row.state == "finished" || row.state == "cancelled" ? row.state : "none")
    }

    private mutating func index() {
        var byKey: [String: [Int]] = [:]
        positions.reserveCapacity(rows.count)
        for position in rows.indices {
            byKey[Self.columnKey(rows[position]), default: []].append(position)
            positions[rows[position].customer.id] = positions[rows[position].customer.id] ?? position
        }
        let titles = stageTitles.merging(["finished": "Finished", "cancelled": "Cancelled", "none": "No upgrade"]) { $1 }
        let rows = rows
        columns = (stageOrder + ["finished", "cancelled", "none"]).compactMap { key in
            guard let positions = byKey[key] else { return nil }
            let sorted = positions.sorted { a, b in
                let sinceA = rows[a].since ?? .distantFuture, sinceB = rows[b].since ?? .distantFuture
                return sinceA != sinceB ? sinceA < sinceB : rows[a].customer.id < rows[b].customer.id
            }
            return Column(key: key, title: titles[key] ?? key, rows: sorted)
        }
    }

    /// Whole days since `date` at the snapshot's time.
    func days(since date: Date?) -> Int? {
        date.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
    }
}
