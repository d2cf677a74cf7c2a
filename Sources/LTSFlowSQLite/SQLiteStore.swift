import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

/// The ``UpgradeStore`` shipped with ltsflow: one SQLite file, shared safely by concurrent
/// processes.
///
/// A file database is opened as one GRDB `DatabaseQueue` in WAL mode: readers in other processes
/// never wait for the writer, and writers from other processes wait up to ``busyTimeout`` for the
/// lock instead of failing.
/// Every change runs in one `BEGIN IMMEDIATE` transaction that reads the state, asks the caller
/// (the engine) for the events, and writes the events and the new state before committing, so
/// two processes can neither lose an update nor make the same transition twice.
///
/// Opening a file never damages it: a file that is not SQLite, another application's SQLite
/// database, or a database written by a newer ltsflow is refused before anything is written
/// (see `docs/storage.md`).
public final class SQLiteStore: UpgradeStore {
    /// How long a write waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 15

    /// The database file, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter
    /// The process's one cache of parsed pinned definitions (doctor's replay, the demo's import).
    let definitions = DefinitionCache.shared

    /// Opens (creating it if needed) the ltsflow database at `path`.
    ///
    /// Missing directories are created with mode 0700 and a new file with mode 0600. An existing
    /// file is checked before anything is written to it.
    ///
    /// - Parameter path: The database file; `:memory:` for a private in-memory database.
    /// - Throws: ``StoreError/notADatabase(path:)`` for a file that is not SQLite or belongs to
    ///   another application, ``StoreError/newerSchema(path:)`` for a database written by a newer
    ///   ltsflow, ``StoreError/cannotOpen(path:reason:)`` when the file or its directory cannot be
    ///   created or written. In each case the file is left as it was.
    public convenience init(path: String) throws(StoreError) {
        if path == ":memory:" {
            self.init(path: path, connection: try Self.opening(path) { try DatabaseQueue(configuration: Self.configuration()) })
            try migrate()
        } else {
            try DatabaseFile.prepare(path)
            // A file that already has every migration of this build (the usual case) is changed
            // through the connection that inspected it, and needs none of the migrator's reads
            // and checks (it would find nothing to do): one connection opened, not two.
            if case (.current, let inspection?) = try DatabaseFile.inspect(path, keepingConnection: true,
                                                                          configuration: Self.configuration()) {
                if try Self.isWAL(inspection, path: path) {
                    self.init(path: path, connection: inspection)
                    return
                }
                try? inspection.close()
            }
            self.init(path: path, connection: try Self.opening(path) { try DatabaseQueue(path: path, configuration: Self.fileConfiguration()) })
            try migrate()
        }
    }

    /// Opens the ltsflow database at `path` for a command that only reads.
    ///
    /// A database that already has every migration of this build is read through one
    /// connection and no write (no WAL pragma, no migrator): the one the safety inspection
    /// opened (``DatabaseFile/inspect(_:keepingConnection:configuration:)``), kept. It is a
    /// connection that may write but only reads, so that, closing last, it removes the `-wal`
    /// and `-shm` files SQLite creates beside a WAL database for any reader (a read-only one
    /// cannot, and a read must not leave files behind). Anything else (a new, empty or older
    /// file) is opened as by ``init(path:)``, created and migrated, exactly as a command that
    /// writes would.
    ///
    /// A read never creates a database: a missing file is ``StoreError/noDatabase(path:)``. A
    /// file that ltsflow may not write (a copy someone was sent, in a read-only directory) is
    /// read as an immutable snapshot, with no `-wal` or `-shm` file: see
    /// ``DatabaseFile/openReadOnly(_:configuration:)``.
    ///
    /// - Throws: what ``init(path:)`` throws, and ``StoreError/noDatabase(path:)``.
    public convenience init(readingPath path: String) throws(StoreError) {
        guard path != ":memory:" else {
            try self.init(path: path)
            return
        }
        guard FileManager.default.fileExists(atPath: path) else { throw .noDatabase(path: path) }
        if DatabaseFile.isReadOnly(path) {
            self.init(path: path, connection: try DatabaseFile.openReadOnly(path, configuration: Self.configuration()))
            return
        }
        try DatabaseFile.prepare(path)
        guard case (.current, let inspection?) = try DatabaseFile.inspect(path, keepingConnection: true,
                                                                         configuration: Self.configuration()) else {
            try self.init(path: path)
            return
        }
        self.init(path: path, connection: inspection)
    }

    /// Opens the ltsflow database at `path` for one short-lived change (a command line process):
    /// the same single WAL connection as ``init(path:)``; every change runs in one
    /// `BEGIN IMMEDIATE` transaction with the busy timeout.
    ///
    /// - Throws: what ``init(path:)`` throws.
    public convenience init(changingPath path: String) throws(StoreError) {
        try self.init(path: path)
    }

    private init(path: String, connection: any DatabaseWriter) {
        self.path = path
        writer = connection
    }

    /// A private database in memory, for tests and dry runs.
    public static func inMemory() throws(StoreError) -> SQLiteStore {
        try SQLiteStore(path: ":memory:")
    }

    /// One connection in WAL mode: a command is one short process with one thing to do, so a
    /// pool of readers buys nothing, and GRDB's pool writes a throw-away table on every open
    /// to make sure a `-wal` file exists. `journal_mode = WAL` is stored in the file: setting it
    /// again on an existing database writes nothing.
    static func fileConfiguration() -> Configuration {
        var config = configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Whether a connection's file is in WAL mode (ours always are, from their creation; the mode
    /// is stored in the file), then set up as ``fileConfiguration()`` sets up a new connection.
    /// A file someone turned back to another mode is opened anew, which turns it to WAL again.
    private static func isWAL(_ connection: DatabaseQueue, path: String) throws(StoreError) -> Bool {
        do {
            return try connection.inDatabase { db in
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal" else { return false }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                return true
            }
        } catch {
            throw StoreError(error, path: path)
        }
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.label = "ltsflow"
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        // The -wal file is not kept after the last connection closes (SQLITE_FCNTL_PERSIST_WAL
        // would save a few hundred microseconds per command): a closed database is then one
        // self-contained file that can be copied, checked and compared byte for byte, which
        // the reliability suite relies on.
        return config
    }

    /// Opens a connection, retrying while another process holds a lock it needs.
    ///
    /// Turning a new file to WAL (`PRAGMA journal_mode = WAL`) needs an exclusive lock and SQLite
    /// does not wait for it with the busy handler, so processes opening a new database at the
    /// same moment would fail; they retry for up to ``busyTimeout`` seconds instead.
    private static func opening<W>(_ path: String, _ open: () throws -> W) throws(StoreError) -> W {
        let deadline = DispatchTime.now() + busyTimeout
        while true {
            do {
                return try open()
            } catch let error as DatabaseError
                        where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && DispatchTime.now() < deadline {
                usleep(useconds_t.random(in: 5_000...25_000))
            } catch {
                throw StoreError(error, path: path)
            }
        }
    }

    /// Runs the migrations this build knows.
    ///
    /// GRDB reads the applied migrations before it takes the write lock, so two processes opening
    /// a new file at once may both try the first migration; the loser's transaction fails and
    /// rolls back. A failure is therefore accepted when, read again, every migration is applied.
    private func migrate() throws(StoreError) {
        let migrator = Schema.migrator
        var attempt = 0
        while true {
            attempt += 1
            do {
                try migrator.migrate(writer)
                break
            } catch {
                let complete = (try? writer.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                if complete { break }
                if attempt >= 5 { throw StoreError(error, path: path) }
            }
        }
        let superseded: Bool
        do {
            superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
        } catch {
            throw StoreError(error, path: path)
        }
        if superseded { throw .newerSchema(path: path) }
    }

    // MARK: Transactions

    /// Runs `updates` in one `BEGIN IMMEDIATE` transaction through GRDB's async API: committed
    /// when it returns, rolled back when it throws. Database errors become ``StoreError``; the
    /// caller's errors pass through.
    func writeImmediate<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try updates(db)
                    return .commit
                }
                guard let result else { preconditionFailure("a committed transaction always has a result") }
                return result
            }
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// ``writeImmediate(_:)`` for bodies that only throw store and database errors.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writeImmediate(updates)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// One consistent read through GRDB's async API: every query in `body` sees the same snapshot.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw StoreError(error, path: path)
        }
    }

    /// One consistent read that hands rows to the caller's synchronous consumer as they are
    /// read (``forEachProgress(_:)``, ``forEachBlockerWork(customer:now:rules:kept:_:)``): GRDB
    /// lends a connection only to a synchronous closure, and the consumer is neither `Sendable`
    /// nor async, so this one read goes through GRDB's synchronous API on the calling thread.
    /// Database errors become ``StoreError``, the caller's own errors pass through unchanged.
    func readPassingErrors<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }
}
