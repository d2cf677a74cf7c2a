import Foundation
import LTSFlowCore
import LTSFlowEngine

/// `/blocked`: what is blocked, on whom and since when, as a table; filters as on the board.
struct BlockedPage {
    static let rowsPerPage = 200
    static let parameters: Set<String> = ["region", "owner", "csm", "page"]

    var region: Region?
    var owner: Owner?
    var csm: String?
    var page = 1

    init(_ query: Query) throws(RequestError) {
        region = try query.region()
        owner = try query.owner()
        csm = query.csm()
        page = try query.page()
    }

    /// - Parameter snapshot: The board's snapshot, for each customer's name and region.
    func render(_ list: BlockedList, _ snapshot: PortfolioSnapshot) -> HTML {
        // Positions, not copies: the whole list is filtered on every request, a page shown.
        let customer = { (id: String) in snapshot.positions[id].map { snapshot.rows[$0].customer } }
        let items = list.items.indices.filter { index in
            (owner == nil || list.items[index].blocker.owner == owner)
                && (region == nil || snapshot.positions[list.items[index].customer].map { snapshot.rows[$0].customer.region } == region?.rawValue)
                && (csm == nil || customer(list.items[index].customer)?.isAssigned(to: csm) == true)
        }
        let pages = max(1, (items.count + Self.rowsPerPage - 1) / Self.rowsPerPage)
        let shown = items.dropFirst((page - 1) * Self.rowsPerPage).prefix(Self.rowsPerPage).map { list.items[$0] }
        return Layout.page(title: "Blocked", section: .blocked, asOf: list.now) {
            HTML.el("h1", text: "Blocked")
            HTML.el("p", ["class": "muted"], text: "\(items.count) blocker\(items.count == 1 ? "" : "s"): manual blocks, failing guards and overdue stages.")
            filters(snapshot.csms)
            HTML.el("table") {
                HTML.el("caption", text: "Blockers, by customer then stage (page \(min(page, pages)) of \(pages))")
                HTML.el("thead") {
                    HTML.el("tr") {
                        for title in ["Customer", "Stage", "Kind", "Owner", "Since", "Ticket", "Reason"] {
                            HTML.el("th", ["scope": "col"], text: title)
                        }
                    }
                }
                HTML.el("tbody") {
                    for item in shown { row(item, customer(item.customer), now: list.now) }
                }
            }
            pager(pages)
        }
    }

    private func row(_ item: BlockedList.Item, _ customer: Customer?, now: Date) -> HTML {
        let blocker = item.blocker
        return .el("tr") {
            HTML.el("th", ["scope": "row"]) {
                HTML.el("a", ["href": Layout.customerPath(item.customer)], text: customer?.name ?? item.customer)
                HTML(" (\(item.customer))")
            }
            HTML.el("td", text: blocker.stage)
            HTML.el("td") { Layout.status(blocker.kind == .manual ? "blocked" : "waiting"); HTML(" " + blocker.kind.rawValue) }
            HTML.el("td", text: blocker.owner.rawValue)
            HTML.el("td", text: blocker.since.map { "\(UTCText.minute($0)) UTC" } ?? "—")
            HTML.el("td", text: blocker.ticket ?? "—")
            HTML.el("td", text: blocker.message)
        }
    }

    private func filters(_ csms: [String]) -> HTML {
        .el("nav", ["class": "filters", "aria-label": "Filters"]) {
            Layout.filterGroup("Region", values: Region.allCases.map(\.rawValue), current: region?.rawValue) {
                "/blocked" + URLText.query([("region", $0), ("owner", owner?.rawValue), ("csm", csm)])
            }
            Layout.filterGroup("Owner", values: Owner.allCases.map(\.rawValue), current: owner?.rawValue) {
                "/blocked" + URLText.query([("region", region?.rawValue), ("owner", $0), ("csm", csm)])
            }
            Layout.filterGroup("CSM", values: csms, current: Layout.csm(csm, among: csms)) {
                "/blocked" + URLText.query([("region", region?.rawValue), ("owner", owner?.rawValue), ("csm", $0)])
            }
        }
    }

    private func pager(_ pages: Int) -> HTML {
        let base = { (page: Int) in
            "/blocked" + URLText.query([("region", self.region?.rawValue), ("owner", self.owner?.rawValue), ("csm", self.csm),
                                        ("page", String(page))])
        }
        return .el("nav", ["class": "pager", "aria-label": "Pages"]) {
            if page > 1 { HTML.el("a", ["href": base(page - 1), "rel": "prev"], text: "Previous page") }
            HTML.el("span", text: "Page \(min(page, pages)) of \(pages)")
            if page < pages { HTML.el("a", ["href": base(page + 1), "rel": "next"], text: "Next page") }
        }
    }
}
