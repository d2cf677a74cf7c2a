import Foundation
import LTSFlowCore
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks and creation of the database file, done before GRDB opens it for writing.
///
/// GRDB (and SQLite) would happily turn any file into a database or convert another
/// application's database to WAL; these checks make sure ltsflow writes only to a file that is
/// new, empty, or already an ltsflow database of a schema it knows.
enum DatabaseFile {
    /// The first 16 bytes of every SQLite 3 database.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Creates the missing directories (0700) and the file (0600), and refuses files that are
    /// not SQLite or cannot be written.
    static func prepare(_ path: String) throws(StoreError) {
        let directory = parentDirectory(of: path)
        try makeDirectories(directory, for: path)
        try checkWritable(directory, for: path, isDirectory: true)

        var info = stat()
        if stat(path, &info) == 0 {
            try checkExisting(path, info)
            return
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            // Another process created it first: check it like any existing file.
            if code == EEXIST, stat(path, &info) == 0 {
                try checkExisting(path, info)
                return
            }
            throw .cannotOpen(path: path, reason: .cannotCreateFile(describe(code)))
        }
        // The umask may have removed bits: set exactly 0600. SQLite gives the -wal and -shm
        // files the permissions of the database file.
        _ = fchmod(fd, 0o600)
        close(fd)
    }

    /// Refuses a file that is not an ltsflow database or that is of a newer schema, reading it
    /// with a connection that only reads, so that nothing is written.
    ///
    /// The connection is not opened read-only on purpose: in a WAL database SQLite creates the
    /// `-wal` and `-shm` files for any connection, and only a connection that may write removes
    /// them when it closes. A read-only one would leave them beside a file it then refuses.
    ///
    /// What ``inspect(_:)`` found: a file to create or migrate, or one with every migration
    /// of this build already applied.
    enum Inspection { case needsMigration, current }

    @discardableResult
    static func inspect(_ path: String) throws(StoreError) -> Inspection {
        try inspect(path, keepingConnection: false).0
    }

    /// ``inspect(_:)``, and when the file is current and `keepingConnection` is set, the
    /// connection it was inspected with (it only ever reads), for a command that only reads.
    ///
    /// - Parameter configuration: The connection's settings when it is kept (it reads nothing
    ///   but the header and the migration table, and writes nothing, with any settings).
    static func inspect(_ path: String, keepingConnection: Bool,
                        configuration: Configuration? = nil) throws(StoreError) -> (Inspection, DatabaseQueue?) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return (.needsMigration, nil) }
        var config = configuration ?? Configuration()
        config.busyMode = .timeout(SQLiteStore.busyTimeout)
        enum Verdict { case ours, current, foreign, newer }
        let verdict: Verdict
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            verdict = try queue.read { db -> Verdict in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                guard applicationID == Schema.applicationID else {
                    // An SQLite file with no table is as good as new. GRDB creates its empty
                    // migration table just before the first migration, so another process may
                    // be caught between the two: that is a new database too.
                    let objects = try String.fetchAll(db, sql: #"SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'"#)
                    if applicationID == 0, objects.allSatisfy({ $0 == "grdb_migrations" }),
                       try objects.isEmpty || Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0 {
                        return .ours
                    }
                    return .foreign
                }
                let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                if userVersion > Schema.version { return .newer }
                let migrator = Schema.migrator
                if try migrator.hasBeenSuperseded(db) { return .newer }
                return try userVersion == Schema.version && migrator.hasCompletedMigrations(db) ? .current : .ours
            }
            if verdict == .current && keepingConnection { return (.current, queue) }
            try queue.close()
        } catch {
            throw StoreError(error, path: path)
        }
        switch verdict {
        case .ours: return (.needsMigration, nil)
        case .current: return (.current, nil)
        case .foreign: throw .notADatabase(path: path)
        case .newer: throw .newerSchema(path: path)
        }
    }

    // MARK: Read-only copies

    /// Whether ltsflow may not write the file or its directory (SQLite writes its `-wal` and
    /// `-shm` files there): not writable, or marked read-only by its owner (root could write
    /// it anyway; ltsflow respects the mark).
    static func isReadOnly(_ path: String) -> Bool {
        func blocked(_ target: String, _ mode: Int32) -> Bool {
            var info = stat()
            let marked = stat(target, &info) == 0 && info.st_uid == geteuid() && info.st_mode & S_IWUSR == 0
            return marked || access(target, mode) != 0
        }
        return blocked(path, W_OK) || blocked(parentDirectory(of: path), W_OK | X_OK)
    }

    /// Opens a database ltsflow may not write as an immutable, read-only snapshot
    /// (`file:…?immutable=1`): SQLite then needs no `-shm` file, which a WAL database otherwise
    /// needs even to read, and writes nothing. The file must be an ltsflow database with every
    /// migration of this build: migrating needs write access.
    static func openReadOnly(_ path: String, configuration: Configuration) throws(StoreError) -> DatabaseQueue {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .noDatabase(path: path) }
        guard info.st_mode & S_IFMT == S_IFREG, access(path, R_OK) == 0 else {
            throw .cannotOpen(path: path, reason: .cannotRead(describe(errno)))
        }
        try checkHeader(path)
        var config = configuration
        config.readonly = true
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var escaped = ""
        for character in absolute {
            switch character {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(character)
            }
        }
        do {
            let queue = try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: config)
            let verdict = try queue.read { db -> Inspection? in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID else { return nil }
                if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 > Schema.version || Schema.migrator.hasBeenSuperseded(db) {
                    throw StoreError.newerSchema(path: path)
                }
                return try Schema.migrator.hasCompletedMigrations(db) ? .current : .needsMigration
            }
            guard let verdict else { throw StoreError.notADatabase(path: path) }
            guard verdict == .current else {
                throw StoreError.cannotOpen(path: path, reason: .olderReadOnly)
            }
            return queue
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(error, path: path)
        }
    }

    // MARK: Helpers

    private static func checkExisting(_ path: String, _ info: stat) throws(StoreError) {
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .cannotOpen(path: path, reason: .notARegularFile(isDirectory: info.st_mode & S_IFMT == S_IFDIR))
        }
        guard access(path, R_OK) == 0 else {
            throw .cannotOpen(path: path, reason: .cannotRead(describe(errno)))
        }
        if info.st_size > 0 {
            try checkHeader(path)
        }
        try checkWritable(path, for: path, isDirectory: false)
    }

    /// A non-empty file must start with the SQLite header; it is only read.
    private static func checkHeader(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: .cannotRead(describe(errno))) }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { read(fd, $0.baseAddress, 16) }
        guard count == 16, header == sqliteHeader else { throw .notADatabase(path: path) }
    }

    /// Refuses a file or directory that cannot be written, or whose owner marked it read-only
    /// (root could write to it anyway; ltsflow respects the mark).
    private static func checkWritable(_ target: String, for path: String, isDirectory: Bool) throws(StoreError) {
        var info = stat()
        let markedReadOnly = stat(target, &info) == 0 && info.st_uid == geteuid() && info.st_mode & S_IWUSR == 0
        guard access(target, isDirectory ? W_OK | X_OK : W_OK) == 0, !markedReadOnly else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            if isDirectory {
                throw .cannotOpen(path: path, reason: .readOnlyDirectory(target, mode: mode))
            }
            throw .cannotOpen(path: path, reason: .readOnlyFile(mode: mode))
        }
    }

    /// `mkdir -p` with mode 0700 for each directory it creates.
    private static func makeDirectories(_ directory: String, for path: String) throws(StoreError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw .cannotOpen(path: path, reason: .notADirectory(directory))
            }
            return
        }
        let parent = parentDirectory(of: directory)
        if parent != directory {
            try makeDirectories(parent, for: path)
        }
        if mkdir(directory, 0o700) != 0 {
            let code = errno
            guard code == EEXIST else {
                throw .cannotOpen(path: path, reason: .cannotCreateDirectory(directory, reason: describe(code)))
            }
            return
        }
        _ = chmod(directory, 0o700)
    }

    /// The directory holding `path`, as `dirname` gives it: "." for a bare name, "/" for a name
    /// at the root. (Foundation's `deletingLastPathComponent` crashes on paths such as ".", "x/"
    /// or "a//b.sqlite" on Linux.)
    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var parent = trimmed[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent.removeLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
