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
            self = .locked(path: path, seconds: Int(SQLiteStore.busyTimeout), detail: detail, code: error.extendedResultCode.rawValue)
        case .SQLITE_READONLY:
            self = .cannotOpen(path: path, reason: .cannotWrite(detail))
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            self = .cannotOpen(path: path, reason: .cannotOpenFile(detail))
        case .SQLITE_NOTADB:
            self = .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            self = .damaged(path: path, detail: detail)
        case .SQLITE_FULL:
            self = .diskFull(path: path)
        case .SQLITE_IOERR:
            self = .inputOutput(path: path, detail: detail)
        default:
            self = .database(detail)
        }
    }
}
