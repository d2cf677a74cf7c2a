import Foundation
import LTSFlowEngine

/// What a person gives to add or edit a customer; nil fields are left as they are on edit.
public struct CustomerInput: Sendable {
    public var name: String?
    public var region: String?
    public var timeZone: String?
    /// `HH:MM-HH:MM`, or an empty string to return to the standard window.
    public var window: String?
    public var contacts: [String]?
    public var sandbox: SandboxContract?
    /// The assigned CSM's name, or an empty string to remove it.
    public var csm: String?
    /// The customer's current LTS in any form the catalog knows (`2021`, `LTS 2021`, `11.x`),
    /// or an empty string to remove it.
    public var lts: String?

    public init(name: String? = nil, region: String? = nil, timeZone: String? = nil, window: String? = nil,
                contacts: [String]? = nil, sandbox: SandboxContract? = nil, csm: String? = nil, lts: String? = nil) {
        self.csm = csm
        self.lts = lts
        self.name = name
        self.region = region
        self.timeZone = timeZone
        self.window = window
        self.contacts = contacts
        self.sandbox = sandbox
    }
}

extension Tracker {
    /// Adds a customer after checking every value.
    ///
    /// - Throws: ``InputError`` for a bad value, ``StoreError/customerExists(_:)``.
    @discardableResult
    public func addCustomer(id: String, _ input: CustomerInput) async throws -> Customer {
        let customer = try newCustomer(id: id, input)
        try await store.addCustomer(customer)
        return customer
    }

    /// The customer ``addCustomer(id:_:)`` would store, checked but not stored.
    func newCustomer(id: String, _ input: CustomerInput) throws -> Customer {
        try Self.checkCustomerID(id)
        guard let name = input.name, let regionText = input.region else {
            throw InputError.badName(input.name ?? "")
        }
        let region = try Self.region(regionText)
        var customer = Customer(id: id, name: name, region: region.rawValue, timeZone: region.timeZone.identifier,
                                sandbox: input.sandbox ?? .none, createdAt: now)
        try Self.apply(input, to: &customer)
        try applyPeople(input, to: &customer)
        return customer
    }

    /// Changes the given fields of a customer.
    @discardableResult
    public func editCustomer(id: String, _ input: CustomerInput) async throws -> Customer {
        var customer = try await requireCustomer(id)
        if let regionText = input.region {
            let region = try Self.region(regionText)
            // A new region brings its zone unless a zone is given too.
            if input.timeZone == nil { customer.timeZone = region.timeZone.identifier }
            customer.region = region.rawValue
        }
        try Self.apply(input, to: &customer)
        try applyPeople(input, to: &customer)
        let edited = customer
        try await store.updateCustomer(customer) { active in try settle(active, editedTo: edited) }
        return customer
    }

    /// The step of ``editCustomer(id:_:)`` inside the store's transaction: the automatic steps
    /// the new context calls for on the active upgrade (a contract without a sandbox skips its
    /// pending branch, one with a sandbox brings an automatically skipped branch back), checked
    /// against the rules that hold at every moment (docs/workflows.md) on the state they leave.
    func settle(_ active: LockedUpgrade?, editedTo edited: Customer) throws -> ChangeOutcome<Void>? {
        guard let active else { return nil }
        let definition = try pinned(active.definition)
        let before = machine(for: active.customer, upgrade: active.upgrade, definition: definition)
        let after = machine(for: edited, upgrade: active.upgrade, definition: definition)
        let events = Self.atStorePrecision(after.contextEvents(active.state, at: now, actor: actor))
        let state = active.state.applying(events)
        let newZone = edited.timeZone != active.customer.timeZone
        let stranded = before.stranded(by: newZone ? .zone : .context, from: active.state, to: state, under: after, at: now)
        if !stranded.isEmpty {
            let keeping = newZone ? before.keepInstantCommands(stranded, in: active.state) : []
            throw before.strandedRefusal(stranded, verb: "edit", subject: "customer \(edited.id)", keeping: keeping)
        }
        return ChangeOutcome(events: events, state: state, blockers: state.isFinished ? nil : keptBlockers(after, state), result: ())
    }

    public func customers() async throws -> [Customer] {
        try await store.customers()
    }

    public func customer(_ id: String) async throws -> Customer {
        try await requireCustomer(id)
    }

    private static func apply(_ input: CustomerInput, to customer: inout Customer) throws {
        if let name = input.name {
            // Names are kept as typed (outputs clean or escape them for their context); only an
            // empty or absurdly long one is refused.
            let trimmed = name.trimmingBlanksAndNewlines()
            guard !trimmed.isEmpty, trimmed.count <= 1_000, !trimmed.unicodeScalars.contains("\u{0}") else {
                throw InputError.badName(name)
            }
            customer.name = trimmed
        }
        if let zone = input.timeZone {
            customer.timeZone = try TimeZone(ianaIdentifier: zone).identifier
        }
        if let window = input.window {
            if window.isEmpty {
                customer.window = nil
            } else {
                customer.window = try WindowSpec(parsing: window).description
            }
        }
        if let contacts = input.contacts {
            for contact in contacts where !isEmail(contact) { throw InputError.badContact(contact) }
            customer.contacts = contacts
        }
        if let sandbox = input.sandbox { customer.sandbox = sandbox }
    }

    /// The CSM (one line of printable text) and the LTS (a catalog version, stored as its id).
    private func applyPeople(_ input: CustomerInput, to customer: inout Customer) throws {
        if let csm = input.csm {
            let trimmed = csm.trimmingBlanks()
            guard trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw InputError.badPersonName(csm)
            }
            customer.csm = trimmed.isEmpty ? nil : trimmed
        }
        if let lts = input.lts {
            let trimmed = lts.trimmingBlanks()
            if trimmed.isEmpty {
                customer.lts = nil
            } else {
                guard let version = catalog.version(trimmed) else {
                    throw CatalogError.unknownVersion(trimmed, valid: catalog.validVersionNames)
                }
                customer.lts = version.id
            }
        }
    }

    static func checkCustomerID(_ id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        guard (1...64).contains(id.count), id.allSatisfy({ allowed.contains($0) }),
              let first = id.first, first.isLetter || first.isNumber else {
            throw InputError.badCustomerID(id)
        }
    }

    static func region(_ text: String) throws -> Region {
        try Region(parsing: text.lowercased())
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0 != "<" && $0 != ">" && $0 != "," }
    }
}
