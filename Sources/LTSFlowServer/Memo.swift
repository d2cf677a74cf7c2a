import Foundation

/// Values derived from the whole portfolio, kept until the database changes: a board of 10,000
/// customers reads and decides every upgrade (hundreds of milliseconds), which sixteen clients
/// at once cannot wait for on every request (docs/benchmarks.md, "Web board").
///
/// Each value is kept with the change token read just before it was computed (the store's
/// ``LTSFlowCore/Tracker/changeToken()`` and the minute of the clock, ``TrackerSource/changeToken()``).
/// At most once every `maximumAge`, a request starts one check of the token in the background;
/// a kept value whose token differs from the latest one read is stale. A request for a stale
/// value still gets it at once while one refresh runs behind it; a value nothing has changed
/// is never computed again. Refreshes run one after another, so that however many kept values
/// a change makes stale, they take one core at a time and the requests keep the others. The
/// first request for a key computes it (concurrent requests wait on that one computation). A
/// `maximumAge` of zero keeps nothing.
actor Memo {
    private struct Entry {
        var value: any Sendable
        var token: String
    }

    private let maximumAge: TimeInterval
    private let token: @Sendable () async throws -> String
    private var entries: [String: Entry] = [:]
    private var running: [String: Task<any Sendable, any Error>] = [:]
    /// The refresh started last: the next one waits for it.
    private var lastRefresh: Task<any Sendable, any Error>?
    /// The newest token read (nil before the first read: every kept value is current), and the
    /// number of the read that gave it (reads are numbered as they start).
    private var latest: String?
    private var latestRead = 0
    private var reads = 0
    private var checkedAt = Date()
    private var checking = false

    /// - Parameters:
    ///   - maximumAge: Seconds between two checks of the token.
    ///   - token: The change token (read before each computation and by each check).
    init(maximumAge: TimeInterval, token: @escaping @Sendable () async throws -> String) {
        self.maximumAge = maximumAge
        self.token = token
    }

    /// The value for `key`, computed by `compute` when there is none yet.
    func value<T: Sendable>(_ key: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        guard maximumAge > 0 else { return try await compute() }
        checkIfDue()
        if let entry = entries[key], let value = entry.value as? T {
            if let latest, entry.token != latest, running[key] == nil {
                let refresh = start(key, compute, after: lastRefresh)
                running[key] = refresh
                lastRefresh = refresh
            }
            return value
        }
        let task = running[key] ?? start(key, compute)
        running[key] = task
        guard let value = try await task.value as? T else { preconditionFailure("memo \(key) holds another type") }
        return value
    }

    /// Starts one background read of the token when the last is older than `maximumAge`.
    private func checkIfDue() {
        guard !checking, Date().timeIntervalSince(checkedAt) >= maximumAge else { return }
        checking = true
        Task {
            _ = try? await self.readToken()
            self.checked()
        }
    }

    private func checked() {
        checkedAt = Date()
        checking = false
    }

    /// Reads the token, and keeps it as the latest unless a read started later already answered.
    private func readToken() async throws -> String {
        reads += 1
        let number = reads
        let read = try await token()
        if number > latestRead {
            latest = read
            latestRead = number
        }
        return read
    }

    private func start<T: Sendable>(_ key: String, _ compute: @escaping @Sendable () async throws -> T,
                                    after previous: Task<any Sendable, any Error>? = nil) -> Task<any Sendable, any Error> {
        Task {
            _ = try? await previous?.value
            do {
                let before = try await self.readToken()
                let value = try await compute()
                self.keep(key, value, token: before)
                return value
            } catch {
                self.fail(key)
                throw error
            }
        }
    }

    private func keep(_ key: String, _ value: any Sendable, token: String) {
        entries[key] = Entry(value: value, token: token)
        running[key] = nil
    }

    private func fail(_ key: String) {
        running[key] = nil
    }
}
