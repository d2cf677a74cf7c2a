import Synchronization

/// Answers derived from one kept value (a ``BlockedList``, an ``AgendaList``, a
/// ``PortfolioSnapshot``), kept with it: the same answer is not rendered again for every request,
/// and it goes when the kept value is replaced, so it is never older than what it came from.
/// At most ``limit`` keys are kept (the keys come from requests: a CSM filter is any text);
/// beyond them an answer is rendered for its request only.
///
/// ``shared(_:_:)`` renders an answer once however many requests ask for it at the same moment:
/// the first renders it, the others wait for that rendering (when a new snapshot replaces the
/// old one, sixteen clients asking for the same page would otherwise each render it, and wait
/// for each other's CPU). ``value(_:_:)`` is for small answers derived while rendering another.
final class Derived<Value: Sendable>: Sendable {
    static var limit: Int { 64 }
    private let values = Mutex<[String: Value]>([:])
    private let renderings = Mutex<[String: Task<Value, any Error>]>([:])

    /// The value for `key`, rendered by `render` the first time (two requests arriving together
    /// may both render it).
    func value(_ key: String, _ render: () throws -> Value) rethrows -> Value {
        if let kept = values.withLock({ $0[key] }) { return kept }
        let value = try render()
        return values.withLock { values in
            if let kept = values[key] { return kept }
            if values.count < Self.limit { values[key] = value }
            return value
        }
    }

    /// The value for `key`, rendered once by `render`; requests asking while it renders wait for
    /// it. A rendering that throws is not kept: the next request renders again.
    func shared(_ key: String, _ render: @escaping @Sendable () throws -> Value) async throws -> Value {
        let rendering = renderings.withLock { renderings -> Task<Value, any Error>? in
            if let kept = renderings[key] { return kept }
            guard renderings.count < Self.limit else { return nil }
            let task = Task { try render() }
            renderings[key] = task
            return task
        }
        guard let rendering else { return try render() }
        do {
            return try await rendering.value
        } catch {
            renderings.withLock { renderings in
                if renderings[key] == rendering { renderings[key] = nil }
            }
            throw error
        }
    }
}
