import Synchronization

/// Answers derived from one kept value (a ``BlockedList``, an ``AgendaList``), kept with it: the
/// same answer is not rendered again for every request, and it goes when the kept value is
/// replaced, so it is never older than what it came from. Two requests arriving together may
/// both render it once. At most ``limit`` keys are kept (the keys come from requests: a CSM
/// filter is any text); beyond them an answer is rendered for its request only.
final class Derived<Value: Sendable>: Sendable {
    static var limit: Int { 64 }
    private let values = Mutex<[String: Value]>([:])

    /// The value for `key`, rendered by `render` the first time.
    func value(_ key: String, _ render: () throws -> Value) rethrows -> Value {
        if let kept = values.withLock({ $0[key] }) { return kept }
        let value = try render()
        return values.withLock { values in
            if let kept = values[key] { return kept }
            if values.count < Self.limit { values[key] = value }
            return value
        }
    }
}
