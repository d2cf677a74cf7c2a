import Foundation
import GRDB
import LTSFlowCore
import LTSFlowEngine

extension SQLiteStore {
    public func addCustomer(_ customer: Customer) async throws(StoreError) {
        try await write { db in
            if try fetchCustomer(db, id: customer.id) != nil { throw StoreError.customerExists(customer.id) }
            try db.execute(sql: "INSERT INTO customer (\(CustomerRow.selection)) VALUES (\(CustomerRow.placeholders))",
                           arguments: CustomerRow.arguments(customer))
        }
    }

    /// Replaces every field of the customer with the same id.
    ///
    /// - Throws: ``StoreError/unknownCustomer(_:suggestions:)`` when there is none.
    public func updateCustomer(_ customer: Customer) async throws(StoreError) {
        try await write { db in try update(db, customer) }
    }

    /// The customer edit as one unit of work (``UpgradeStore/updateCustomer(_:checking:)``): the
    /// outcome of `step` is appended as ``change(customer:_:)`` appends it.
    public func updateCustomer(_ customer: Customer, checking step: @Sendable (LockedUpgrade?) throws -> ChangeOutcome<Void>?) async throws {
        try await writeImmediate { db in
            let stored = try customerInTransaction(db, id: customer.id)
            guard let upgrade = try activeUpgrade(db, customer: customer.id) else {
                _ = try step(nil)
                return try update(db, customer)
            }
            guard let definition = try fetchDefinition(db, hash: upgrade.definitionHash) else {
                throw StoreError.missingDefinition(hash: upgrade.definitionHash, upgrade: upgrade.id)
            }
            let (state, positions) = try fetchState(db, upgrade: upgrade.id)
            let outcome = try step(LockedUpgrade(customer: stored, upgrade: upgrade, definition: definition, state: state))
            try update(db, customer)
            if let outcome { _ = try append(db, outcome, to: upgrade, state: state, positions: positions) }
        }
    }

    private func update(_ db: Database, _ customer: Customer) throws {
        try db.execute(sql: """
            UPDATE customer SET name = ?, region = ?, time_zone = ?, maintenance_window = ?, contacts = ?, sandbox = ?,
                                created_at = ?, csm = ?, lts = ?
            WHERE id = ?
            """, arguments: [customer.name, customer.region, customer.timeZone, customer.window,
                          JSONText.text(customer.contacts), customer.sandbox.rawValue,
                          StoreDate.text(customer.createdAt), customer.csm, customer.lts, customer.id])
        if db.changesCount == 0 { throw try unknownCustomer(db, customer.id) }
    }

    public func customer(id: String) async throws(StoreError) -> Customer? {
        try await read { db in try fetchCustomer(db, id: id) }
    }

    public func customers() async throws(StoreError) -> [Customer] {
        try await read { db in
            try CustomerRow.fetchAll(db, sql: "SELECT \(CustomerRow.selection) FROM customer ORDER BY id").map(\.customer)
        }
    }

    public func customerIDs() async throws(StoreError) -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT id FROM customer ORDER BY id") }
    }

    // MARK: Shared queries

    func fetchCustomer(_ db: Database, id: String) throws -> Customer? {
        try CustomerRow.fetchOne(db, sql: "SELECT \(CustomerRow.selection) FROM customer WHERE id = ?", arguments: [id])?.customer
    }

    /// The customer read inside a transaction, or the error naming the closest ids.
    func customerInTransaction(_ db: Database, id: String) throws -> Customer {
        guard let customer = try fetchCustomer(db, id: id) else { throw try unknownCustomer(db, id) }
        return customer
    }

    func unknownCustomer(_ db: Database, _ id: String) throws -> StoreError {
        .unknownCustomer(id, among: try String.fetchAll(db, sql: "SELECT id FROM customer ORDER BY id"))
    }
}
