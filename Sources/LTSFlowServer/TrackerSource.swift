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

    /// What kept answers depend on besides the request: the store's change token and the
    /// clock's minute (days in stage, overdue stages and the agenda's window move with time;
    /// with a fixed `LTSFLOW_NOW` only the store's token moves).
    func changeToken() async throws -> String {
        let minute = Int((clock().timeIntervalSince1970 / 60).rounded(.down))
        return "\(try await base.changeToken()) \(minute)"
    }
}
