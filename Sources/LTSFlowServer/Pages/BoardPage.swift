import Foundation
import LTSFlowEngine

/// `/`: a column per stage and a card per customer. A column shows its longest-waiting
/// customers first, at most ``cardsPerColumn``; its "more" link opens that column alone, a page
/// of ``cardsPerPage`` at a time, so the page stays small at any portfolio size.
struct BoardPage {
    static let cardsPerColumn = 25
    static let cardsPerPage = 100
    static let parameters: Set<String> = ["region", "owner", "stage", "page"]

    var region: Region?
    var owner: Owner?
    var stage: String?
    var page = 1

    init(_ query: Query) throws(RequestError) {
        region = try query.region()
        owner = try query.owner()
        stage = query.string("stage")
        page = try query.page()
    }

    /// A column: a stage, or the finished upgrades, or the cancelled ones, or the customers without one.
    struct Column {
        var key: String
        var title: String
        var rows: [BoardRow]
    }

    func columns(_ snapshot: PortfolioSnapshot) -> [Column] {
        let rows = snapshot.rows.filter { row in
            (region == nil || row.customer.region == region?.rawValue) && (owner == nil || row.owner == owner)
        }
        var byStage: [String: [BoardRow]] = [:]
        for row in rows {
            let key = row.stage ?? (row.state == "finished" || row.state == "cancelled" ? row.state : "none")
            byStage[key, default: []].append(row)
        }
        let keys = snapshot.stageOrder + ["finished", "cancelled", "none"]
        let titles = snapshot.stageTitles.merging(["finished": "Finished", "cancelled": "Cancelled", "none": "No upgrade"]) { $1 }
        return keys.compactMap { key in
            guard let rows = byStage[key], stage == nil || stage == key else { return nil }
            // Longest in its stage first: what needs attention is at the top.
            let sorted = rows.sorted { ($0.since ?? .distantFuture, $0.customer.id) < ($1.since ?? .distantFuture, $1.customer.id) }
            return Column(key: key, title: titles[key] ?? key, rows: sorted)
        }
    }

    func render(_ snapshot: PortfolioSnapshot) -> HTML {
        let columns = columns(snapshot)
        let total = columns.reduce(0) { $0 + $1.rows.count }
        return Layout.page(title: "Board", section: .board, asOf: snapshot.now) {
            HTML.el("h1", text: stage.map { "Board: \(snapshot.stageTitles[$0] ?? $0)" } ?? "Board")
            HTML.el("p", ["class": "muted"], text: counts(columns, total: total))
            filters()
            if columns.isEmpty {
                HTML.el("p", text: "No customer matches these filters.")
            }
            HTML.el("div", ["class": "board"]) {
                for column in columns { render(column, snapshot) }
            }
            if stage != nil { pager(columns.first?.rows.count ?? 0) }
        }
    }

    private func counts(_ columns: [Column], total: Int) -> String {
        var states: [String: Int] = [:]
        for column in columns { for row in column.rows { states[row.state, default: 0] += 1 } }
        let order = ["blocked", "waiting", "active", "ready", "finished", "cancelled", "none"]
        let words = order.compactMap { key in states[key].map { "\($0) \(key == "none" ? "without an upgrade" : key)" } }
        return "\(total) customer\(total == 1 ? "" : "s")" + (words.isEmpty ? "" : ": " + words.joined(separator: ", "))
    }

    private func render(_ column: Column, _ snapshot: PortfolioSnapshot) -> HTML {
        let shown = stage == nil ? Array(column.rows.prefix(Self.cardsPerColumn))
            : Array(column.rows.dropFirst((page - 1) * Self.cardsPerPage).prefix(Self.cardsPerPage))
        let id = "column-\(column.key)"
        return .el("section", ["aria-labelledby": id]) {
            HTML.el("h2", ["id": id]) {
                HTML(column.title + " ")
                HTML.el("span", ["class": "count"], text: "(\(column.rows.count))")
            }
            HTML.el("ul", ["class": "cards"]) {
                for row in shown { card(row, snapshot) }
            }
            if stage == nil && column.rows.count > shown.count {
                HTML.el("p", ["class": "more"]) {
                    HTML.el("a", ["href": "/" + link(stage: column.key)],
                            text: "\(column.rows.count - shown.count) more in \(column.title)")
                }
            }
        }
    }

    private func card(_ row: BoardRow, _ snapshot: PortfolioSnapshot) -> HTML {
        .el("li", ["class": "card status-\(row.state)"]) {
            HTML.el("h3") { HTML.el("a", ["href": Layout.customerPath(row.customer.id)], text: row.customer.name) }
            Layout.status(row.state)
            if row.overdue { HTML(" overdue") }
            HTML.el("dl") {
                HTML.el("dt", text: "Customer")
                HTML.el("dd", text: "\(row.customer.id) (\(row.customer.region))")
                if let from = row.from, let to = row.to {
                    HTML.el("dt", text: "LTS")
                    HTML.el("dd", text: "\(from) → \(to)")
                }
                HTML.el("dt", text: "Owner")
                HTML.el("dd", text: row.owner?.rawValue ?? "—")
                if row.stage != nil, let days = snapshot.days(since: row.since) {
                    HTML.el("dt", text: "In stage")
                    HTML.el("dd", text: days == 1 ? "1 day" : "\(days) days")
                }
            }
        }
    }

    private func filters() -> HTML {
        .el("nav", ["class": "filters", "aria-label": "Filters"]) {
            group("Region", values: Region.allCases.map(\.rawValue), current: region?.rawValue) { link(region: $0) }
            group("Owner", values: Owner.allCases.map(\.rawValue), current: owner?.rawValue) { link(owner: $0) }
            if stage != nil {
                HTML.el("div") { HTML.el("a", ["href": "/" + link(stage: nil)], text: "Every stage") }
            }
        }
    }

    private func group(_ title: String, values: [String], current: String?, _ href: (String?) -> String) -> HTML {
        .el("div") {
            HTML.el("span", ["id": "filter-\(title.lowercased())"], text: title + ": ")
            HTML.el("ul", ["aria-labelledby": "filter-\(title.lowercased())"]) {
                HTML.el("li") { HTML.el("a", ["href": "/" + href(nil), "aria-current": current == nil ? "true" : nil], text: "all") }
                for value in values {
                    HTML.el("li") { HTML.el("a", ["href": "/" + href(value), "aria-current": current == value ? "true" : nil], text: value) }
                }
            }
        }
    }

    private func pager(_ count: Int) -> HTML {
        let pages = max(1, (count + Self.cardsPerPage - 1) / Self.cardsPerPage)
        return .el("nav", ["class": "pager", "aria-label": "Pages"]) {
            if page > 1 { HTML.el("a", ["href": "/" + link(stage: stage, page: page - 1), "rel": "prev"], text: "Previous page") }
            HTML.el("span", text: "Page \(min(page, pages)) of \(pages)")
            if page < pages { HTML.el("a", ["href": "/" + link(stage: stage, page: page + 1), "rel": "next"], text: "Next page") }
        }
    }

    private func link(region: String?) -> String { query(region: region, owner: owner?.rawValue, stage: stage, page: nil) }
    private func link(owner: String?) -> String { query(region: region?.rawValue, owner: owner, stage: stage, page: nil) }
    private func link(stage: String?, page: Int? = nil) -> String {
        query(region: region?.rawValue, owner: owner?.rawValue, stage: stage, page: page.map(String.init))
    }

    private func query(region: String?, owner: String?, stage: String?, page: String?) -> String {
        URLText.query([("region", region), ("owner", owner), ("stage", stage), ("page", page)])
    }
}
