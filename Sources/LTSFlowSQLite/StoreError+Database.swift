import Foundation
import LTSFlowCore
import GRDB

extension StoreError {
    /// The store error for any failure met while using the database at `path`: a ``StoreError``
    /// as it is, an SQLite error in words a user can act on.
    ///
    /// `SQLITE_BUSY` never reaches a caller as such: writers wait ``SQLiteStore/busyTimeout``
    /// seconds for the lock, and only then is it reported, as a sentence.
    init(_ error: any Error, path: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .database(String(describing: error))
            return
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .database("the database \(path) stayed locked by another ltsflow process for more than "
                + "\(Int(SQLiteStore.busyTimeout)) seconds (\(detail), code \(error.extendedResultCode.rawValue)); nothing was changed. "
                + "Try again, and look for a stuck ltsflow process if it persists")
        case .SQLITE_READONLY:
            self = .cannotOpen(path: path, reason: "the database cannot be written (\(detail)); check the permissions of the file, "
                + "its -wal and -shm files and its directory")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            self = .cannotOpen(path: path, reason: "\(detail); check that the directory exists and is writable")
        case .SQLITE_NOTADB:
            self = .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            self = .database("the database \(path) is damaged (\(detail)); restore it from a backup, or move it aside and start anew")
        case .SQLITE_FULL:
            self = .database("the disk holding \(path) is full; nothing was changed. Free some space and try again")
        case .SQLITE_IOERR:
            self = .database("input/output error on \(path) (\(detail)); check the disk and try again")
        default:
            self = .database(detail)
        }
    }
}
