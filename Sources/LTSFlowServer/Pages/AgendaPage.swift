import Foundation
import LTSFlowCore
import LTSFlowEngine

/// `/agenda`: what is due and scheduled in the next days, soonest first, as `ltsflow agenda`
/// lists it; each item in the customer's local time and in UTC. Filters as links: how many days
/// ahead, and one CSM's customers; 200 rows a page (`page=N`), like the blocked page.
struct AgendaPage {
    static let rowsPerPage = 200
    static let parameters: Set<String> = ["days", "csm", "page"]
    /// The windows offered as links; any other from 0 to 366 can be typed.
    static let dayChoices = [7, 14, 30, 90]

    var days: Int
    var csm: String?
    var page = 1

    init(_ query: Query) throws(RequestError) {
        days = try query.days()
        csm = query.csm()
        page = try query.page()
    }

    /// - Parameter csms: The CSMs of the portfolio, for the `csm` filter's links.
    func render(_ list: AgendaList, csms: [String]) -> HTML {
        let part = list.part(csm: csm)
        let items = part.items, overdue = part.overdue
        let pages = max(1, (items.count + Self.rowsPerPage - 1) / Self.rowsPerPage)
        let shown = items.dropFirst((page - 1) * Self.rowsPerPage).prefix(Self.rowsPerPage)
        let who = Layout.csm(csm, among: csms).map { " for \($0)'s customers" } ?? ""
        return Layout.page(title: "Agenda", section: .agenda, asOf: list.now) {
            HTML.el("h1", text: "Agenda")
            HTML.el("p", ["class": "muted"], text: "\(items.count) item\(items.count == 1 ? "" : "s") in the next \(days) day\(days == 1 ? "" : "s")\(who)"
                + (overdue == 0 ? "" : ", \(overdue) overdue") + ": notices and deployment tickets due, sandboxes ending, scheduled changes and the hotfix nights that touch an upgrade.")
            filters(csms)
            if items.isEmpty {
                HTML.el("p", text: "Nothing is due or scheduled in these days.")
            } else {
                table(shown, pages: pages)
                pager(pages)
            }
        }
    }

    private func table(_ items: ArraySlice<AgendaItem>, pages: Int) -> HTML {
        .el("table", ["class": "agenda"]) {
            HTML.el("caption", text: "Soonest first, in the customer's local time and in UTC"
                + (pages == 1 ? "" : " (page \(min(page, pages)) of \(pages))"))
            HTML.el("thead") {
                HTML.el("tr") {
                    for title in ["Local time", "UTC", "Customer", "Kind", "What", "Owner", "CSM"] {
                        HTML.el("th", ["scope": "col"], text: title)
                    }
                }
            }
            HTML.el("tbody") {
                for item in items { row(item) }
            }
        }
    }

    private func row(_ item: AgendaItem) -> HTML {
        let local = item.local
        return .el("tr") {
            HTML.el("th", ["scope": "row"], text: "\(local.date) \(local.time) \(local.label)")
            HTML.el("td", text: UTCText.minute(item.at))
            HTML.el("td") {
                HTML.el("a", ["href": Layout.customerPath(item.customer.id)], text: item.customer.name)
                HTML(" (\(item.customer.id))")
            }
            HTML.el("td") {
                HTML(item.kind.rawValue)
                if item.overdue { HTML(" "); Layout.status("overdue") }
            }
            HTML.el("td", text: item.summary)
            HTML.el("td", text: item.owner.rawValue)
            HTML.el("td", text: item.customer.csm ?? "—")
        }
    }

    private func pager(_ pages: Int) -> HTML {
        let base = { (page: Int) in
            "/agenda" + URLText.query([("days", self.days == AgendaItem.defaultDays ? nil : String(self.days)), ("csm", self.csm),
                                       ("page", String(page))])
        }
        return .el("nav", ["class": "pager", "aria-label": "Pages"]) {
            if page > 1 { HTML.el("a", ["href": base(page - 1), "rel": "prev"], text: "Previous page") }
            HTML.el("span", text: "Page \(min(page, pages)) of \(pages)")
            if page < pages { HTML.el("a", ["href": base(page + 1), "rel": "next"], text: "Next page") }
        }
    }

    private func filters(_ csms: [String]) -> HTML {
        let choices = Self.dayChoices.contains(days) ? Self.dayChoices : (Self.dayChoices + [days]).sorted()
        return .el("nav", ["class": "filters", "aria-label": "Filters"]) {
            HTML.el("div") {
                HTML.el("span", ["id": "filter-days"], text: "Days ahead: ")
                HTML.el("ul", ["aria-labelledby": "filter-days"]) {
                    for choice in choices {
                        HTML.el("li") {
                            HTML.el("a", ["href": "/agenda" + URLText.query([("days", String(choice)), ("csm", csm)]),
                                          "aria-current": choice == days ? "true" : nil], text: String(choice))
                        }
                    }
                }
            }
            Layout.filterGroup("CSM", values: csms, current: Layout.csm(csm, among: csms)) {
                "/agenda" + URLText.query([("days", days == AgendaItem.defaultDays ? nil : String(days)), ("csm", $0)])
            }
        }
    }
}
