#if PostgreSQL
import Synchronization

/// One transaction at a time on a store's connection, in the order they asked.
///
/// A connection is one server session: two transactions sent on it at once would share it (the
/// second `BEGIN` only warns, the first `COMMIT` ends both, a failed statement aborts both). A
/// command runs one transaction at a time anyway; the web board's requests share one store and
/// wait here for each other.
final class SessionLock: Sendable {
    private struct State: ~Copyable {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Waits until the session is free, then holds it; a transaction alone on the connection
    /// takes it without suspending.
    func acquire() async {
        if hold(orQueue: nil) { return }
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            if hold(orQueue: turn) { turn.resume() }
        }
    }

    /// Hands the session to the longest waiting transaction, or frees it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }

    /// How many transactions wait for the session.
    var waiting: Int { state.withLock { $0.waiting.count } }

    /// Holds the session if it is free (true); else queues `turn`, if any, for ``release()``.
    private func hold(orQueue turn: CheckedContinuation<Void, Never>?) -> Bool {
        state.withLock { state in
            guard state.held else {
                state.held = true
                return true
            }
            if let turn { state.waiting.append(turn) }
            return false
        }
    }
}
#endif
