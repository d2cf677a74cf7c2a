import Foundation
import Hummingbird
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports

/// The handlers: each parses the request, asks the core through a tracker at "now", and
/// renders. Whole-portfolio answers go through ``Memo``.
struct Routes: Sendable {
    let trackers: TrackerSource
    let memo: Memo

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in try Responses.json(JSON.object(["status": .string("ok")])) }
        router.get(RouterPath(stringLiteral: Stylesheet.path)) { _, _ in
            Responses.text(Stylesheet.text, type: "text/css; charset=utf-8", headers: [.cacheControl: "max-age=300"])
        }
        router.get(RouterPath(stringLiteral: Stylesheet.iconPath)) { _, _ in
            Responses.text(Stylesheet.icon, type: "image/svg+xml", headers: [.cacheControl: "max-age=86400"])
        }
        router.get("/favicon.ico") { _, _ in
            Response(status: .movedPermanently, headers: [.location: Stylesheet.iconPath])
        }
        router.get("/") { request, _ in try await board(request) }
        router.get("/blocked") { request, _ in try await blockedPage(request) }
        router.get("/agenda") { request, _ in try await agendaPage(request) }
        router.get("/customers/:id") { request, context in try await customerPage(request, context.parameters.require("id")) }
        router.get("/customers/:id/report.md") { request, context in try await customerMarkdown(request, context.parameters.require("id")) }
        router.get("/report.md") { request, _ in try await portfolioMarkdown(request) }
        router.get("/calendar.ics") { request, _ in try await calendar(request) }
        API(routes: self).register(on: router)
    }

    func portfolio() async throws -> PortfolioSnapshot {
        try await memo.value("portfolio") { [trackers] in try await PortfolioSnapshot.read(trackers.current()) }
    }

    func blockedList() async throws -> BlockedList {
        try await memo.value("blocked") { [trackers] in try await BlockedList.read(trackers.current()) }
    }

    /// The agenda of every customer for `days` days (``AgendaList/items(csm:)`` narrows it to a
    /// CSM); at most one kept per window, and windows are 0 to 366 days.
    func agendaList(days: Int) async throws -> AgendaList {
        try await memo.value("agenda-\(days)") { [trackers] in
            let list = try await AgendaList.read(trackers.current(), days: days)
            // The whole agenda's JSON (megabytes at 10,000 customers) is rendered here, behind the
            // requests still served the previous list, rather than by the first request after it.
            _ = try await list.answer(csm: nil)
            return list
        }
    }

    // Each page is rendered once per kept value and query (the same board is asked for again
    // and again, and by many clients at once); ``Derived`` keeps at most 64 queries' pages per kept value.
    private func board(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: BoardPage.parameters)
        let page = try BoardPage(query)
        let snapshot = try await portfolio()
        return Responses.html(try await snapshot.pages.shared(query.key) { ByteBuffer(string: page.render(snapshot).rendered) })
    }

    private func blockedPage(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: BlockedPage.parameters)
        let page = try BlockedPage(query)
        async let kept = blockedList()
        let snapshot = try await portfolio(), list = try await kept
        return Responses.html(try await list.pages.shared("\(snapshot.serial) \(query.key)") {
            ByteBuffer(string: page.render(list, snapshot).rendered)
        })
    }

    private func agendaPage(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: AgendaPage.parameters)
        let page = try AgendaPage(query)
        async let kept = agendaList(days: page.days)
        let snapshot = try await portfolio(), list = try await kept
        let csms = snapshot.csms
        return Responses.html(try await list.pages.shared("\(snapshot.serial) \(query.key)") {
            ByteBuffer(string: page.render(list, csms: csms).rendered)
        })
    }

    func customerReport(_ id: String) async throws -> CustomerReport {
        try await CustomerReport.read(trackers.current(), customer: id)
    }

    private func customerPage(_ request: Request, _ id: String) async throws -> Response {
        _ = try Query(request, allowed: [])
        return Responses.html(CustomerPage(report: try await customerReport(id)).render())
    }

    private func customerMarkdown(_ request: Request, _ id: String) async throws -> Response {
        _ = try Query(request, allowed: [])
        return Responses.text(try await customerReport(id).markdown(), type: "text/markdown; charset=utf-8")
    }

    private func portfolioMarkdown(_ request: Request) async throws -> Response {
        _ = try Query(request, allowed: [])
        let body = try await memo.value("report.md") { [trackers] in
            let tracker = trackers.current()
            var builder = PortfolioReport.MarkdownBuilder(PortfolioReport(rows: [], now: tracker.now))
            try await tracker.forEachPortfolioRow { builder.add($0, $1) }
            return ByteBuffer(string: builder.markdown())
        }
        return Responses.bytes(body, type: "text/markdown; charset=utf-8")
    }

    private func calendar(_ request: Request) async throws -> Response {
        _ = try Query(request, allowed: [])
        let body = try await memo.value("calendar.ics") { [trackers] in
            let tracker = trackers.current()
            var events: [CalendarEvent] = []
            try await tracker.forEachPortfolioRow { _, view in
                guard let view, view.upgrade.status == .active else { return }
                events += UpgradeCalendar.events(for: view, now: tracker.now, months: 0)
            }
            events += Region.allCases.flatMap { UpgradeCalendar.hotfixEvents(region: $0, from: tracker.now, months: 3) }
            return ByteBuffer(string: ICalendar.render(events, name: "ltsflow: portfolio", stamp: tracker.now))
        }
        return Responses.bytes(body, type: "text/calendar; charset=utf-8")
    }
}
