import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

/// The reads behind `ltsflow blocked` and `doctor`'s check of kept blockers.
extension SQLiteStore {
    // MARK: The blocked list, streamed

    /// The open stages of active upgrades (by customer id, then workflow order, through the
    /// partial indexes `upgrade_one_active_per_customer` and `stage_state_open_by_upgrade`) with
    /// what deciding their blockers needs: the customer's contract and schedule columns, the
    /// upgrade's versions and pinned hash, every column of the stages.
    static func briefStagesSQL(_ scope: BriefScope) -> String {
        """
        SELECT customer.id, customer.region, customer.time_zone, customer.maintenance_window, customer.sandbox,
               upgrade.id, upgrade.from_lts, upgrade.to_lts, upgrade.workflow_id, upgrade.definition_hash,
               \(StageStateRow.selection)
        FROM upgrade INDEXED BY upgrade_one_active_per_customer
        JOIN customer ON customer.id = upgrade.customer_id
        JOIN stage_state INDEXED BY stage_state_open_by_upgrade ON stage_state.upgrade_id = upgrade.id
        WHERE upgrade.status = 'active' AND stage_state.status IN ('ready', 'active', 'blocked')\(scope.whereSQL)
        ORDER BY upgrade.customer_id, stage_state.position
        """
    }

    /// The facts of every active upgrade, in the same customer order (each upgrade's together).
    static func briefFactsSQL(_ scope: BriefScope) -> String {
        """
        SELECT upgrade.customer_id, fact.key, fact.value
        FROM upgrade INDEXED BY upgrade_one_active_per_customer
        JOIN fact ON fact.upgrade_id = upgrade.id
        WHERE upgrade.status = 'active'\(scope.whereSQL)
        ORDER BY upgrade.customer_id
        """
    }

    /// Calls `body` with each active upgrade of `scope` that has an open stage, by customer id,
    /// in a read already open: the customer carries only its id, region, zone, window and
    /// sandbox; the upgrade only its id, versions, workflow and pinned hash, with its pinned
    /// definition and its open stages in workflow order. `body` completes the rows with the
    /// facts (a ``BriefFacts`` of the same scope, walked side by side) and passes them on;
    /// nothing is held but the upgrade at hand. `texts` keeps the pinned definitions read, for
    /// the next call.
    func forEachOpenUpgradeBrief(_ db: Database, _ scope: BriefScope, texts: inout [String: PinnedDefinition],
                                 _ body: (inout OpenUpgradeRows) throws -> Void) throws {
        let stageStatement = try db.cachedStatement(sql: Self.briefStagesSQL(scope))
        let stageRows = try Row.fetchCursor(stageStatement, arguments: scope.arguments)
        var current: OpenUpgradeRows?
        func finish() throws {
            guard var open = current else { return }
            current = nil
            let hash = open.upgrade.definitionHash
            if texts[hash] == nil { texts[hash] = try fetchDefinition(db, hash: hash) }
            guard let text = texts[hash] else {
                throw StoreError.missingDefinition(hash: hash, upgrade: open.upgrade.id)
            }
            open.definition = text
            try body(&open)
        }
        while let row = try stageRows.next() {
            let upgradeID: Int64 = row[5]
            if current?.upgrade.id != upgradeID {
                try finish()
                current = try Self.openUpgrade(row, id: upgradeID)
            }
            let stage = try StageStateRow(row: row, at: 10)
            current?.stages.append((stage.stageID, stage.state))
        }
        try finish()
    }

    // MARK: The blocked list, from kept blockers

    /// Every active upgrade (or the one customer's, `:customer`) by customer id, whether its
    /// kept blockers hold under rules `:rules` at `:moment`, and those blockers.
    static func keptBlockersSQL(oneCustomer: Bool) -> String {
        """
        SELECT upgrade.customer_id, \(BlockerSnapshotRow.holdsSQL), kept.blockers
        FROM upgrade INDEXED BY upgrade_one_active_per_customer
        LEFT JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
        WHERE upgrade.status = 'active'\(oneCustomer ? " AND upgrade.customer_id = :customer" : "")
        ORDER BY upgrade.customer_id
        """
    }

    /// Goes through the active upgrades by customer id in one snapshot: `kept` gets the
    /// blockers kept for an upgrade (still encoded, ``KeptBlockers``) when they hold at `now`
    /// under `rules` and their bytes read through (``BlockerSnapshotCoding/isReadable(_:)``);
    /// `undecided` gets the open stages and facts of every other upgrade (with an open stage)
    /// to decide them from, as ``forEachOpenUpgradeBrief(_:_:texts:_:)`` reads them: a list
    /// whose bytes do not read through is decided from its rows like one that no longer holds.
    ///
    /// Kept lists are copied into one buffer up to ``keptBatchSize`` at a time
    /// (``KeptBlockers/Batch``) and passed to `kept` when the batch is full, before the next
    /// undecided upgrade, and at the end: the two closures still see the upgrades in customer
    /// order.
    ///
    /// Undecided upgrades are read one by one, by index, while they are few: the usual case
    /// soon after changes, when nearly every kept list holds. Once more than one in eight of
    /// those seen so far (and at least ``undecidedAloneAtLeast``) are undecided (a portfolio
    /// not changed for a while, or a database from before v3), the kept lists are left aside
    /// and every upgrade from the current one on is read in one pass of stages and one of
    /// facts and passed to `undecided`, as before there were kept lists. Nothing is held but
    /// the upgrade at hand and the batch's bytes. Neither closure may call the store.
    func forEachKeptBlockers(customer: String?, now: Date, rules: String,
                             kept: (_ customer: String, _ blockers: KeptBlockers) throws -> Void,
                             undecided: (OpenUpgradeRows) throws -> Void) throws {
        try readPassingErrors { db in
            // The kept lists are read once each, in order: a small page cache, its pages used
            // again and again, instead of SQLite's 2 MB of fresh memory (page faults and heap
            // growth) kept only until the command ends. Set back after the read.
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size")
            try db.execute(sql: "PRAGMA cache_size = \(Self.keptScanCacheSize)")
            defer { if let cacheSize { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") } }
            let keptStatement = try db.cachedStatement(sql: Self.keptBlockersSQL(oneCustomer: customer != nil))
            var arguments: StatementArguments = ["rules": rules, "moment": KeptSpan.milliseconds(now)]
            if let customer { arguments += ["customer": customer] }
            let keptRows = try Row.fetchCursor(keptStatement, arguments: arguments)
            var texts: [String: PinnedDefinition] = [:]
            var batch = KeptBlockers.Batch()
            func decide(_ scope: BriefScope) throws {
                try batch.handOut(kept)
                var facts = try BriefFacts(db, scope)
                try forEachOpenUpgradeBrief(db, scope, texts: &texts) { open in
                    open.facts = try facts.take(for: open.customer.id)
                    try undecided(open)
                }
            }
            var seen = 0, alone = 0
            while let keptRow = try keptRows.next() {
                let id: String = keptRow[0]
                seen += 1
                if keptRow[1], try Self.withBytes(keptRow, 2, { batch.append(customer: id, $0) }) {
                    if batch.count == Self.keptBatchSize { try batch.handOut(kept) }
                    continue
                }
                if alone >= Self.undecidedAloneAtLeast && alone * 8 > seen {
                    return try decide(BriefScope(customer: customer, from: id))
                }
                alone += 1
                try decide(BriefScope(customer: id))
            }
            try batch.handOut(kept)
        }
    }

    public func forEachBlockerWork(customer: String?, now: Date, rules: String, kept: Bool,
                                   _ body: (BlockerWork) throws -> Void) async throws {
        guard kept else {
            return try readPassingErrors { db in
                var texts: [String: PinnedDefinition] = [:]
                var facts = try BriefFacts(db, BriefScope(customer: customer))
                try forEachOpenUpgradeBrief(db, BriefScope(customer: customer), texts: &texts) { open in
                    open.facts = try facts.take(for: open.customer.id)
                    try body(.undecided(open))
                }
            }
        }
        try forEachKeptBlockers(customer: customer, now: now, rules: rules, kept: { id, blockers in
            try body(.kept(customer: id, blockers))
        }, undecided: { rows in
            try body(.undecided(rows))
        })
    }

    public func heldBlockerLists(now: Date, rules: String) async throws(StoreError) -> [HeldBlockerList] {
        try await read { db in
            var texts = BlockerSnapshotCoding.Texts()
            var lists: [HeldBlockerList] = []
            let statement = try db.cachedStatement(sql: """
                SELECT upgrade.customer_id, upgrade.id, upgrade.from_lts, upgrade.to_lts, kept.blockers
                FROM upgrade INDEXED BY upgrade_one_active_per_customer
                JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
                WHERE upgrade.status = 'active' AND \(BlockerSnapshotRow.holdsSQL)
                ORDER BY upgrade.customer_id
                """)
            let rows = try Row.fetchCursor(statement, arguments: ["rules": rules, "moment": KeptSpan.milliseconds(now)])
            while let row = try rows.next() {
                var found: [Blocker] = []
                let readable = try Self.withBytes(row, 4) { try BlockerSnapshotCoding.decode($0, texts: &texts) { found.append($0) } }
                lists.append(HeldBlockerList(customer: row[0], upgradeID: row[1], from: row[2], to: row[3],
                                             blockers: readable ? found : nil))
            }
            return lists
        }
    }

    /// How many undecided upgrades ``forEachKeptBlockers(customer:now:rules:kept:undecided:)``
    /// reads one by one at least before it reads the rest in one pass.
    static let undecidedAloneAtLeast = 16

    /// How many kept lists ``forEachKeptBlockers(customer:now:rules:kept:undecided:)`` copies
    /// into one buffer before handing them out.
    static let keptBatchSize = 128

    /// The page cache of that read, in pages (`PRAGMA cache_size`): about 400 kB.
    static let keptScanCacheSize = 100

    /// The customer and upgrade columns of ``briefStagesSQL(_:)`` (0 to 9): the customer with
    /// only its id, region, zone, window and sandbox; the active upgrade with only its versions,
    /// workflow and pinned hash.
    private static func openUpgrade(_ row: Row, id upgradeID: Int64) throws -> OpenUpgradeRows {
        let id: String = row[0]
        let sandbox: String = row[4]
        let customer = Customer(
            id: id, name: "", region: row[1], timeZone: row[2], window: row[3],
            sandbox: try StoreValue.decode(SandboxContract(rawValue: sandbox), sandbox, what: "sandbox of customer \(id)"),
            createdAt: Date(timeIntervalSince1970: 0))
        let upgrade = UpgradeRecord(id: upgradeID, customerID: id, from: row[6], to: row[7], workflowID: row[8],
                                    definitionHash: row[9], status: .active,
                                    startedAt: Date(timeIntervalSince1970: 0), finishedAt: nil, eventCount: 0)
        return OpenUpgradeRows(customer: customer, upgrade: upgrade)
    }

    /// Calls `body` with the bytes of a blob column, read in place by GRDB (no copy); empty for NULL.
    private static func withBytes<T>(_ row: Row, _ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        try row.withUnsafeData(atIndex: index) { data in
            guard let data else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            return try data.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
        }
    }
}

/// The facts of the active upgrades, by customer id as ``SQLiteStore/briefFactsSQL(oneCustomer:)``
/// reads them, handed out customer after customer in the same order as the open stages.
struct BriefFacts {
    private let rows: RowCursor
    /// The fact row at hand, nil past the last (GRDB's view of the statement, valid until the next step).
    private var fact: Row?

    init(_ db: Database, _ scope: BriefScope) throws {
        let statement = try db.cachedStatement(sql: SQLiteStore.briefFactsSQL(scope))
        rows = try Row.fetchCursor(statement, arguments: scope.arguments)
        fact = try rows.next()
    }

    /// The facts of the customer's active upgrade; customers must come in increasing id order.
    /// Facts of customers skipped over (upgrades with no open stage) are passed by.
    mutating func take(for customer: String) throws -> [(key: String, value: String)] {
        var found: [(key: String, value: String)] = []
        // Customer ids compared byte by byte, as SQLite's BINARY collation orders them.
        while let row = fact {
            let order = binaryOrder(row[0] as String, customer)
            if order > 0 { break }
            if order == 0, let key: String = row[1], let value: String = row[2] {
                found.append((key, value))
            }
            fact = try rows.next()
        }
        return found
    }
}

/// Which active upgrades a brief read (``SQLiteStore/forEachOpenUpgradeBrief(_:_:texts:_:)``,
/// ``BriefFacts``) covers: every one, or one customer's, from the customer `from` on.
struct BriefScope {
    var customer: String?
    var from: String?

    /// Added to the `WHERE` clause.
    var whereSQL: String {
        (customer == nil ? "" : " AND upgrade.customer_id = :customer") + (from == nil ? "" : " AND upgrade.customer_id >= :from")
    }

    var arguments: StatementArguments {
        var arguments: StatementArguments = [:]
        if let customer { arguments += ["customer": customer] }
        if let from { arguments += ["from": from] }
        return arguments
    }
}
