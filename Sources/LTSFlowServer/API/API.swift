import Foundation
import Hummingbird
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports

/// `/api/v1/`: the command line's `--json`, with its keys and filters, from the same encoder
/// (the Reports module's shapes).
struct API: Sendable {
    let routes: Routes

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/status") { request, _ in try await status(request) }
        router.get("/api/v1/customers/:id") { request, context in try await customer(request, context.parameters.require("id")) }
        router.get("/api/v1/blocked") { request, _ in try await blocked(request) }
        router.get("/api/v1/agenda") { request, _ in try await agenda(request) }
        router.get("/api/v1/openapi.json") { _, _ in Responses.text(OpenAPIDocument.text, type: "application/json") }
    }

    /// `ltsflow status [--csm NAME] --json`.
    private func status(_ request: Request) async throws -> Response {
        if let csm = try Query(request, allowed: ["csm"]).csm() {
            var rows: [JSON] = []
            try await routes.trackers.current().forEachPortfolioRow(csm: csm) { customer, view in rows.append(JSON.portfolioRow(customer, view)) }
            return try Responses.json(JSON.array(rows))
        }
        let body = try await routes.memo.value("status.json") { [trackers = routes.trackers] in
            var rows: [JSON] = []
            try await trackers.current().forEachPortfolioRow { customer, view in rows.append(JSON.portfolioRow(customer, view)) }
            return Responses.jsonBody(try JSON.render(JSON.array(rows)))
        }
        return Responses.json(body)
    }

    /// `ltsflow status CUSTOMER --json`.
    private func customer(_ request: Request, _ id: String) async throws -> Response {
        _ = try Query(request, allowed: [])
        return try Responses.json(JSON.upgrade(try await routes.trackers.current().view(customer: id, upgrade: nil)))
    }

    /// `ltsflow blocked [--owner OWNER] [--customer ID] [--csm NAME] --json`.
    private func blocked(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: ["owner", "customer", "csm"])
        let owner = try query.owner()
        let csm = query.csm()
        var writer = JSON.FlatArrayWriter()
        if let customer = query.string("customer") {
            try await routes.trackers.current().forEachBlocker(owner: owner, customer: customer, csm: csm) { writer.addBlocked(customer: $0, $1) }
            return Responses.json(writer.finish())
        }
        if csm != nil {
            try await routes.trackers.current().forEachBlocker(owner: owner, csm: csm) { writer.addBlocked(customer: $0, $1) }
            return Responses.json(writer.finish())
        }
        // The whole portfolio's list (megabytes at 10,000 customers) is rendered once per list and filter.
        let list = try await routes.blockedList()
        return Responses.json(try await list.answers.shared(owner?.rawValue ?? "") {
            var writer = JSON.FlatArrayWriter()
            for item in list.items where owner == nil || item.blocker.owner == owner {
                writer.addBlocked(customer: item.customer, item.blocker)
            }
            return Responses.jsonBody(writer.finish())
        })
    }

    /// `ltsflow agenda [--days N] [--csm NAME] --json`.
    private func agenda(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: ["days", "csm"])
        let list = try await routes.agendaList(days: try query.days())
        let csm = query.csm()
        // Megabytes at 10,000 customers: encoded once per kept agenda and CSM filter.
        return Responses.json(try await list.answer(csm: csm))
    }
}
