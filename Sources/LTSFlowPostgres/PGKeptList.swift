#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

/// The active upgrades with their kept blockers, as one `bytea` the server puts together for
/// `blocked` (``sql(oneCustomer:)``), and the walk through it.
///
/// Read as rows, the 10,000 upgrades of a portfolio cost the client more than the server:
/// PostgresNIO decodes every row and every cell on its own. Put together by `string_agg`, they
/// arrive as one value, walked here in place. Each upgrade: the customer id's length (4 bytes,
/// big-endian, as `int4send` writes it) and its UTF-8 bytes, the upgrade's id (8 bytes,
/// `int8send`), then the kept blockers' length and bytes (``BlockerSnapshotCoding``) when they
/// hold, or the length -1 when they do not (none kept, or kept for other events, rules or
/// moment). The value is in no particular order: an `ORDER BY` inside the aggregate sorts the
/// whole values and cost the server half as much again as the query (about 15 ms at 10,000
/// customers); the client sorts the short ids instead.
struct PGKeptList {
    struct Entry {
        let customer: String
        let upgradeID: Int64
        /// Where the kept blockers are in the value; nil when they do not hold.
        let blockers: Range<Int>?
    }

    /// The one row of one column: NULL when there is no active upgrade. `$1` is the rules
    /// revision, `$2` the moment (``KeptSpan/milliseconds(_:)-(Date)``), `$3` the one customer.
    static func sql(oneCustomer: Bool) -> String {
        """
        SELECT string_agg(int4send(octet_length(convert_to(upgrade.customer_id, 'UTF8'))) || convert_to(upgrade.customer_id, 'UTF8')
                          || int8send(upgrade.id)
                          || CASE WHEN \(PGKept.holdsSQL) THEN int4send(octet_length(kept.blockers)) || kept.blockers
                                  ELSE int4send(-1) END,
                          ''::bytea)
        FROM upgrade LEFT JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
        WHERE upgrade.status = 'active'\(oneCustomer ? " AND upgrade.customer_id = $3" : "")
        """
    }

    private let bytes: ByteBuffer
    /// Every active upgrade, by customer id, compared byte by byte as SQLite's BINARY collation and
    /// `COLLATE "C"` order them.
    private(set) var entries: [Entry] = []
    /// The upgrades whose kept blockers do not hold.
    private(set) var undecided: [Int64] = []

    /// Nil for a NULL value (no active upgrade).
    ///
    /// - Throws: ``StoreError/database(_:)`` when the value is cut short.
    init?(_ value: ByteBuffer?) throws(StoreError) {
        guard let value else { return nil }
        bytes = value
        var offset = value.readerIndex
        let end = value.writerIndex
        func length() throws(StoreError) -> Int {
            guard end - offset >= 4, let length = value.getInteger(at: offset, as: Int32.self) else { throw Self.cutShort }
            offset += 4
            return Int(length)
        }
        while offset < end {
            let idLength = try length()
            guard idLength >= 0, end - offset >= idLength + 8, let id = value.getString(at: offset, length: idLength),
                  let upgradeID = value.getInteger(at: offset + idLength, as: Int64.self) else { throw Self.cutShort }
            offset += idLength + 8
            let keptLength = try length()
            guard keptLength <= end - offset else { throw Self.cutShort }
            if keptLength < 0 {
                entries.append(Entry(customer: id, upgradeID: upgradeID, blockers: nil))
                undecided.append(upgradeID)
            } else {
                let start = offset - value.readerIndex
                entries.append(Entry(customer: id, upgradeID: upgradeID, blockers: start..<start + keptLength))
                offset += keptLength
            }
        }
        entries.sort { binaryOrder($0.customer, $1.customer) < 0 }
    }

    private static var cutShort: StoreError { .database("the kept blockers read from the server are cut short") }

    /// The entry's kept blockers; nil when they do not hold or cannot be read.
    func kept(_ entry: Entry) -> KeptBlockers? {
        guard let range = entry.blockers else { return nil }
        return bytes.withUnsafeReadableBytes { raw in
            KeptBlockers(UnsafeBufferPointer(rebasing: raw.assumingMemoryBound(to: UInt8.self)[range]))
        }
    }
}
#endif
