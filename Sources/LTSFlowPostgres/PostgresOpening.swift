#if PostgreSQL
import LTSFlowCore

/// A store being opened before the command that will use it is known: a command line that names
/// a PostgreSQL database (`--db`, `LTSFLOW_DB`) is connected to while it is still being parsed,
/// so that the server starts its backend and checks the schema while the client reads its
/// arguments (each takes a few milliseconds, docs/benchmarks.md). The command then takes the
/// store for the target it parsed, with the same checks and errors as
/// ``PostgresStore/open(_:actor:)``, or discards it.
public final class PostgresOpening: Sendable {
    /// The target read from the URL, and the store opened there (or why not).
    private let opening: Task<(target: PostgresTarget, store: Result<PostgresStore, StoreError>)?, Never>

    /// Starts reading `url` with the environment and connecting, all off the caller's thread
    /// (on the connection's event loop, ``LoopExecutor``); nothing is reported until
    /// ``store(for:actor:)``.
    public init(url: String, environment: @escaping @Sendable () -> [String: String]) {
        opening = Task(executorPreference: PostgresConnector.executor) {
            guard let target = try? PostgresTarget(url: url, environment: environment()) else { return nil }
            do throws(StoreError) {
                return (target, .success(try await PostgresStore.open(target)))
            } catch {
                return (target, .failure(error))
            }
        }
    }

    /// The store for `target`, as ``PostgresStore/open(_:actor:)`` gives it: an actor named
    /// explicitly must be the login, and a failure to connect or a database that is not an
    /// ltsflow one of this version is the same error. A connection made for another target,
    /// or closed since it opened, is closed and `target` opened anew.
    public func store(for target: PostgresTarget, actor: String?) async throws(StoreError) -> PostgresStore {
        do {
            try PostgresStore.check(actor: actor, target: target)
        } catch {
            discard()
            throw error
        }
        guard let opened = await opening.value, opened.target == target else {
            discard()
            return try await PostgresStore.open(target)
        }
        let store = try opened.store.get()
        // Closed since (the server restarted, an idle connection cut): connect again, as the
        // command would have.
        guard store.isClosed else { return store }
        await store.close()
        return try await PostgresStore.open(target)
    }

    /// Closes the connection once it is open, for a command that turned out not to need it.
    public func discard() {
        let opening = opening
        Task {
            if case .success(let store)? = await opening.value?.store { await store.close() }
        }
    }
}
#endif
