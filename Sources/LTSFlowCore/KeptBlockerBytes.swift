import Foundation

// Helpers of ``BlockerSnapshotCoding``, which decodes kept blockers from the bytes of one value
// (its own format, not columns), and the byte order SQLite's `BriefFacts` walks customer ids in.

/// Values made once per distinct text of a kept-blocker blob (up to `limit` texts; others are
/// made each time), found again by comparing bytes.
package struct Interned<Value> {
    private var keys: [[UInt8]] = []
    private var values: [Value] = []
    private let limit: Int
    private let make: @Sendable (UnsafeBufferPointer<UInt8>) throws -> Value

    package init(limit: Int = 32, _ make: @escaping @Sendable (UnsafeBufferPointer<UInt8>) throws -> Value) {
        self.limit = limit
        self.make = make
    }

    package mutating func callAsFunction(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Value {
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

extension Interned: Sendable where Value: Sendable {}

extension Interned where Value == String {
    /// Strings, decoded once per distinct text.
    package init(limit: Int = 32) {
        self.init(limit: limit) { String(decoding: $0, as: UTF8.self) }
    }
}

/// SQLite's BINARY collation: bytes compared as unsigned, a prefix first.
package func binaryOrder(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(a.count, b.count)
    if common > 0 {
        let result = memcmp(a.baseAddress!, b.baseAddress!, common)
        if result != 0 { return Int(result) }
    }
    return a.count - b.count
}

/// Two strings in SQLite's BINARY collation (their UTF-8 bytes compared as above).
/// Not `String`'s `<`, which compares by Unicode canonical equivalence.
package func binaryOrder(_ a: String, _ b: String) -> Int {
    var (a, b) = (a, b)
    return a.withUTF8 { a in b.withUTF8 { b in binaryOrder(a, b) } }
}
