import Foundation
import LTSFlowCore
import LTSFlowEngine
import NIOCore

/// Every blocker of the portfolio, in the order of `blocked`: by customer id, then workflow order.
struct BlockedList: Sendable {
    struct Item: Sendable {
        var customer: String
        var blocker: Blocker
    }

    var items: [Item]
    var now: Date
    /// The API's answers rendered from these items (``API``), one per filter asked for.
    let answers = Derived<ByteBuffer>()
    /// The blocked pages rendered from these items, by snapshot and query.
    let pages = Derived<ByteBuffer>()

    static func read(_ tracker: Tracker) async throws -> BlockedList {
        var items: [Item] = []
        try await tracker.forEachBlocker { customer, blocker in items.append(Item(customer: customer, blocker: blocker)) }
        return BlockedList(items: items, now: tracker.now)
    }
}
