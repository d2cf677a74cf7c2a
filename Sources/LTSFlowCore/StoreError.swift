import Foundation
import LTSFlowEngine

/// Why a store could not do what was asked, as data: each case carries the values an edge (the
/// command line, a web API) needs to word it and to hint at what to do. No case says how.
public enum StoreError: Error, Sendable, Equatable {
    /// The file exists and is not an SQLite database, or is another application's.
    case notADatabase(path: String)
    /// The file was written by a newer ltsflow.
    case newerSchema(path: String)
    /// The directory or file cannot be created, opened or written.
    case cannotOpen(path: String, reason: OpenFailure)
    /// A command that only reads was given a path where there is no database (a read never
    /// creates one).
    case noDatabase(path: String)
    /// No customer with this id; `suggestions` are the closest ids.
    case unknownCustomer(String, suggestions: [String])
    case customerExists(String)
    case noUpgrade(customer: String)
    case activeUpgradeExists(customer: String, from: String, to: String)
    /// The definition an upgrade pins (the upgrade, when known) is not in the store.
    case missingDefinition(hash: String, upgrade: Int64?)
    /// A pinned definition's text does not hash to the hash it is pinned under.
    case definitionHashMismatch(workflow: String, pinned: String)
    /// The engine opened an upgrade with no event.
    case emptyOpening
    /// Another process held the write lock for longer than the store waits.
    case locked(path: String, seconds: Int, detail: String, code: Int32)
    /// The database file is damaged.
    case damaged(path: String, detail: String)
    /// The disk holding the database is full; nothing was changed.
    case diskFull(path: String)
    case inputOutput(path: String, detail: String)
    /// A stored value ltsflow does not know (a row edited by hand): the field and the value.
    case unknownStoredValue(what: String, value: String)
    /// A stored list or map that is not valid JSON: the field and the text (its start).
    case invalidStoredJSON(what: String, text: String)
    /// The kept blockers of a customer's upgrade cannot be read.
    case unreadableKeptBlockers(customer: String)
    /// No LTS target is supported at this time, so the demo cannot open upgrades.
    case noDemoTarget(at: Date)
    /// Any other backend failure, with the backend's message.
    case database(String)
}

extension StoreError {
    /// The error for an unknown customer id, naming the closest of the known `ids`: the one
    /// place that picks suggestions, for the tracker and every store.
    public static func unknownCustomer(_ id: String, among ids: [String]) -> StoreError {
        .unknownCustomer(id, suggestions: Suggestions.closest(to: id, among: ids))
    }
}

/// Why a database file or its directory cannot be used.
public enum OpenFailure: Sendable, Equatable {
    /// The file cannot be created; the system's reason.
    case cannotCreateFile(String)
    /// The path is a directory (true) or another kind of file that is not a regular file.
    case notARegularFile(isDirectory: Bool)
    /// The file cannot be read; the system's reason.
    case cannotRead(String)
    /// The directory is marked read-only: SQLite cannot create its journal files.
    case readOnlyDirectory(String, mode: String)
    /// The file is marked read-only.
    case readOnlyFile(mode: String)
    /// A component of the path exists and is not a directory.
    case notADirectory(String)
    /// A directory of the path cannot be created; the directory and the system's reason.
    case cannotCreateDirectory(String, reason: String)
    /// The database refused writing (its files' permissions); the database's message.
    case cannotWrite(String)
    /// The database could not open the file; the database's message.
    case cannotOpenFile(String)
    /// A read-only copy written by an older ltsflow: updating it needs write access.
    case olderReadOnly
}
