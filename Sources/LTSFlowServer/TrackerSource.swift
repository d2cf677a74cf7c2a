import Foundation
import LTSFlowCore

/// Where each request's tracker comes from: the one the edge opened (on whichever store), moved
/// to "now" by the server's clock when the request arrives.
public struct TrackerSource: Sendable {
    private let base: Tracker
    private let clock: @Sendable () -> Date

    /// - Parameters:
    ///   - tracker: A tracker on the opened store.
    ///   - clock: "Now" for each request: the wall clock, or a fixed time (`LTSFLOW_NOW`).
    public init(_ tracker: Tracker, clock: @escaping @Sendable () -> Date) {
        base = tracker
        self.clock = clock
    }

    /// A tracker at this moment.
    public func current() -> Tracker {
        base.at(clock())
    }
}
