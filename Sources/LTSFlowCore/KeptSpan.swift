import Foundation
import LTSFlowEngine

/// How both backends store the span in which a kept blocker list holds (`blocker_snapshot`'s
/// `decided_at` and `valid_until`) and the moment they compare with it: whole milliseconds since
/// 1970, so that SQLite and PostgreSQL answer alike at every moment.
package enum KeptSpan {
    /// The span rounded inwards (the start up, the end down, one more millisecond off the end):
    /// a moment that passes `decided_at <= moment < valid_until`, itself rounded down
    /// (``milliseconds(_:)-(Date)``), is always inside the exact span.
    package static func milliseconds(_ validity: Validity) -> (decidedAt: Int64, until: Int64?) {
        let from = Int64((validity.from.timeIntervalSince1970 * 1000).rounded(.up))
        let until = validity.until.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) - 1 }
        return (from, until)
    }

    /// A moment as the backends compare it with a kept span: milliseconds since 1970, rounded down.
    package static func milliseconds(_ moment: Date) -> Int64 {
        Int64((moment.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
