import Foundation

/// Values derived from the whole portfolio, kept for a few seconds: a board of 10,000
/// customers reads and decides every upgrade (hundreds of milliseconds), which sixteen clients
/// at once cannot wait for on every request (docs/benchmarks.md, "Web board").
///
/// The first request for a key computes it (concurrent requests wait on that one computation).
/// After `maximumAge`, a request still gets the kept value at once while one refresh runs in
/// the background: no request waits for a refresh, and no page is older than `maximumAge` plus
/// one computation. A `maximumAge` of zero keeps nothing.
actor Memo {
    private struct Entry {
        var value: any Sendable
        var computedAt: Date
    }

    private let maximumAge: TimeInterval
    private var entries: [String: Entry] = [:]
    private var running: [String: Task<any Sendable, any Error>] = [:]

    init(maximumAge: TimeInterval) {
        self.maximumAge = maximumAge
    }

    /// The value for `key`, computed by `compute` when there is none yet.
    func value<T: Sendable>(_ key: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        guard maximumAge > 0 else { return try await compute() }
        if let entry = entries[key], let value = entry.value as? T {
            if Date().timeIntervalSince(entry.computedAt) > maximumAge, running[key] == nil {
                running[key] = start(key, compute)
            }
            return value
        }
        let task = running[key] ?? start(key, compute)
        running[key] = task
        guard let value = try await task.value as? T else { preconditionFailure("memo \(key) holds another type") }
        return value
    }

    private func start<T: Sendable>(_ key: String, _ compute: @escaping @Sendable () async throws -> T) -> Task<any Sendable, any Error> {
        Task {
            do {
                let value = try await compute()
                self.keep(key, value)
                return value
            } catch {
                self.fail(key)
                throw error
            }
        }
    }

    private func keep(_ key: String, _ value: any Sendable) {
        entries[key] = Entry(value: value, computedAt: Date())
        running[key] = nil
    }

    private func fail(_ key: String) {
        running[key] = nil
    }
}
