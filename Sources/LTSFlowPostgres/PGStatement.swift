#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

/// One SQL statement put together from parts, each value bound as a parameter (`$n`), never
/// spliced into the text: how a change writes everything after its events in one round trip.
struct PGStatement {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    /// The placeholder of `value`, bound as the next parameter.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// `(p1, p2, …)` for a row of cells.
    mutating func row(_ cells: [PGCell]) -> String {
        "(" + cells.map { cell in
            switch cell {
            case .text(let value): bind(value)
            case .int(let value): bind(value)
            case .bool(let value): bind(value)
            case .date(let value): bind(value)
            case .optionalInt(let value): bind(value)
            case .bytes(let value): bind(ByteBuffer(bytes: value))
            }
        }.joined(separator: ", ") + ")"
    }

    mutating func append(_ text: String) { sql += text }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// The statements of a change after its upgrade row is locked and its state read.
enum PGChangeWrites {
    /// Every event of the change, numbered after the upgrade's last one: one statement (the
    /// history's trigger checks each row in order, seeing the rows before it).
    static func events(_ events: [Event], upgrade: Int64, after count: Int) -> PostgresQuery {
        var statement = PGStatement()
        let rows = events.enumerated().map { index, event in statement.row(PGCells.event(upgrade, count + index + 1, event)) }
        statement.append("INSERT INTO event (\(PGCells.eventColumns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))")
        return statement.query
    }

    /// What the change's folded state changed (stages upserted, facts upserted or removed),
    /// the customer's LTS when the upgrade closed out, the upgrade's row, and its kept
    /// blockers replaced or removed: one statement, its parts as data-modifying `WITH`
    /// queries (they touch different rows, so none needs to see another's effect).
    ///
    /// A change that appended no event (a customer edit) leaves the kept row as it is: a kept
    /// list may only be written with an event (schema v3's trigger), and the row still holds
    /// unless the customer's schedule or contract changed, which the customer's trigger
    /// deletes it for.
    static func rest(upgrade: UpgradeRecord, stages: [(id: String, position: Int, state: StageState)],
                     setFacts: [(key: String, value: String)], removedFacts: [String], closedOut: Bool,
                     appendedEvents: Bool, keeping snapshot: BlockerSnapshot?) -> PostgresQuery {
        var s = PGStatement()
        var parts: [String] = []
        if !stages.isEmpty {
            let rows = stages.map { s.row(PGCells.stage(upgrade.id, $0.id, $0.position, $0.state)) }
            parts.append("""
                INSERT INTO stage_state (\(PGCells.stageColumns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (upgrade_id, stage_id) DO UPDATE SET
                    status = excluded.status, since = excluded.since, started_at = excluded.started_at,
                    finished_at = excluded.finished_at, note = excluded.note, block_owner = excluded.block_owner,
                    block_ticket = excluded.block_ticket, resume_status = excluded.resume_status,
                    forced = excluded.forced, automatic = excluded.automatic
                """)
        }
        if !setFacts.isEmpty {
            let rows = setFacts.map { s.row([.int(upgrade.id), .text($0.key), .text($0.value)]) }
            parts.append("""
                INSERT INTO fact (upgrade_id, key, value) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (upgrade_id, key) DO UPDATE SET value = excluded.value
                """)
        }
        if !removedFacts.isEmpty {
            parts.append("DELETE FROM fact WHERE upgrade_id = \(s.bind(upgrade.id)) AND key = ANY(\(s.bind(removedFacts)))")
        }
        if closedOut {
            parts.append("UPDATE customer SET lts = \(s.bind(upgrade.to)) WHERE id = \(s.bind(upgrade.customerID))")
        }
        parts.append("""
            UPDATE upgrade SET event_count = \(s.bind(upgrade.eventCount)), status = \(s.bind(upgrade.status.rawValue)),
                finished_at = \(s.bind(upgrade.finishedAt)) WHERE id = \(s.bind(upgrade.id))
            """)
        s.append("WITH " + parts.enumerated().map { "w\($0) AS (\($1))" }.joined(separator: ",\n") + "\n")
        if !appendedEvents && upgrade.status == .active {
            s.append("SELECT 1")
        } else if upgrade.status == .active, let snapshot {
            let row = s.row(PGKept.cells(upgrade.id, eventCount: upgrade.eventCount, snapshot))
            s.append("""
                INSERT INTO blocker_snapshot (\(PGKept.columns.joined(separator: ", "))) VALUES \(row)
                ON CONFLICT (upgrade_id) DO UPDATE SET
                    event_count = excluded.event_count, rules = excluded.rules, decided_at = excluded.decided_at,
                    valid_until = excluded.valid_until, blockers = excluded.blockers
                """)
        } else {
            s.append("DELETE FROM blocker_snapshot WHERE upgrade_id = \(s.bind(upgrade.id))")
        }
        return s.query
    }
}
#endif
