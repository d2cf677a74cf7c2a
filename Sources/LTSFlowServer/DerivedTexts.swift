import Synchronization

/// Texts rendered from one snapshot (a ``BlockedList``), kept with it: the same answer is not
/// rendered again for every request, and it goes when the snapshot is replaced, so it is never
/// older than the snapshot it came from. Two requests arriving together may both render it once.
final class DerivedTexts: Sendable {
    private let texts = Mutex<[String: String]>([:])

    /// The text for `key`, rendered by `render` the first time.
    func text(_ key: String, _ render: () throws -> String) rethrows -> String {
        if let kept = texts.withLock({ $0[key] }) { return kept }
        let text = try render()
        texts.withLock { $0[key] = $0[key] ?? text }
        return text
    }
}
