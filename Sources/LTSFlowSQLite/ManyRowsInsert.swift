import GRDB

/// `INSERT INTO table (columns) VALUES (…), (…), …`: many rows of one table per statement, for
/// an import that writes hundreds of thousands of rows in one transaction.
///
/// One statement per row costs GRDB's argument checks and SQLite's statement start and end (its
/// cursors opened and closed) for every row; the demo's fill spent more there than in the
/// inserts themselves. Rows go in order, so triggers and foreign keys see each row as after
/// single-row inserts. The statements, one per number of rows up to ``maxRows``, are the
/// connection's cached statements (prepared once per connection, looked up once per
/// transaction): make one `ManyRowsInsert` per transaction.
struct ManyRowsInsert {
    /// Rows per statement at most: 32 rows of `event`'s ten columns are 320 arguments, far
    /// below SQLite's limit of 32,766.
    static let maxRows = 32

    private let table: String
    private let names: [String]
    let columns: Int
    private var statements: [Statement?] = Array(repeating: nil, count: maxRows + 1)

    /// - Parameter columns: The column names, in the order of each row's values.
    init(table: String, columns: [String]) {
        self.table = table
        names = columns
        self.columns = columns.count
    }

    /// `INSERT INTO table (columns) VALUES` and `rows` rows of placeholders: the one-row form is
    /// also the single-row statements' (`EventRow.insertSQL`, `StageStateRow.upsertSQL`), so the
    /// column order has one source.
    static func sql(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Inserts the rows whose values follow each other in `values` (``columns`` per row).
    ///
    /// Each value is bound by its own type's ``StatementBinding`` conformance (GRDB's binding
    /// of a `String`, an `Int64`…), not through a ``StatementArguments``: turning hundreds of
    /// values into one took GRDB's generic code a third of the writing thread's time.
    /// `setUncheckedArguments` with no argument resets the statement and clears its bindings
    /// first; `execute()` then runs it with the values bound here. A statement that fails is
    /// not used again: the error ends the import's transaction.
    mutating func insert(_ db: Database, _ values: [(any DatabaseValueConvertible)?]) throws {
        precondition(values.count % columns == 0, "\(values.count) values are not whole rows of \(columns) columns")
        var start = 0
        while start < values.count {
            let rows = min(Self.maxRows, (values.count - start) / columns)
            let end = start + rows * columns
            let statement = try statement(db, rows: rows)
            statement.setUncheckedArguments(StatementArguments())
            var index: CInt = 1
            for value in values[start..<end] {
                let code = (value ?? DatabaseValue.null).bind(to: statement.sqliteStatement, at: index)
                guard code == ResultCode.SQLITE_OK.rawValue else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot bind argument \(index)", sql: statement.sql)
                }
                index += 1
            }
            try statement.execute()
            start = end
        }
    }

    private mutating func statement(_ db: Database, rows: Int) throws -> Statement {
        if let statement = statements[rows] { return statement }
        let statement = try db.cachedStatement(sql: Self.sql(table: table, columns: names, rows: rows))
        statements[rows] = statement
        return statement
    }
}
