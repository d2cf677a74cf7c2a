import Foundation
import LTSFlowCore
import LTSFlowEngine

/// `/`: a column per stage and a card per customer. A column shows its longest-waiting
/// customers first, at most ``cardsPerColumn``; its "more" link opens that column alone, a page
/// of ``cardsPerPage`` at a time, so the page stays small at any portfolio size.
struct BoardPage {
    static let cardsPerColumn = 25
    static let cardsPerPage = 100
    static let parameters: Set<String> = ["region", "owner", "csm", "stage", "page"]

    var region: Region?
    var owner: Owner?
    var csm: String?
    var stage: String?
    var page = 1

    init(_ query: Query) throws(RequestError) {
        region = try query.region()
        owner = try query.owner()
        csm = query.csm()
        stage = query.string("stage")
        page = try query.page()
    }

    /// The snapshot's columns (each sorted once per snapshot) with only the rows that pass the
    /// filters, as positions in the snapshot's rows; a column left empty is not shown.
    func columns(_ snapshot: PortfolioSnapshot) -> [PortfolioSnapshot.Column] {
        snapshot.columns.compactMap { column in
            guard stage == nil || stage == column.key else { return nil }
            guard region != nil || owner != nil || csm != nil else { return column }
            var kept = column
            kept.rows = column.rows.filter { position in
                (region == nil || snapshot.rows[position].customer.region == region?.rawValue)
                    && (owner == nil || snapshot.rows[position].owner == owner)
                    && snapshot.rows[position].customer.isAssigned(to: csm)
            }
            return kept.rows.isEmpty ? nil : kept
        }
    }

    func render(_ snapshot: PortfolioSnapshot) -> HTML {
        let columns = columns(snapshot)
        let total = columns.reduce(0) { $0 + $1.rows.count }
        return Layout.page(title: "Board", section: .board, asOf: snapshot.now) {
            HTML.el("h1", text: stage.map { "Board: \(snapshot.stageTitles[$0] ?? $0)" } ?? "Board")
            HTML.el("p", ["class": "muted"], text: counts(columns, snapshot, total: total))
            filters(snapshot)
            if columns.isEmpty {
                HTML.el("p", text: "No customer matches these filters.")
            }
            HTML.el("div", ["class": "board"]) {
                for column in columns { render(column, snapshot) }
            }
            if stage != nil { pager(columns.first?.rows.count ?? 0) }
        }
    }

    private func counts(_ columns: [PortfolioSnapshot.Column], _ snapshot: PortfolioSnapshot, total: Int) -> String {
        var states: [String: Int] = [:]
        for column in columns { for position in column.rows { states[snapshot.rows[position].state, default: 0] += 1 } }
        let order = ["blocked", "waiting", "active", "ready", "finished", "cancelled", "none"]
        let words = order.compactMap { key in states[key].map { "\($0) \(key == "none" ? "without an upgrade" : key)" } }
        return "\(total) customer\(total == 1 ? "" : "s")" + (words.isEmpty ? "" : ": " + words.joined(separator: ", "))
    }

    private func render(_ column: PortfolioSnapshot.Column, _ snapshot: PortfolioSnapshot) -> HTML {
        let shown = stage == nil ? Array(column.rows.prefix(Self.cardsPerColumn))
            : Array(column.rows.dropFirst((page - 1) * Self.cardsPerPage).prefix(Self.cardsPerPage))
        let id = "column-\(column.key)"
        return .el("section", ["aria-labelledby": id]) {
            HTML.el("h2", ["id": id]) {
                HTML(column.title + " ")
                HTML.el("span", ["class": "count"], text: "(\(column.rows.count))")
            }
            HTML.el("ul", ["class": "cards"]) {
                for position in shown { card(snapshot.rows[position], snapshot) }
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
                HTML.el("dt", text: "CSM")
                HTML.el("dd", text: row.customer.csm ?? "—")
                if row.stage != nil, let days = snapshot.days(since: row.since) {
                    HTML.el("dt", text: "In stage")
                    HTML.el("dd", text: days == 1 ? "1 day" : "\(days) days")
                }
            }
        }
    }

    private func filters(_ snapshot: PortfolioSnapshot) -> HTML {
        .el("nav", ["class": "filters", "aria-label": "Filters"]) {
            Layout.filterGroup("Region", values: Region.allCases.map(\.rawValue), current: region?.rawValue) { "/" + link(region: $0) }
            Layout.filterGroup("Owner", values: Owner.allCases.map(\.rawValue), current: owner?.rawValue) { "/" + link(owner: $0) }
            Layout.filterGroup("CSM", values: snapshot.csms, current: Layout.csm(csm, among: snapshot.csms)) { "/" + link(csm: $0) }
            if stage != nil {
                HTML.el("div") { HTML.el("a", ["href": "/" + link(stage: nil)], text: "Every stage") }
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

    private func link(region: String?) -> String { query(region: region, owner: owner?.rawValue, csm: csm, stage: stage, page: nil) }
    private func link(owner: String?) -> String { query(region: region?.rawValue, owner: owner, csm: csm, stage: stage, page: nil) }
    private func link(csm: String?) -> String { query(region: region?.rawValue, owner: owner?.rawValue, csm: csm, stage: stage, page: nil) }
    private func link(stage: String?, page: Int? = nil) -> String {
        query(region: region?.rawValue, owner: owner?.rawValue, csm: csm, stage: stage, page: page.map(String.init))
    }

    private func query(region: String?, owner: String?, csm: String?, stage: String?, page: String?) -> String {
        URLText.query([("region", region), ("owner", owner), ("csm", csm), ("stage", stage), ("page", page)])
    }
}
