#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

/// Kept blockers (`blocker_snapshot`, schema version 3): written by every change in its own
/// transaction, read by `blocked` while they hold, checked by `doctor`.
enum PGKept {
    /// An SQL expression, over `upgrade` and `blocker_snapshot AS kept`, true when the kept row
    /// answers for the upgrade as it is now: same events, rules `$1`, and the moment `$2`
    /// (``KeptSpan/milliseconds(_:)-(Date)``) in its span.
    static let holdsSQL = """
        (kept.upgrade_id IS NOT NULL AND kept.event_count = upgrade.event_count AND kept.rules = $1
         AND kept.decided_at <= $2 AND (kept.valid_until IS NULL OR kept.valid_until > $2))
        """

    static let columns = ["upgrade_id", "event_count", "rules", "decided_at", "valid_until", "blockers"]

    /// A row of `blocker_snapshot` for a multi-row insert (an import or a copy).
    static func cells(_ upgrade: Int64, eventCount: Int, _ snapshot: BlockerSnapshot) -> [PGCell] {
        let span = KeptSpan.milliseconds(snapshot.validity)
        return [.int(upgrade), .int(Int64(eventCount)), .text(UpgradeMachine.blockerRules), .int(span.decidedAt),
                .optionalInt(span.until), .bytes(BlockerSnapshotCoding.encode(snapshot.blockers))]
    }

    /// Decodes a `bytea` cell of kept blockers; false when the bytes are not a list in the
    /// encoding (nothing is called after the first bad byte).
    static func decode(_ cell: PostgresCell, texts: inout BlockerSnapshotCoding.Texts,
                       _ body: (Blocker) throws -> Void) throws -> Bool {
        guard let buffer = cell.bytes else { return false }
        return try buffer.withUnsafeReadableBytes { raw in
            try BlockerSnapshotCoding.decode(raw.bindMemory(to: UInt8.self), texts: &texts, body)
        }
    }
}

extension PostgresStore {
    // MARK: The blocked list

    /// Every active upgrade (or the one customer's) by customer id, from one snapshot: the
    /// blockers its last change kept when they hold at `now` under `rules`, and the open stages
    /// and facts of every other upgrade with an open stage (read in one pass for all of them),
    /// to decide afresh. With `kept` false, every upgrade is handed out to decide (`doctor`
    /// compares).
    ///
    /// The kept lists come as one value the server puts together (``PGKeptList``): one row
    /// instead of one per upgrade, which the client would decode cell by cell.
    public func forEachBlockerWork(customer: String?, now: Date, rules: String, kept: Bool,
                                   _ body: (BlockerWork) throws -> Void) async throws {
        try await transaction(readOnly: true) { connection in
            guard kept else {
                for open in try await openUpgrades(customer: customer, only: nil, on: connection) { try body(.undecided(open)) }
                return
            }
            var binds = PostgresBindings()
            binds.append(rules)
            binds.append(KeptSpan.milliseconds(now))
            if let customer { binds.append(customer) }
            let found = try await rows(PostgresQuery(unsafeSQL: PGKeptList.sql(oneCustomer: customer != nil), binds: binds),
                                       on: connection)
            guard let list = try PGKeptList(found.first?[0].bytes) else { return }
            var open: [String: OpenUpgradeRows] = [:]
            if !list.undecided.isEmpty {
                // All of them when more than one in eight (a database copied or migrated, not changed since).
                let only = list.undecided.count * 8 > list.entries.count ? nil : list.undecided
                for rows in try await openUpgrades(customer: customer, only: only, on: connection) { open[rows.customer.id] = rows }
            }
            for entry in list.entries {
                if let blockers = list.kept(entry) {
                    try body(.kept(customer: entry.customer, blockers))
                    continue
                }
                // Kept bytes that cannot be read (edited by hand): decided afresh, as one that does not hold.
                if entry.blockers != nil, open[entry.customer] == nil {
                    open[entry.customer] = try await openUpgrades(customer: entry.customer, only: [entry.upgradeID], on: connection).first
                }
                if let rows = open[entry.customer] { try body(.undecided(rows)) }
            }
        }
    }

    /// Every kept blocker list that holds at `now` under `rules`, by customer id.
    public func heldBlockerLists(now: Date, rules: String) async throws(StoreError) -> [HeldBlockerList] {
        try await read { connection in
            var texts = BlockerSnapshotCoding.Texts()
            var lists: [HeldBlockerList] = []
            var binds = PostgresBindings()
            binds.append(rules)
            binds.append(KeptSpan.milliseconds(now))
            for row in try await rows(PostgresQuery(unsafeSQL: """
                SELECT upgrade.customer_id, upgrade.id, upgrade.from_lts, upgrade.to_lts, kept.blockers
                FROM upgrade JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
                WHERE upgrade.status = 'active' AND \(PGKept.holdsSQL)
                ORDER BY upgrade.customer_id COLLATE "C"
                """, binds: binds), on: connection) {
                var found: [Blocker] = []
                let readable = try PGKept.decode(row[4], texts: &texts) { found.append($0) }
                lists.append(HeldBlockerList(customer: try row.string(0), upgradeID: try row.int64(1), from: try row.string(2),
                                             to: try row.string(3), blockers: readable ? found : nil))
            }
            return lists
        }
    }
}
#endif
