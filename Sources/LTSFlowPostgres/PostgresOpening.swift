#if PostgreSQL
import LTSFlowCore

/// A store being opened before the command that will use it is known: a command line that names
/// a PostgreSQL database (`--db`, `LTSFLOW_DB`) is connected to while it is still being parsed,
/// so that the server starts its backend and checks the schema while the client reads its
/// arguments (each takes a few milliseconds, docs/benchmarks.md). The command then takes the
/// store, with the same checks and errors as ``PostgresStore/open(_:actor:)``, or discards it.
public final class PostgresOpening: Sendable {
    public let target: PostgresTarget
    private let opening: Task<PostgresStore, any Error>

    /// Starts connecting; nothing is reported until ``store(actor:)`` is called.
    public init(_ target: PostgresTarget) {
        self.target = target
        opening = Task { try await PostgresStore.open(target) }
    }

    /// The store once open, as ``PostgresStore/open(_:actor:)`` gives it: an actor named
    /// explicitly must be the login, and a failure to connect or a database that is not an
    /// ltsflow one of this version is the same error.
    public func store(actor: String?) async throws(StoreError) -> PostgresStore {
        do {
            try PostgresStore.check(actor: actor, target: target)
        } catch {
            discard()
            throw error
        }
        let store: PostgresStore
        do {
            store = try await opening.value
        } catch {
            throw PostgresConnector.storeError(error, target: target)
        }
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
            if let store = try? await opening.value { await store.close() }
        }
    }
}
#endif
