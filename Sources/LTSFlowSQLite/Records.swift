import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

// Row types of the schema. Each reads its columns by position from a `SELECT` of its
// `selection`, which keeps reading 100,000 stage rows cheap (no Codable, no name lookup):
// GRDB's `row[i]` reads a `String` or an `Int64` straight from the statement
// (`StatementColumnConvertible`), without a `DatabaseValue` in between.

/// A `customer` row.
struct CustomerRow: FetchableRecord {
    static let selection = "id, name, region, time_zone, maintenance_window, contacts, sandbox, created_at, csm, lts"
    /// The `?` of an `INSERT` of every column of ``selection``.
    static let placeholders = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
    var customer: Customer

    init(row: Row) throws {
        try self.init(row: row, at: 0)
    }

    /// Reads the columns of ``selection`` starting at column `o` (a join selects several).
    init(row: Row, at o: Int) throws {
        let id: String = row[o]
        let sandbox: String = row[o + 6]
        let created: String = row[o + 7]
        customer = Customer(
            id: id, name: row[o + 1], region: row[o + 2], timeZone: row[o + 3], window: row[o + 4],
            contacts: try JSONText.strings(row[o + 5], what: "contacts of customer \(id)"),
            sandbox: try StoreValue.decode(SandboxContract(rawValue: sandbox), sandbox, what: "sandbox of customer \(id)"),
            createdAt: try StoreValue.date(created, what: "creation time of customer \(id)"),
            csm: row[o + 8], lts: row[o + 9])
    }

    static func arguments(_ customer: Customer) -> StatementArguments {
        [customer.id, customer.name, customer.region, customer.timeZone, customer.window,
         JSONText.text(customer.contacts), customer.sandbox.rawValue, StoreDate.text(customer.createdAt),
         customer.csm, customer.lts]
    }
}

/// An `upgrade` row.
struct UpgradeRow: FetchableRecord {
    static let selection = """
        upgrade.id, upgrade.customer_id, upgrade.from_lts, upgrade.to_lts, upgrade.workflow_id, upgrade.definition_hash,
        upgrade.status, upgrade.started_at, upgrade.finished_at, upgrade.event_count
        """
    var upgrade: UpgradeRecord

    init(row: Row) throws {
        try self.init(row: row, at: 0)
    }

    /// Reads the columns of ``selection`` starting at column `o` (a join selects several).
    init(row: Row, at o: Int) throws {
        let id: Int64 = row[o]
        let status: String = row[o + 6]
        let started: String = row[o + 7]
        let finished: String? = row[o + 8]
        upgrade = UpgradeRecord(
            id: id, customerID: row[o + 1], from: row[o + 2], to: row[o + 3], workflowID: row[o + 4],
            definitionHash: row[o + 5],
            status: try StoreValue.decode(UpgradeStatus(rawValue: status), status, what: "status of upgrade \(id)"),
            startedAt: try StoreValue.date(started, what: "start of upgrade \(id)"),
            finishedAt: try finished.map { text throws(StoreError) in try StoreValue.date(text, what: "end of upgrade \(id)") },
            eventCount: row[o + 9])
    }
}

/// A `stage_state` row.
struct StageStateRow: FetchableRecord {
    static let selection = """
        stage_state.upgrade_id, stage_state.stage_id, stage_state.position, stage_state.status, stage_state.since,
        stage_state.started_at, stage_state.finished_at, stage_state.note, stage_state.block_owner,
        stage_state.block_ticket, stage_state.resume_status, stage_state.forced, stage_state.automatic
        """
    var upgradeID: Int64
    var stageID: String
    var position: Int
    var state: StageState

    init(row: Row) throws {
        try self.init(row: row, at: 0)
    }

    /// Reads the columns of ``selection`` starting at column `o` (a join selects several).
    init(row: Row, at o: Int) throws {
        upgradeID = row[o]
        stageID = row[o + 1]
        position = row[o + 2]
        let (stageID, upgradeID) = (stageID, upgradeID)
        func what(_ field: String) -> String { "\(field) of stage \(stageID) of upgrade \(upgradeID)" }
        let status: String = row[o + 3]
        state = StageState(status: try StoreValue.decode(StageStatus(rawValue: status), status, what: what("status")),
                           since: try StoreValue.optionalDate(row[o + 4], what: what("since")))
        state.startedAt = try StoreValue.optionalDate(row[o + 5], what: what("start"))
        state.finishedAt = try StoreValue.optionalDate(row[o + 6], what: what("end"))
        state.note = row[o + 7]
        if let owner: String = row[o + 8] {
            state.blockOwner = try StoreValue.decode(Owner(rawValue: owner), owner, what: what("block owner"))
        }
        state.blockTicket = row[o + 9]
        if let resume: String = row[o + 10] {
            state.resumeStatus = try StoreValue.decode(StageStatus(rawValue: resume), resume, what: what("resume status"))
        }
        state.forced = row[o + 11]
        state.automatic = row[o + 12]
    }

    /// Arguments for ``upsertSQL``, in the order of ``columns``.
    static func arguments(upgrade: Int64, stage: String, position: Int, _ state: StageState) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = []
        append(upgrade: upgrade, stage: stage, position: position, state, to: &values)
        return StatementArguments(values)
    }

    /// The columns of a row (and of ``upsertSQL``), in the order of ``append(upgrade:stage:position:_:to:)``.
    static let columns = ["upgrade_id", "stage_id", "position", "status", "since", "started_at", "finished_at", "note",
                          "block_owner", "block_ticket", "resume_status", "forced", "automatic"]

    /// Appends the values of a row, in the order of ``columns``, to the values of a many-row
    /// statement: no array literal and no `StatementArguments` per row, since an import writes
    /// 110,000 of them.
    static func append(upgrade: Int64, stage: String, position: Int, _ state: StageState, to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(upgrade)
        values.append(stage)
        values.append(position)
        values.append(state.status.rawValue)
        values.append(state.since.map(StoreDate.text))
        values.append(state.startedAt.map(StoreDate.text))
        values.append(state.finishedAt.map(StoreDate.text))
        values.append(state.note)
        values.append(state.blockOwner?.rawValue)
        values.append(state.blockTicket)
        values.append(state.resumeStatus?.rawValue)
        values.append(state.forced)
        values.append(state.automatic)
    }

    /// Inserts a stage, or updates every field but its position when it exists.
    static let upsertSQL = ManyRowsInsert.sql(table: "stage_state", columns: columns, rows: 1) + """

        ON CONFLICT (upgrade_id, stage_id) DO UPDATE SET
            status = excluded.status, since = excluded.since, started_at = excluded.started_at,
            finished_at = excluded.finished_at, note = excluded.note, block_owner = excluded.block_owner,
            block_ticket = excluded.block_ticket, resume_status = excluded.resume_status,
            forced = excluded.forced, automatic = excluded.automatic
        """
}

/// An `event` row.
struct EventRow: FetchableRecord {
    static let selection = "upgrade_id, sequence, stage_id, verb, from_status, to_status, at, actor, note, data"
    var stored: StoredEvent

    init(row: Row) throws {
        let upgradeID: Int64 = row[0]
        let sequence: Int = row[1]
        func what(_ field: String) -> String { "\(field) of event \(sequence) of upgrade \(upgradeID)" }
        let verb: String = row[3]
        let at: String = row[6]
        let event = Event(
            stage: row[2],
            verb: try StoreValue.decode(Verb(rawValue: verb), verb, what: what("verb")),
            from: try StoreValue.optionalStatus(row[4], what: what("from-status")),
            to: try StoreValue.optionalStatus(row[5], what: what("to-status")),
            at: try StoreValue.date(at, what: what("time")),
            actor: row[7], note: row[8],
            data: try JSONText.dictionary(row[9], what: what("data")))
        stored = StoredEvent(upgradeID: upgradeID, sequence: sequence, event: event)
    }

    static let insertSQL = ManyRowsInsert.sql(table: "event", columns: columns, rows: 1)

    /// The columns of ``insertSQL``, in the order of ``append(upgrade:sequence:_:to:)``.
    static let columns = ["upgrade_id", "sequence", "stage_id", "verb", "from_status", "to_status", "at", "actor", "note", "data"]

    static func arguments(upgrade: Int64, sequence: Int, _ event: Event) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = []
        append(upgrade: upgrade, sequence: sequence, event, to: &values)
        return StatementArguments(values)
    }

    /// Appends the values of a row, in the order of ``columns``, to the values of a many-row
    /// statement: no array literal and no `StatementArguments` per row, since an import writes
    /// 200,000 of them.
    static func append(upgrade: Int64, sequence: Int, _ event: Event, to values: inout [(any DatabaseValueConvertible)?]) {
        values.append(upgrade)
        values.append(sequence)
        values.append(event.stage)
        values.append(event.verb.rawValue)
        values.append(event.from?.rawValue)
        values.append(event.to?.rawValue)
        values.append(StoreDate.text(event.at))
        values.append(event.actor)
        values.append(event.note)
        values.append(JSONText.text(event.data))
    }
}

/// Decoding helpers that turn a bad stored value into a sentence instead of a crash.
enum StoreValue {
    // `what` is only built for the error: reading 100,000 rows builds none.
    static func decode<T>(_ value: T?, _ raw: String, what: @autoclosure () -> String) throws(StoreError) -> T {
        guard let value else { throw unknown(raw, what: what()) }
        return value
    }

    /// The error for a stored value ltsflow does not know.
    static func unknown(_ raw: String, what: String) -> StoreError {
        .unknownStoredValue(what: what, value: raw)
    }

    static func date(_ text: String, what: @autoclosure () -> String) throws(StoreError) -> Date {
        try decode(StoreDate.parse(text), text, what: what())
    }

    static func optionalDate(_ text: String?, what: @autoclosure () -> String) throws(StoreError) -> Date? {
        guard let text else { return nil }
        return try date(text, what: what())
    }

    static func optionalStatus(_ text: String?, what: @autoclosure () -> String) throws(StoreError) -> StageStatus? {
        guard let text else { return nil }
        return try decode(StageStatus(rawValue: text), text, what: what())
    }
}

/// A `blocker_snapshot` row: an upgrade's blockers kept with what they were decided from.
enum BlockerSnapshotRow {
    static let upsertSQL = """
        INSERT INTO blocker_snapshot (upgrade_id, event_count, rules, decided_at, valid_until, blockers)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (upgrade_id) DO UPDATE SET
            event_count = excluded.event_count, rules = excluded.rules, decided_at = excluded.decided_at,
            valid_until = excluded.valid_until, blockers = excluded.blockers
        """

    /// An SQL expression, over `upgrade` and `blocker_snapshot AS kept`, true when the kept
    /// row answers for the upgrade as it is now: same events, rules `:rules`, and the moment
    /// `:moment` (``KeptSpan/milliseconds(_:)-(Date)``) in its span.
    static let holdsSQL = """
        (kept.upgrade_id IS NOT NULL AND kept.event_count = upgrade.event_count AND kept.rules = :rules
         AND kept.decided_at <= :moment AND (kept.valid_until IS NULL OR kept.valid_until > :moment))
        """
}
