import Foundation
import LTSFlowCore

/// The agenda of every customer for a number of days, as the core gives it (soonest first),
/// read once for the page and the API; one CSM's is the part whose customers are assigned to
/// that CSM, as the core's own filter keeps them.
struct AgendaList: Sendable {
    var items: [AgendaItem]
    var days: Int
    var now: Date

    static func read(_ tracker: Tracker, days: Int) async throws -> AgendaList {
        AgendaList(items: try await tracker.agenda(days: days), days: days, now: tracker.now)
    }

    /// The items of `agenda --days N --csm NAME`: those of that CSM's customers, in order.
    func items(csm: String?) -> [AgendaItem] {
        guard csm != nil else { return items }
        return items.filter { $0.customer.isAssigned(to: csm) }
    }
}
