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
/// arrive as one value, walked here in place. Each upgrade: the customer id as the server sends
/// any text (`textsend`: its bytes in the connection's encoding, as a `text` column arrives)
/// and a 0 byte (a `text` never holds one), the upgrade's id (8 bytes, big-endian, `int8send`),
/// then the kept blockers' length (4 bytes, `int4send`) and bytes (``BlockerSnapshotCoding``)
/// when they hold, or the length -1 when they do not (none kept, or kept for other events,
/// rules or moment). `convert_to(…, 'UTF8')` with a length before the id cost the server a third
/// of the query (it looks the encoding up by name on every call). The value is in no particular
/// order: an `ORDER BY` inside the aggregate sorts the whole values and cost the server more
/// than the rest of the query (about 10 ms at 10,000 customers); the client sorts the short ids
/// instead.
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
        SELECT string_agg(textsend(upgrade.customer_id) || decode('00', 'hex') || int8send(upgrade.id)
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

    /// Where one upgrade is in the value.
    private struct Span {
        let customer: Range<Int>
        let upgradeID: Int64
        let blockers: Range<Int>?
    }

    /// Nil for a NULL value (no active upgrade).
    ///
    /// - Throws: ``StoreError/database(_:)`` when the value is cut short.
    init?(_ value: ByteBuffer?) throws(StoreError) {
        guard let value else { return nil }
        bytes = value
        let walked: (entries: [Entry], undecided: [Int64])? = value.withUnsafeReadableBytes { raw in
            let raw = raw.assumingMemoryBound(to: UInt8.self)
            guard var spans = Self.spans(raw) else { return nil }
            // By the ids' bytes, compared where they are: no string made or compared.
            spans.sort { binaryOrder(UnsafeBufferPointer(rebasing: raw[$0.customer]), UnsafeBufferPointer(rebasing: raw[$1.customer])) < 0 }
            var undecided: [Int64] = []
            let entries = spans.map { span in
                if span.blockers == nil { undecided.append(span.upgradeID) }
                return Entry(customer: String(decoding: UnsafeBufferPointer(rebasing: raw[span.customer]), as: UTF8.self),
                             upgradeID: span.upgradeID, blockers: span.blockers)
            }
            return (entries, undecided)
        }
        guard let walked else { throw Self.cutShort }
        (entries, undecided) = walked
    }

    /// Each upgrade's place in `raw`, in the value's order; nil when it is cut short.
    private static func spans(_ raw: UnsafeBufferPointer<UInt8>) -> [Span]? {
        var spans: [Span] = []
        var offset = 0
        let end = raw.count
        while offset < end {
            guard let idEnd = raw[offset...].firstIndex(of: 0), end - idEnd >= 13 else { return nil }
            let upgradeID = Int64(bigEndian: UnsafeRawPointer(raw.baseAddress! + idEnd + 1).loadUnaligned(as: Int64.self))
            let keptLength = Int(Int32(bigEndian: UnsafeRawPointer(raw.baseAddress! + idEnd + 9).loadUnaligned(as: Int32.self)))
            let start = idEnd + 13
            guard keptLength <= end - start else { return nil }
            let kept = keptLength < 0 ? nil : start..<start + keptLength
            spans.append(Span(customer: offset..<idEnd, upgradeID: upgradeID, blockers: kept))
            offset = kept?.upperBound ?? start
        }
        return spans
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
