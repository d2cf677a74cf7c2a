import Foundation
import LTSFlowEngine
import Synchronization

/// The library's front door: every command of the tool is one call here.
///
/// A tracker joins the pure engine (definitions, catalog, state machine) to a store, with the
/// clock and the actor injected, so the command line stays a thin layer that parses and
/// prints. It holds no state of its own between calls.
public struct Tracker: Sendable {
    public let store: any UpgradeStore
    /// The workflows new upgrades can start with (parsed on first use when built in).
    public var library: WorkflowLibrary { definitions.library }
    /// The LTS catalog (parsed on first use when built in).
    public var catalog: LTSCatalog { definitions.catalog }
    /// "Now" for every rule and every event of this call.
    public let now: Date
    /// Who is acting, recorded on every event.
    public let actor: String
    /// Parsed pinned definitions, shared between trackers of one process.
    public let cache: DefinitionCache
    /// The library and the catalog, given or parsed on first use.
    let definitions: Definitions

    public init(store: any UpgradeStore, library: WorkflowLibrary, catalog: LTSCatalog, now: Date, actor: String,
                cache: DefinitionCache = .shared) {
        self.init(store: store, definitions: Definitions(library: library, catalog: catalog), now: now, actor: actor, cache: cache)
    }

    /// A tracker on the built-in definitions, each parsed only when a call needs it: reading a
    /// customer's status needs neither the workflow library nor (usually) the catalog.
    public init(store: any UpgradeStore, builtinDefinitionsAt now: Date, actor: String, cache: DefinitionCache = .shared) {
        self.init(store: store, definitions: Definitions(), now: now, actor: actor, cache: cache)
    }

    init(store: any UpgradeStore, definitions: Definitions, now: Date, actor: String, cache: DefinitionCache) {
        self.store = store
        self.definitions = definitions
        self.now = now
        self.actor = actor
        self.cache = cache
    }

    /// The same tracker at another time and for another actor (the demo replays months).
    public func at(_ time: Date, actor: String? = nil) -> Tracker {
        Tracker(store: store, definitions: definitions, now: time, actor: actor ?? self.actor, cache: cache)
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
        machine(for: customer, schedule: customer.schedule, upgrade: upgrade, definition: definition)
    }

    /// ``machine(for:upgrade:definition:)`` with the customer's schedule already built (callers
    /// that go through many customers share one schedule per zone and window).
    ///
    /// The catalog is consulted only when a rule asks whether the search cluster needs
    /// coordination, so commands that never ask do not parse it.
    func machine(for customer: Customer, schedule: Schedule, upgrade: UpgradeRecord, definition: WorkflowDefinition) -> UpgradeMachine {
        let definitions = self.definitions
        let context = UpgradeContext(
            from: upgrade.from, to: upgrade.to, sandboxPurchased: customer.sandbox == .purchased,
            schedule: schedule, customer: customer.id
        ) { text in
            definitions.searchCoordination(cluster: text, target: upgrade.to)
        }
        return UpgradeMachine(definition: definition, context: context)
    }

    /// Parses a pinned definition, reusing earlier parses of the same hash.
    func pinned(_ hash: String) async throws -> WorkflowDefinition {
        if let cached = cache.cached(hash) { return cached }
        guard let text = try await store.definition(hash: hash) else { throw StoreError.missingDefinition(hash: hash, upgrade: nil) }
        return try pinned(text)
    }

    /// The parsed form of a pinned definition already read (inside a change's transaction, say),
    /// without reading it again.
    func pinned(_ pinned: PinnedDefinition) throws -> WorkflowDefinition {
        if let cached = cache.cached(pinned.hash) { return cached }
        return try cache.definition(hash: pinned.hash, yaml: pinned.yaml)
    }

    /// The customer, or an error naming the closest ids.
    func requireCustomer(_ id: String) async throws(StoreError) -> Customer {
        if let customer = try await store.customer(id: id) { return customer }
        throw StoreError.unknownCustomer(id, among: try await store.customerIDs())
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

/// The workflow library and the LTS catalog of a tracker: given up front, or the built-in ones
/// parsed the first time a call needs them (a status or a blocked list needs neither the
/// library nor, most of the time, the catalog; parsing them costs more than the query).
final class Definitions: Sendable {
    private struct Loaded {
        var library: WorkflowLibrary?
        var catalog: LTSCatalog?
        var versions: [String: LTSVersion?] = [:]
        var decisions: [String: (required: Bool, reason: String)] = [:]
    }

    private let loaded: Mutex<Loaded>

    init(library: WorkflowLibrary, catalog: LTSCatalog) {
        loaded = Mutex(Loaded(library: library, catalog: catalog))
    }

    /// The built-in definitions, parsed on first use.
    init() {
        loaded = Mutex(Loaded())
    }

    var library: WorkflowLibrary {
        loaded.withLock { loaded in
            if let library = loaded.library { return library }
            do {
                let library = try WorkflowLibrary.builtin()
                loaded.library = library
                return library
            } catch {
                // BuiltinDefinitionsTests prove the compiled-in files load.
                preconditionFailure("the built-in workflow definitions do not load: \(error)")
            }
        }
    }

    var catalog: LTSCatalog {
        loaded.withLock { Self.catalog(&$0) }
    }

    /// The catalog's version for an id, looked up once per id.
    func version(_ id: String) -> LTSVersion? {
        loaded.withLock { loaded in
            if let known = loaded.versions[id] { return known }
            let found = Self.catalog(&loaded).version(id)
            loaded.versions[id] = found
            return found
        }
    }

    /// Whether a search cluster needs coordination for a target LTS, and why: decided once
    /// per cluster text and target (a settle asks for every stage change).
    func searchCoordination(cluster text: String, target id: String) -> (required: Bool, reason: String) {
        let key = "\(text)\u{0}\(id)"
        if let known = loaded.withLock({ $0.decisions[key] }) { return known }
        let decision: (required: Bool, reason: String)
        if let target = version(id) {
            if let cluster = SearchCluster(text) {
                let found = catalog.searchCoordination(current: cluster, target: target)
                decision = (found.required, found.reason)
            } else {
                decision = (true, "the search cluster '\(text)' is not recognised, so coordination is assumed")
            }
        } else {
            decision = (true, "LTS \(id) is not in the catalog, so coordination is assumed")
        }
        loaded.withLock { $0.decisions[key] = decision }
        return decision
    }

    private static func catalog(_ loaded: inout Loaded) -> LTSCatalog {
        if let catalog = loaded.catalog { return catalog }
        guard let text = BuiltinDefinitions.files[WorkflowLibrary.catalogFile] else {
            preconditionFailure("no built-in \(WorkflowLibrary.catalogFile)")
        }
        do {
            let catalog = try LTSCatalog.parse(yaml: text, file: WorkflowLibrary.catalogFile)
            loaded.catalog = catalog
            return catalog
        } catch {
            // CatalogFileTests prove the compiled-in catalog loads.
            preconditionFailure("the built-in LTS catalog does not load: \(error)")
        }
    }
}
