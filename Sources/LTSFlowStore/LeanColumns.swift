import Foundation
import GRDB
import GRDBSQLite
import LTSFlowEngine

/// The text of a column of the current row, in place: valid until the statement steps again.
///
/// What the `blocked` list reads for each of thousands of rows is mostly a handful of repeated
/// values (regions, zones, versions, stage ids, statuses, fact keys): reading them as bytes and
/// looking them up in an ``Interned`` table costs no allocation, where making a `String` of
/// each costs one (and its release) per column per row.
struct ColumnBytes {
    let statement: SQLiteStatement

    /// The column's bytes up to the first NUL (as GRDB's `String(cString:)` reads text); nil
    /// for NULL.
    func callAsFunction(_ index: Int) -> UnsafeBufferPointer<UInt8>? {
        guard let text = sqlite3_column_text(statement, CInt(index)) else { return nil }
        let bytes = Int(sqlite3_column_bytes(statement, CInt(index)))
        let count = text.withMemoryRebound(to: CChar.self, capacity: bytes) { strnlen($0, bytes) }
        return UnsafeBufferPointer(start: text, count: count)
    }

    func string(_ index: Int) -> String? {
        self(index).map { String(decoding: $0, as: UTF8.self) }
    }

    func int64(_ index: Int) -> Int64 {
        sqlite3_column_int64(statement, CInt(index))
    }
}

/// Values made once per distinct text of a column (up to `limit` texts; others are made each
/// time), found again by comparing bytes.
struct Interned<Value> {
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    private let limit: Int
    private let make: (UnsafeBufferPointer<UInt8>) throws -> Value

    init(limit: Int = 32, _ make: @escaping (UnsafeBufferPointer<UInt8>) throws -> Value) {
        self.limit = limit
        self.make = make
    }

    mutating func callAsFunction(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Value {
        for i in keys.indices where keys[i].count == bytes.count {
            if bytes.isEmpty || keys[i].withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return values[i]
            }
        }
        let value = try make(bytes)
        if keys.count < limit {
            keys.append(Array(bytes))
            values.append(value)
        }
        return value
    }
}

extension Interned where Value == String {
    /// Strings, decoded once per distinct text.
    init(limit: Int = 32) {
        self.init(limit: limit) { String(decoding: $0, as: UTF8.self) }
    }
}

/// SQLite's BINARY collation: bytes compared as unsigned, a prefix first.
func binaryOrder(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0 {
        let result = memcmp(a.baseAddress!, b.baseAddress!, common)
        if result != 0 { return Int(result) }
    }
    return a.count - b.count
}
