import Foundation
import LTSFlowCore

/// The store `ltsflow batch` opened once for all its lines, with the settings of the batch.
///
/// While a line runs, ``current`` is set and ``GlobalOptions/tracker(readOnly:)`` hands the
/// line's command a tracker on this store instead of opening one: the line runs the command's
/// own code, and each change is still its own transaction in the store.
struct BatchSession: Sendable {
    /// The batch being run by this task, if any.
    @TaskLocal static var current: BatchSession?

    /// The opened store, the definitions and the actor, at the time the batch began.
    let base: Tracker
    /// The batch's global options (what a line may repeat but not change).
    let global: GlobalOptions

    /// Opens the store of the batch: read-only when no line writes.
    static func open(_ global: GlobalOptions, readOnly: Bool) async throws -> BatchSession {
        BatchSession(base: try await global.openTracker(readOnly: readOnly), global: global)
    }

    /// The tracker of one line: the batch's store and definitions at the line's "now"
    /// (`LTSFLOW_NOW` when set, else the clock when the line starts).
    func tracker() throws -> Tracker {
        base.at(try global.now())
    }
}
