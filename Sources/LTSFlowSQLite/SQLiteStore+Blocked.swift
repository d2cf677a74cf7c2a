import Foundation
import GRDB
import GRDBSQLite
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
        let row = StatementColumns(statement: stageStatement.sqliteStatement)
        // Columns read as bytes; the repeated values among them made once each.
        var regions = Interned<String>(), zones = Interned<String>(), windows = Interned<String>()
        var versions = Interned<String>(), workflows = Interned<String>(), hashes = Interned<String>()
        var stageIDs = Interned<String>(limit: 64)
        var sandboxes = Interned { SandboxContract(rawValue: String(decoding: $0, as: UTF8.self)) }
        var statuses = Interned { StageStatus(rawValue: String(decoding: $0, as: UTF8.self)) }
        var owners = Interned { Owner(rawValue: String(decoding: $0, as: UTF8.self)) }
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
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        while try stageRows.next() != nil {
            let upgradeID = row.int64(5)
            if current?.upgrade.id != upgradeID {
                try finish()
                let id = row.string(0)
                let customer = Customer(
                    id: id, name: "", region: try regions(row.text(1) ?? empty),
                    timeZone: try zones(row.text(2) ?? empty), window: try row.text(3).map { try windows($0) },
                    sandbox: try Self.decode(row.text(4), sandboxes: &sandboxes, what: "sandbox of customer \(id)"),
                    createdAt: Date(timeIntervalSince1970: 0))
                let upgrade = UpgradeRecord(id: upgradeID, customerID: id, from: try versions(row.text(6) ?? empty),
                                            to: try versions(row.text(7) ?? empty), workflowID: try workflows(row.text(8) ?? empty),
                                            definitionHash: try hashes(row.text(9) ?? empty), status: .active,
                                            startedAt: Date(timeIntervalSince1970: 0), finishedAt: nil, eventCount: 0)
                current = OpenUpgradeRows(customer: customer, upgrade: upgrade)
            }
            current?.stages.append(try Self.stageState(row, at: 10, upgrade: upgradeID, ids: &stageIDs, statuses: &statuses, owners: &owners))
        }
        try finish()
    }

    // MARK: The blocked list, from kept blockers

    /// Every active upgrade (or the one customer's, `:customer`) by customer id, whether its
    /// kept blockers hold under rules `:rules` at `:moment`, and those blockers. The first
    /// column is what the cursor that steps the statement reads (the others are read in place).
    static func keptBlockersSQL(oneCustomer: Bool) -> String {
        """
        SELECT 0, upgrade.customer_id, \(BlockerSnapshotRow.holdsSQL), kept.blockers
        FROM upgrade INDEXED BY upgrade_one_active_per_customer
        LEFT JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
        WHERE upgrade.status = 'active'\(oneCustomer ? " AND upgrade.customer_id = :customer" : "")
        ORDER BY upgrade.customer_id
        """
    }

    /// Goes through the active upgrades by customer id in one snapshot: `kept` gets the
    /// blockers kept for an upgrade (encoded, ``BlockerSnapshotCoding``) when they hold at
    /// `now` under `rules`; `undecided` gets the open stages and facts of every other upgrade
    /// (with an open stage) to decide them from, as ``forEachOpenUpgradeBrief(_:_:texts:_:)``
    /// reads them. When `kept` returns false (bytes it cannot read) the upgrade is undecided.
    ///
    /// Undecided upgrades are read one by one, by index, while they are few: the usual case
    /// soon after changes, when nearly every kept list holds. Once more than one in eight of
    /// those seen so far (and at least ``undecidedAloneAtLeast``) are undecided (a portfolio
    /// not changed for a while, or a database from before v3), the kept lists are left aside
    /// and every upgrade from the current one on is read in one pass of stages and one of
    /// facts and passed to `undecided`, as before there were kept lists. Nothing is held but
    /// the upgrade at hand. Neither closure may call the store.
    func forEachKeptBlockers(customer: String?, now: Date, rules: String,
                             kept: (_ customer: String, _ blockers: UnsafeBufferPointer<UInt8>) throws -> Bool,
                             undecided: (OpenUpgradeRows) throws -> Void) throws {
        try readPassingErrors { db in
            let keptStatement = try db.cachedStatement(sql: Self.keptBlockersSQL(oneCustomer: customer != nil))
            var arguments: StatementArguments = ["rules": rules, "moment": BlockerSnapshotRow.milliseconds(now)]
            if let customer { arguments += ["customer": customer] }
            let keptRows = try Int64.fetchCursor(keptStatement, arguments: arguments)
            let keptRow = StatementColumns(statement: keptStatement.sqliteStatement)
            var texts: [String: PinnedDefinition] = [:]
            func decide(_ scope: BriefScope) throws {
                var facts = try BriefFacts(db, scope)
                try forEachOpenUpgradeBrief(db, scope, texts: &texts) { open in
                    open.facts = try facts.take(for: open.customer.id)
                    try undecided(open)
                }
            }
            var seen = 0, alone = 0
            while try keptRows.next() != nil {
                let id = keptRow.string(1)
                seen += 1
                if keptRow.int64(2) != 0, try kept(id, keptRow.blob(3) ?? .init(start: nil, count: 0)) { continue }
                if alone >= Self.undecidedAloneAtLeast && alone * 8 > seen {
                    return try decide(BriefScope(customer: customer, from: id))
                }
                alone += 1
                try decide(BriefScope(customer: id))
            }
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
        var texts = BlockerSnapshotCoding.Texts()
        try forEachKeptBlockers(customer: customer, now: now, rules: rules, kept: { id, bytes in
            var found: [Blocker] = []
            guard try BlockerSnapshotCoding.decode(bytes, texts: &texts, { found.append($0) }) else { return false }
            try body(.kept(customer: id, found))
            return true
        }, undecided: { rows in
            try body(.undecided(rows))
        })
    }

    public func heldBlockerLists(now: Date, rules: String) async throws(StoreError) -> [HeldBlockerList] {
        try await read { db in
            var texts = BlockerSnapshotCoding.Texts()
            var lists: [HeldBlockerList] = []
            let statement = try db.cachedStatement(sql: """
                SELECT 0, upgrade.customer_id, upgrade.id, upgrade.from_lts, upgrade.to_lts, kept.blockers
                FROM upgrade INDEXED BY upgrade_one_active_per_customer
                JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id
                WHERE upgrade.status = 'active' AND \(BlockerSnapshotRow.holdsSQL)
                ORDER BY upgrade.customer_id
                """)
            let rows = try Int64.fetchCursor(statement, arguments: ["rules": rules, "moment": BlockerSnapshotRow.milliseconds(now)])
            let row = StatementColumns(statement: statement.sqliteStatement)
            while try rows.next() != nil {
                var found: [Blocker] = []
                let readable = try BlockerSnapshotCoding.decode(row.blob(5) ?? .init(start: nil, count: 0), texts: &texts) { found.append($0) }
                lists.append(HeldBlockerList(customer: row.string(1), upgradeID: row.int64(2), from: row.string(3), to: row.string(4),
                                             blockers: readable ? found : nil))
            }
            return lists
        }
    }

    /// How many undecided upgrades ``forEachKeptBlockers(customer:now:rules:kept:undecided:)``
    /// reads one by one at least before it reads the rest in one pass.
    static let undecidedAloneAtLeast = 16

    /// The columns of ``StageStateRow/selection`` from `o` on, as ``StageStateRow/init(row:at:)``
    /// reads them (same values, same errors), from bytes.
    private static func stageState(_ row: StatementColumns, at o: Int, upgrade: Int64, ids: inout Interned<String>,
                                   statuses: inout Interned<StageStatus?>,
                                   owners: inout Interned<Owner?>) throws -> (id: String, state: StageState) {
        let id = try ids(row.text(o + 1) ?? .init(start: nil, count: 0))
        func what(_ field: String) -> String { "\(field) of stage \(id) of upgrade \(upgrade)" }
        func date(_ index: Int, _ field: String) throws -> Date? {
            guard let bytes = row.text(index) else { return nil }
            guard let date = StoreDate.parse(bytes: bytes) else {
                throw StoreValue.unknown(String(decoding: bytes, as: UTF8.self), what: what(field))
            }
            return date
        }
        guard let statusBytes = row.text(o + 3), let status = try statuses(statusBytes) else {
            throw StoreValue.unknown(row.string(o + 3), what: what("status"))
        }
        var state = StageState(status: status, since: try date(o + 4, "since"))
        state.startedAt = try date(o + 5, "start")
        state.finishedAt = try date(o + 6, "end")
        state.note = row.optionalString(o + 7)
        if let owner = row.text(o + 8) {
            guard let value = try owners(owner) else { throw StoreValue.unknown(String(decoding: owner, as: UTF8.self), what: what("block owner")) }
            state.blockOwner = value
        }
        state.blockTicket = row.optionalString(o + 9)
        if let resume = row.text(o + 10) {
            guard let value = try statuses(resume) else {
                throw StoreValue.unknown(String(decoding: resume, as: UTF8.self), what: what("resume status"))
            }
            state.resumeStatus = value
        }
        state.forced = row.int64(o + 11) != 0
        state.automatic = row.int64(o + 12) != 0
        return (id, state)
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>?, sandboxes: inout Interned<SandboxContract?>,
                               what: @autoclosure () -> String) throws -> SandboxContract {
        guard let bytes, let value = try sandboxes(bytes) else {
            throw StoreValue.unknown(bytes.map { String(decoding: $0, as: UTF8.self) } ?? "", what: what())
        }
        return value
    }
}

/// The facts of the active upgrades, by customer id as ``SQLiteStore/briefFactsSQL(oneCustomer:)``
/// reads them, handed out customer after customer in the same order as the open stages.
struct BriefFacts {
    private let rows: RowCursor
    private let fact: StatementColumns
    private var pending: Bool
    private var keys = Interned<String>(limit: 64)

    init(_ db: Database, _ scope: BriefScope) throws {
        let statement = try db.cachedStatement(sql: SQLiteStore.briefFactsSQL(scope))
        rows = try Row.fetchCursor(statement, arguments: scope.arguments)
        fact = StatementColumns(statement: statement.sqliteStatement)
        pending = try rows.next() != nil
    }

    /// The facts of the customer's active upgrade; customers must come in increasing id order.
    /// Facts of customers skipped over (upgrades with no open stage) are passed by.
    mutating func take(for customer: String) throws -> [(key: String, value: String)] {
        var found: [(key: String, value: String)] = []
        var id = customer
        try id.withUTF8 { id in
            while pending, let owner = fact.text(0) {
                let order = binaryOrder(owner, id)
                if order > 0 { break }
                if order == 0, let key = fact.text(1), let value = fact.optionalString(2) {
                    found.append((try keys(key), value))
                }
                pending = try rows.next() != nil
            }
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
