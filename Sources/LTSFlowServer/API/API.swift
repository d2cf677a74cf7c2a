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
        router.get("/api/v1/openapi.json") { _, _ in Responses.text(OpenAPIDocument.text, type: "application/json") }
    }

    /// `ltsflow status --json`.
    private func status(_ request: Request) async throws -> Response {
        _ = try Query(request, allowed: [])
        let text = try await routes.memo.value("status.json") { [trackers = routes.trackers] in
            var rows: [JSON] = []
            try await trackers.current().forEachPortfolioRow { customer, view in rows.append(JSON.portfolioRow(customer, view)) }
            return try JSON.render(JSON.array(rows))
        }
        return Responses.json(text)
    }

    /// `ltsflow status CUSTOMER --json`.
    private func customer(_ request: Request, _ id: String) async throws -> Response {
        _ = try Query(request, allowed: [])
        return try Responses.json(JSON.upgrade(try await routes.trackers.current().view(customer: id, upgrade: nil)))
    }

    /// `ltsflow blocked [--owner OWNER] [--customer ID] --json`.
    private func blocked(_ request: Request) async throws -> Response {
        let query = try Query(request, allowed: ["owner", "customer"])
        let owner = try query.owner()
        var writer = JSON.FlatArrayWriter()
        if let customer = query.string("customer") {
            try await routes.trackers.current().forEachBlocker(owner: owner, customer: customer) { writer.addBlocked(customer: $0, $1) }
        } else {
            for item in try await routes.blockedList().items where owner == nil || item.blocker.owner == owner {
                writer.addBlocked(customer: item.customer, item.blocker)
            }
        }
        return Responses.json(writer.finish())
    }
}
