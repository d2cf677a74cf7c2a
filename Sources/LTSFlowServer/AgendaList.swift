import Foundation
import LTSFlowCore
import LTSFlowReports
import NIOCore

/// The agenda of every customer for a number of days, as the core gives it (soonest first),
/// read once for the page and the API; one CSM's is the part whose customers are assigned to
/// that CSM, as the core's own filter keeps them. What requests derive from it (a CSM's items,
/// the API's JSON) is kept with it.
struct AgendaList: Sendable {
    struct Part: Sendable {
        var items: [AgendaItem]
        var overdue: Int
    }

    var items: [AgendaItem]
    var days: Int
    var now: Date
    /// Each CSM's items and their overdue count (keyed by ``key(csm:)``).
    let parts = Derived<Part>()
    /// The API's answers (`agenda --json`), one per CSM filter asked for.
    let answers = Derived<ByteBuffer>()
    /// The agenda pages rendered from these items, by snapshot and query.
    let pages = Derived<ByteBuffer>()

    static func read(_ tracker: Tracker, days: Int) async throws -> AgendaList {
        AgendaList(items: try await tracker.agenda(days: days), days: days, now: tracker.now)
    }

    /// The items of `agenda --days N --csm NAME`, those of that CSM's customers in order, and
    /// how many of them are overdue.
    func part(csm: String?) -> Part {
        parts.value(Self.key(csm: csm)) {
            let kept = csm == nil ? items : items.filter { $0.customer.isAssigned(to: csm) }
            return Part(items: kept, overdue: kept.lazy.filter(\.overdue).count)
        }
    }

    /// `agenda --days N [--csm NAME] --json`, rendered once per CSM filter and kept.
    func answer(csm: String?) async throws -> ByteBuffer {
        try await answers.shared(Self.key(csm: csm)) {
            Responses.jsonBody(try JSON.render(JSON.array(part(csm: csm).items.map(JSON.agendaItem))))
        }
    }

    /// The key of a CSM filter's kept answers: the name as ``LTSFlowCore/Customer/isAssigned(to:)``
    /// compares it, apart from no filter at all.
    static func key(csm: String?) -> String {
        csm.map { "=" + Customer.csmKey($0) } ?? "*"
    }
}
