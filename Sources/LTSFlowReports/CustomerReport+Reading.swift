import Foundation
import LTSFlowCore
import LTSFlowEngine

extension CustomerReport {
    /// The report of one of the customer's upgrades as every edge shows it (`ltsflow report ID`,
    /// the web board's customer page and its Markdown): the view with its checklist, the plan as
    /// it was on the day the upgrade started, and that upgrade's history.
    ///
    /// - Parameter upgrade: One of the customer's upgrades; nil for the one under way, else the latest.
    public static func read(_ tracker: Tracker, customer: String, upgrade: Int64? = nil) async throws -> CustomerReport {
        let view = try await tracker.view(customer: customer, upgrade: upgrade)
        let plan = try? tracker.catalog.plan(from: view.upgrade.from, to: view.upgrade.to,
                                             searchCluster: view.state.facts["search.cluster"], now: view.upgrade.startedAt)
        let history = try await tracker.history(customer: customer, upgrade: view.upgrade.id).events
        return CustomerReport(view: view, plan: plan, history: history, now: tracker.now)
    }
}
