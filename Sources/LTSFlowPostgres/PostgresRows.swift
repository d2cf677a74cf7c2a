#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

// Reading and writing the rows of docs/storage.md ("PostgreSQL"): the same columns as the
// SQLite schema, times as timestamptz (kept to the millisecond, as ``StoreDate`` keeps them).

extension PostgresRandomAccessRow {
    func string(_ index: Int) throws -> String { try self[index].decode(String.self) }
    func optionalString(_ index: Int) throws -> String? { try self[index].decode(String?.self) }
    func int(_ index: Int) throws -> Int { try self[index].decode(Int.self) }
    func int64(_ index: Int) throws -> Int64 { try self[index].decode(Int64.self) }
    func bool(_ index: Int) throws -> Bool { try self[index].decode(Bool.self) }
    func date(_ index: Int) throws -> Date { StoreDate.normalized(try self[index].decode(Date.self)) }
    func optionalDate(_ index: Int) throws -> Date? { try self[index].decode(Date?.self).map(StoreDate.normalized) }
}

enum PGRows {
    static let customerColumns = "id, name, region, time_zone, maintenance_window, contacts, sandbox, created_at, csm, lts"

    /// ``customerColumns`` qualified by the table's name, for a join (written out: splitting
    /// the list at run time cost a write 0.2 ms of the runtime's first lookups).
    static let qualifiedCustomerColumns = """
        customer.id, customer.name, customer.region, customer.time_zone, customer.maintenance_window, customer.contacts,
        customer.sandbox, customer.created_at, customer.csm, customer.lts
        """

    static func customer(_ row: PostgresRandomAccessRow, at o: Int = 0) throws -> Customer {
        let id = try row.string(o)
        let sandbox = try row.string(o + 6)
        return Customer(id: id, name: try row.string(o + 1), region: try row.string(o + 2), timeZone: try row.string(o + 3),
                        window: try row.optionalString(o + 4),
                        contacts: try JSONText.strings(try row.string(o + 5), what: "contacts of customer \(id)"),
                        sandbox: try decode(SandboxContract(rawValue: sandbox), sandbox, what: "sandbox of customer \(id)"),
                        createdAt: try row.date(o + 7), csm: try row.optionalString(o + 8), lts: try row.optionalString(o + 9))
    }

    static let upgradeColumns = """
        upgrade.id, upgrade.customer_id, upgrade.from_lts, upgrade.to_lts, upgrade.workflow_id, upgrade.definition_hash,
        upgrade.status, upgrade.started_at, upgrade.finished_at, upgrade.event_count
        """

    static func upgrade(_ row: PostgresRandomAccessRow, at o: Int = 0) throws -> UpgradeRecord {
        let id = try row.int64(o)
        let status = try row.string(o + 6)
        return UpgradeRecord(id: id, customerID: try row.string(o + 1), from: try row.string(o + 2), to: try row.string(o + 3),
                             workflowID: try row.string(o + 4), definitionHash: try row.string(o + 5),
                             status: try decode(UpgradeStatus(rawValue: status), status, what: "status of upgrade \(id)"),
                             startedAt: try row.date(o + 7), finishedAt: try row.optionalDate(o + 8), eventCount: try row.int(o + 9))
    }

    static let stageColumns = """
        stage_state.upgrade_id, stage_state.stage_id, stage_state.position, stage_state.status, stage_state.since,
        stage_state.started_at, stage_state.finished_at, stage_state.note, stage_state.block_owner,
        stage_state.block_ticket, stage_state.resume_status, stage_state.forced, stage_state.automatic
        """

    /// A stage row: its upgrade, id, position and state.
    static func stage(_ row: PostgresRandomAccessRow, at o: Int = 0) throws -> (upgrade: Int64, id: String, position: Int, state: StageState) {
        let upgrade = try row.int64(o)
        let id = try row.string(o + 1)
        func what(_ field: String) -> String { "\(field) of stage \(id) of upgrade \(upgrade)" }
        let status = try row.string(o + 3)
        var state = StageState(status: try decode(StageStatus(rawValue: status), status, what: what("status")), since: try row.optionalDate(o + 4))
        state.startedAt = try row.optionalDate(o + 5)
        state.finishedAt = try row.optionalDate(o + 6)
        state.note = try row.optionalString(o + 7)
        if let owner = try row.optionalString(o + 8) {
            state.blockOwner = try decode(Owner(rawValue: owner), owner, what: what("block owner"))
        }
        state.blockTicket = try row.optionalString(o + 9)
        if let resume = try row.optionalString(o + 10) {
            state.resumeStatus = try decode(StageStatus(rawValue: resume), resume, what: what("resume status"))
        }
        state.forced = try row.bool(o + 11)
        state.automatic = try row.bool(o + 12)
        return (upgrade, id, try row.int(o + 2), state)
    }

    static let eventColumns = "upgrade_id, sequence, stage_id, verb, from_status, to_status, at, actor, note, data"

    static func event(_ row: PostgresRandomAccessRow) throws -> StoredEvent {
        let upgrade = try row.int64(0)
        let sequence = try row.int(1)
        func what(_ field: String) -> String { "\(field) of event \(sequence) of upgrade \(upgrade)" }
        let verb = try row.string(3)
        func status(_ text: String?, _ field: String) throws -> StageStatus? {
            guard let text else { return nil }
            return try decode(StageStatus(rawValue: text), text, what: what(field))
        }
        let event = Event(stage: try row.optionalString(2), verb: try decode(Verb(rawValue: verb), verb, what: what("verb")),
                          from: try status(try row.optionalString(4), "from-status"), to: try status(try row.optionalString(5), "to-status"),
                          at: try row.date(6), actor: try row.string(7), note: try row.optionalString(8),
                          data: try JSONText.dictionary(try row.string(9), what: what("data")))
        return StoredEvent(upgradeID: upgrade, sequence: sequence, event: event)
    }

    static func decode<T>(_ value: T?, _ raw: String, what: @autoclosure () -> String) throws(StoreError) -> T {
        guard let value else { throw .unknownStoredValue(what: what(), value: raw) }
        return value
    }
}

/// The SQL that writes rows, with their bound values.
enum PGWrites {
    static func insertCustomer(_ c: Customer) -> PostgresQuery {
        """
        INSERT INTO customer (id, name, region, time_zone, maintenance_window, contacts, sandbox, created_at, csm, lts)
        VALUES (\(c.id), \(c.name), \(c.region), \(c.timeZone), \(c.window), \(JSONText.text(c.contacts)), \(c.sandbox.rawValue), \(c.createdAt),
                \(c.csm), \(c.lts))
        ON CONFLICT (id) DO NOTHING RETURNING 1
        """
    }

    static func insertEvent(upgrade: Int64, sequence: Int, _ e: Event) -> PostgresQuery {
        """
        INSERT INTO event (upgrade_id, sequence, stage_id, verb, from_status, to_status, at, actor, note, data)
        VALUES (\(upgrade), \(sequence), \(e.stage), \(e.verb.rawValue), \(e.from?.rawValue), \(e.to?.rawValue),
                \(StoreDate.normalized(e.at)), \(e.actor), \(e.note), \(JSONText.text(e.data)))
        """
    }

    /// Inserts a stage, or updates every field but its position when it exists.
    static func upsertStage(upgrade: Int64, stage: String, position: Int, _ s: StageState) -> PostgresQuery {
        """
        INSERT INTO stage_state (upgrade_id, stage_id, position, status, since, started_at, finished_at, note,
                                 block_owner, block_ticket, resume_status, forced, automatic)
        VALUES (\(upgrade), \(stage), \(position), \(s.status.rawValue), \(s.since), \(s.startedAt), \(s.finishedAt), \(s.note),
                \(s.blockOwner?.rawValue), \(s.blockTicket), \(s.resumeStatus?.rawValue), \(s.forced), \(s.automatic))
        ON CONFLICT (upgrade_id, stage_id) DO UPDATE SET
            status = excluded.status, since = excluded.since, started_at = excluded.started_at,
            finished_at = excluded.finished_at, note = excluded.note, block_owner = excluded.block_owner,
            block_ticket = excluded.block_ticket, resume_status = excluded.resume_status,
            forced = excluded.forced, automatic = excluded.automatic
        """
    }

    static func insertDefinition(_ d: PinnedDefinition) -> PostgresQuery {
        """
        INSERT INTO definition (hash, workflow_id, version, yaml) VALUES (\(d.hash), \(d.workflowID), \(d.version), \(d.yaml))
        ON CONFLICT (hash) DO NOTHING
        """
    }
}
#endif
