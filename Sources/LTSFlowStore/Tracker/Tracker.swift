import Foundation
import LTSFlowEngine

/// The library's front door: every command of the tool is one call here.
///
/// A tracker joins the pure engine (definitions, catalog, state machine) to a store, with the
/// clock and the actor injected, so the command line stays a thin layer that parses and
/// prints. It holds no state of its own between calls.
public struct Tracker: Sendable {
    public let store: any UpgradeStore
    public let library: WorkflowLibrary
    public let catalog: LTSCatalog
    /// "Now" for every rule and every event of this call.
    public let now: Date
    /// Who is acting, recorded on every event.
    public let actor: String
    /// Parsed pinned definitions, shared between trackers of one process.
    public let cache: DefinitionCache

    public init(store: any UpgradeStore, library: WorkflowLibrary, catalog: LTSCatalog, now: Date, actor: String,
                cache: DefinitionCache = DefinitionCache()) {
        self.store = store
        self.library = library
        self.catalog = catalog
        self.now = now
        self.actor = actor
        self.cache = cache
    }

    /// The same tracker at another time and for another actor (the demo replays months).
    public func at(_ time: Date, actor: String? = nil) -> Tracker {
        Tracker(store: store, library: library, catalog: catalog, now: time, actor: actor ?? self.actor, cache: cache)
    }

    /// The built-in (or given) definition files: workflows and the catalog.
    ///
    /// - Throws: ``DefinitionError`` when a file is invalid or the catalog is missing.
    public static func definitions(files: [String: String]) throws(DefinitionError) -> (WorkflowLibrary, LTSCatalog) {
        let library = try WorkflowLibrary(files: files)
        guard let catalogText = files[WorkflowLibrary.catalogFile] ?? BuiltinDefinitions.files[WorkflowLibrary.catalogFile] else {
            throw DefinitionError([Diagnostic(code: "missing-catalog", message: "no \(WorkflowLibrary.catalogFile) found")])
        }
        let catalog = try LTSCatalog.parse(yaml: catalogText, file: WorkflowLibrary.catalogFile)
        return (library, catalog)
    }

    /// The machine of an upgrade: its pinned definition, its customer's contract and zone.
    func machine(for customer: Customer, upgrade: UpgradeRecord, definition: WorkflowDefinition) -> UpgradeMachine {
        let catalog = self.catalog
        let target = catalog.version(upgrade.to)
        let context = UpgradeContext(
            from: upgrade.from, to: upgrade.to, sandboxPurchased: customer.sandbox == .purchased,
            schedule: customer.schedule
        ) { text in
            guard let target else { return (true, "LTS \(upgrade.to) is not in the catalog, so coordination is assumed") }
            guard let cluster = SearchCluster(text) else { return (true, "the search cluster '\(text)' is not recognised, so coordination is assumed") }
            let decision = catalog.searchCoordination(current: cluster, target: target)
            return (decision.required, decision.reason)
        }
        return UpgradeMachine(definition: definition, context: context)
    }

    /// Parses a pinned definition, reusing earlier parses of the same hash.
    func pinned(_ hash: String) throws -> WorkflowDefinition {
        if let cached = cache.cached(hash) { return cached }
        guard let pinned = try store.definition(hash: hash) else {
            throw StoreError.database("the pinned definition \(hash.prefix(12)) is missing")
        }
        return try cache.definition(hash: hash, yaml: pinned.yaml)
    }

    /// The customer, or an error naming the closest ids.
    func requireCustomer(_ id: String) throws -> Customer {
        if let customer = try store.customer(id: id) { return customer }
        throw StoreError.unknownCustomer(id, suggestions: Suggestions.closest(to: id, among: try store.customerIDs()))
    }
}

extension Customer {
    /// The customer's maintenance schedule. Values were checked when the customer was saved; a
    /// row edited by hand falls back to the region's standard schedule.
    public var schedule: Schedule {
        let region = Region(rawValue: region) ?? .eu
        let window = window.flatMap { try? WindowSpec(parsing: $0) }
        return (try? Schedule(region: region, timeZone: timeZone, window: window)) ?? Schedule(region: region)
    }
}
