#if PostgreSQL
import Foundation
import LTSFlowCore
import LTSFlowEngine
import PostgresNIO

extension PostgresStore {
    /// Writes every history in one transaction, as ``SQLiteStore`` does: the same rows a change
    /// after another would leave, inserted many rows per statement.
    ///
    /// The histories keep their own actors (the demo's people, a copied database's), which the
    /// audit trail refuses from anyone but the owner of the tables: the transaction asks for
    /// the copy mode (`SET LOCAL ltsflow.copy = on`, honoured for the owner only), so another
    /// login gets ``ServerFailure/actorIsNotLogin(actor:login:)`` and nothing is written.
    public func importHistories(_ histories: [ImportedHistory]) async throws {
        let workflows = try definitions.workflows(of: histories)
        try await asOwner { try await transaction { connection in
            try await connection.query("SET LOCAL ltsflow.copy = 'on'", logger: logger)
            let ids = histories.map(\.customer.id)
            let existing = try await rows("SELECT id FROM customer WHERE id = ANY(\(ids)) ORDER BY id COLLATE \"C\" LIMIT 1", on: connection)
            if let first = existing.first { throw StoreError.customerExists(try first.string(0)) }
            var batch = ImportBatch()
            for history in histories {
                guard let workflow = workflows[history.definition.hash] else {
                    batch.customers.append(PGCells.customer(history.customer))
                    continue
                }
                try await batch.add(history, workflow: workflow, store: self, on: connection)
            }
            try await batch.flush(self, on: connection)
        } }
    }
}

/// Rows waiting to be inserted, many per statement.
struct ImportBatch {
    var customers: [[PGCell]] = []
    var events: [[PGCell]] = []
    var stages: [[PGCell]] = []
    var facts: [[PGCell]] = []
    var kept: [[PGCell]] = []
    var definitions = Set<String>()

    /// Adds one history: its customer (whose LTS becomes the target when the history ends
    /// finished), definition and upgrade now (the upgrade's id is needed), its rows later; a
    /// history with a `cancel` event is cancelled at that event's time.
    mutating func add(_ history: ImportedHistory, workflow: WorkflowDefinition, store: PostgresStore,
                      on connection: PostgresConnection) async throws {
        let events = history.changes.joined().map { event in
            var event = event
            event.at = StoreDate.normalized(event.at)
            return event
        }
        guard let first = events.first, let last = events.last else {
            customers.append(PGCells.customer(history.customer))
            return
        }
        let pinned = history.definition
        if definitions.insert(pinned.hash).inserted {
            try await connection.query(PGWrites.insertDefinition(pinned), logger: store.logger)
        }
        var state = UpgradeState(definition: workflow)
        for event in events { state.apply(event) }
        let cancel = events.last { $0.verb == .cancel }
        let finished = cancel == nil && state.isFinished
        var customer = history.customer
        if finished { customer.lts = history.to }
        customers.append(PGCells.customer(customer))
        // The customer row must exist before its upgrade refers to it.
        try await flush(store, on: connection, onlyCustomers: true)
        let status = (cancel != nil ? UpgradeStatus.cancelled : finished ? .finished : .active).rawValue
        let finishedAt: Date? = cancel?.at ?? (finished ? last.at : nil)
        let inserted = try await store.rows("""
            INSERT INTO upgrade (customer_id, from_lts, to_lts, workflow_id, definition_hash, status, started_at, finished_at, event_count)
            VALUES (\(history.customer.id), \(history.from), \(history.to), \(pinned.workflowID), \(pinned.hash), \(status),
                    \(first.at), \(finishedAt), \(events.count))
            RETURNING id
            """, on: connection)
        guard let upgradeID = try inserted.first?.int64(0) else { throw StoreError.database("the server returned no upgrade id") }
        for (index, event) in events.enumerated() { self.events.append(PGCells.event(upgradeID, index + 1, event)) }
        var positions: [String: Int] = [:]
        for (position, stage) in workflow.stages.enumerated() { positions[stage.id] = position }
        for (id, stage) in state.stages.sorted(by: { $0.key < $1.key }) {
            let position = positions[id] ?? ((positions.values.max() ?? -1) + 1)
            positions[id] = position
            stages.append(PGCells.stage(upgradeID, id, position, stage))
        }
        for (key, value) in state.facts.sorted(by: { $0.key < $1.key }) {
            facts.append([.int(upgradeID), .text(key), .text(value)])
        }
        if status == UpgradeStatus.active.rawValue, let blockers = history.blockers {
            kept.append(PGKept.cells(upgradeID, eventCount: events.count, blockers))
        }
        if self.events.count > 5_000 { try await flush(store, on: connection) }
    }

    mutating func flush(_ store: PostgresStore, on connection: PostgresConnection, onlyCustomers: Bool = false) async throws {
        try await PGCells.insert("customer", PGCells.customerColumns, customers, store: store, on: connection)
        customers = []
        guard !onlyCustomers else { return }
        try await PGCells.insert("event", PGCells.eventColumns, events, store: store, on: connection)
        try await PGCells.insert("stage_state", PGCells.stageColumns, stages, store: store, on: connection)
        try await PGCells.insert("fact", ["upgrade_id", "key", "value"], facts, store: store, on: connection)
        try await PGCells.insert("blocker_snapshot", PGKept.columns, kept, store: store, on: connection)
        (events, stages, facts, kept) = ([], [], [], [])
    }
}

/// One bound value of a multi-row insert.
enum PGCell {
    case text(String?)
    case int(Int64)
    case bool(Bool)
    case date(Date?)
    case optionalInt(Int64?)
    case bytes([UInt8])
}

enum PGCells {
    static let customerColumns = ["id", "name", "region", "time_zone", "maintenance_window", "contacts", "sandbox", "created_at",
                                  "csm", "lts"]
    static let eventColumns = ["upgrade_id", "sequence", "stage_id", "verb", "from_status", "to_status", "at", "actor", "note", "data"]
    static let stageColumns = ["upgrade_id", "stage_id", "position", "status", "since", "started_at", "finished_at", "note",
                               "block_owner", "block_ticket", "resume_status", "forced", "automatic"]

    static func customer(_ c: Customer) -> [PGCell] {
        [.text(c.id), .text(c.name), .text(c.region), .text(c.timeZone), .text(c.window), .text(JSONText.text(c.contacts)),
         .text(c.sandbox.rawValue), .date(c.createdAt), .text(c.csm), .text(c.lts)]
    }

    static func event(_ upgrade: Int64, _ sequence: Int, _ e: Event) -> [PGCell] {
        [.int(upgrade), .int(Int64(sequence)), .text(e.stage), .text(e.verb.rawValue), .text(e.from?.rawValue), .text(e.to?.rawValue),
         .date(StoreDate.normalized(e.at)), .text(e.actor), .text(e.note), .text(JSONText.text(e.data))]
    }

    static func stage(_ upgrade: Int64, _ id: String, _ position: Int, _ s: StageState) -> [PGCell] {
        [.int(upgrade), .text(id), .int(Int64(position)), .text(s.status.rawValue), .date(s.since), .date(s.startedAt),
         .date(s.finishedAt), .text(s.note), .text(s.blockOwner?.rawValue), .text(s.blockTicket), .text(s.resumeStatus?.rawValue),
         .bool(s.forced), .bool(s.automatic)]
    }

    /// Inserts the rows, as many per statement as the protocol's 65,535 parameters allow.
    static func insert(_ table: String, _ columns: [String], _ rows: [[PGCell]], store: PostgresStore,
                       on connection: PostgresConnection) async throws {
        let perStatement = max(1, 60_000 / columns.count)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            start += chunk.count
            var binds = PostgresBindings(capacity: chunk.count * columns.count)
            var values: [String] = []
            values.reserveCapacity(chunk.count)
            for row in chunk {
                let first = binds.count
                for cell in row {
                    switch cell {
                    case .text(let value): binds.append(value)
                    case .int(let value): binds.append(value)
                    case .bool(let value): binds.append(value)
                    case .date(let value): binds.append(value)
                    case .optionalInt(let value): binds.append(value)
                    case .bytes(let value): binds.append(ByteBuffer(bytes: value))
                    }
                }
                values.append("(" + (first + 1...first + row.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + values.joined(separator: ", ")
            try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: store.logger)
        }
    }
}
#endif
