#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import Logging
import PostgresNIO
import Synchronization

/// The ``UpgradeStore`` of a team: one PostgreSQL database shared by every `ltsflow`, through
/// one connection per command (docs/team.md).
///
/// Every change is one transaction that locks the customer's active upgrade row
/// (`SELECT … FOR UPDATE`) before it reads the state and runs the engine; a serialization
/// failure or deadlock is retried a few times with jitter. The database itself enforces the
/// audit trail (the actor is the login, history is append-only) and what only an admin may do;
/// the adapter turns its refusals into ``ServerFailure`` values.
public final class PostgresStore: UpgradeStore {
    /// How many times a transaction is tried when the server aborts it for a serialization
    /// failure or a deadlock.
    static let attempts = 5

    public let target: PostgresTarget
    let connection: PostgresConnection
    let definitions = DefinitionCache()
    /// What the login may do, read when the store was opened.
    public let access: Access
    /// Set when this process closes the connection itself.
    let closing = ClosingFlag()
    /// One transaction at a time on the connection.
    let session = SessionLock()
    /// PostgresNIO's logger: it logs nothing (every failure reaches the command as an error,
    /// worded there), and setting its metadata on each query costs nothing either.
    static let logger = Logger(label: "ltsflow.postgres") { _ in SwiftLogNoOpLogHandler() }
    var logger: Logger { Self.logger }

    /// What a login may do in an ltsflow database, by its roles.
    public struct Access: Sendable, Equatable {
        public var canRead: Bool
        public var canWrite: Bool
        public var isAdmin: Bool
    }

    init(target: PostgresTarget, connection: PostgresConnection, access: Access) {
        self.target = target
        self.connection = connection
        self.access = access
    }

    /// Opens the database for a command: connects once and checks that it holds an ltsflow schema
    /// this build knows. Writes nothing.
    ///
    /// - Parameter actor: The actor named explicitly (`--as`, `LTSFLOW_ACTOR`), if any: on a
    ///   server it must be the login.
    /// - Throws: ``StoreError/server(_:_:)`` with ``ServerFailure/notMigrated`` for a database
    ///   without the schema, ``ServerFailure/foreignDatabase`` for another application's,
    ///   ``ServerFailure/newerSchema(found:known:)``, or the connection's failure.
    public static func open(_ target: PostgresTarget, actor: String? = nil) async throws(StoreError) -> PostgresStore {
        try check(actor: actor, target: target)
        let connection = try await PostgresConnector.connect(target)
        do {
            let access = try await checkSchema(connection, target: target)
            return PostgresStore(target: target, connection: connection, access: access)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// An actor named explicitly must be the login: history records the login, and the
    /// database refuses an event in another name.
    static func check(actor: String?, target: PostgresTarget) throws(StoreError) {
        if let actor, actor != target.user {
            throw .server(target.description, .actorIsNotLogin(actor: actor, login: target.user))
        }
    }

    /// The schema version and the login's roles, in one round trip in the usual case: a row per
    /// migration applied, with the login's three memberships (the newest version is the
    /// schema's; the client takes the largest of a handful of rows rather than the server
    /// planning `max()`, 0.4 ms of a new backend's time).
    private static func checkSchema(_ connection: PostgresConnection, target: PostgresTarget) async throws(StoreError) -> Access {
        var newest: Int?
        var access = Access(canRead: false, canWrite: false, isAdmin: false)
        do {
            let rows = try await connection.query("""
                SELECT version, pg_has_role('ltsflow_viewer', 'MEMBER'), pg_has_role('ltsflow_csm', 'MEMBER'),
                       pg_has_role('ltsflow_admin', 'MEMBER')
                FROM ltsflow_schema
                """, logger: logger)
            for try await row in rows {
                let cells = row.makeRandomAccess()
                let version = try cells.int(0)
                let (viewer, csm, admin) = (try cells.bool(1), try cells.bool(2), try cells.bool(3))
                newest = max(newest ?? version, version)
                access = Access(canRead: viewer || csm || admin, canWrite: csm || admin, isAdmin: admin)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
            // ltsflow_schema is readable by the three roles only.
            throw .server(target.description, .noRole(user: target.user))
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" || error.serverInfo?[.sqlState] == "42704" {
            // No ltsflow_schema table (42P01), or no ltsflow roles on this server (42704).
            throw .server(target.description, try await hasOtherTables(connection, target: target) ? .foreignDatabase : .notMigrated)
        } catch {
            throw PostgresConnector.storeError(error, target: target)
        }
        guard let version = newest else { throw .server(target.description, .notMigrated) }
        if version > PostgresSchema.version {
            throw .server(target.description, .newerSchema(found: version, known: PostgresSchema.version))
        }
        if version < PostgresSchema.version { throw .server(target.description, .notMigrated) }
        guard access.canRead else { throw .server(target.description, .noRole(user: target.user)) }
        return access
    }

    /// Whether the database holds tables of its own (another application's, when it has no ltsflow schema).
    static func hasOtherTables(_ connection: PostgresConnection, target: PostgresTarget) async throws(StoreError) -> Bool {
        do {
            let rows = try await connection.query("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%'
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count > 0 }
            return false
        } catch {
            throw PostgresConnector.storeError(error, target: target)
        }
    }

    /// Whether the connection is closed (by this process, the server or the network).
    var isClosed: Bool { connection.isClosed }

    /// Closes the connection (a command's last step).
    public func close() async {
        closing.set()
        try? await connection.close()
    }

    /// Calls `handler` if the server or the network closes the connection (a restart, a
    /// terminated backend, a cut): an await on a dead connection must not wait for ever.
    public func onConnectionLost(_ handler: @escaping @Sendable () -> Void) {
        let closing = closing
        connection.closeFuture.whenComplete { _ in
            if !closing.isSet { handler() }
        }
    }

    deinit {
        closing.set()
        // The connection must outlive its closing (PostgresNIO checks it): the completion holds it.
        let connection = connection
        connection.close().whenComplete { _ in _ = connection }
    }

    // MARK: Transactions

    /// Runs `body` in one read-committed transaction: committed when it returns, rolled back
    /// when it throws. A serialization failure or deadlock runs it again (``attempts`` in all,
    /// with a growing random pause); server errors become ``StoreError``, the caller's errors
    /// (the engine's refusal) pass through. Transactions on one store wait for each other
    /// (``SessionLock``: the web board's requests share a store).
    ///
    /// A change's statements and `body` run on the connection's event loop (``LoopExecutor``:
    /// a statement is sent where the previous one's answer arrived), and so does the caller
    /// until it next suspends: `body` must never wait for anything the connection delivers. A
    /// read stays on Swift's pool, where the board's long reads (every upgrade decided) keep
    /// the loop free for the other requests.
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        if !readOnly && !access.canWrite { throw StoreError.server(target.description, .readOnlyLogin(user: target.user)) }
        await session.acquire()
        defer { session.release() }
        if readOnly { return try await attempts(readOnly: true, body) }
        return try await withTaskExecutorPreference(PostgresConnector.executor) {
            try await attempts(readOnly: false, body)
        }
    }

    /// ``transaction(readOnly:_:)``'s tries.
    private func attempts<T>(readOnly: Bool, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await connection.query(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            } catch let error as PSQLError where PostgresConnector.isRetryable(error) && attempt < Self.attempts {
                let pause = UInt64.random(in: 1...UInt64(10 << attempt)) * 1_000_000
                try? await Task.sleep(nanoseconds: pause)
            } catch let error as PSQLError {
                throw PostgresConnector.storeError(error, target: target)
            } catch let error as PostgresDecodingError {
                throw StoreError.database("a stored value cannot be read: column \(error.columnName) (\(error.code))")
            }
        }
    }

    /// Runs an import of histories in other people's names: the audit trail refuses it from any
    /// login but the tables' owner, which this words as ``ServerFailure/importNeedsOwner(user:)``.
    func asOwner<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.server(let server, .actorIsNotLogin) {
            throw StoreError.server(server, .importNeedsOwner(user: target.user))
        }
    }

    /// ``transaction(readOnly:_:)`` for bodies that only throw store and server errors.
    func storeTransaction<T>(readOnly: Bool = false, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await transaction(readOnly: readOnly, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw PostgresConnector.storeError(error, target: target)
        }
    }

    /// One consistent read (a repeatable-read, read-only transaction).
    func read<T>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await storeTransaction(readOnly: true, body)
    }

    /// Every row of a query, read in full.
    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var rows: [PostgresRandomAccessRow] = []
        for try await row in try await connection.query(query, logger: logger) { rows.append(row.makeRandomAccess()) }
        return rows
    }
}
/// Whether this process closed its connection itself (an atomic flag, shared with the
/// connection's close callback).
final class ClosingFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}
#endif
