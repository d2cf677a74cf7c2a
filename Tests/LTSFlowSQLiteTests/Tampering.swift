import Foundation
import GRDB
@testable import LTSFlowSQLite

extension SQLiteStore {
    /// Raw SQL that bypasses the store, as a careless person with the sqlite3 shell would.
    func tamper(_ sql: String) throws {
        try writer.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
