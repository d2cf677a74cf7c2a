import Foundation
import LTSFlowEngine

/// Whether a customer's contract includes a development sandbox.
public enum SandboxContract: String, Sendable, Hashable, Codable, CaseIterable {
    case purchased
    case none
}

/// A customer of Nuxeo Cloud.
public struct Customer: Sendable, Hashable, Codable {
    /// Short id used on the command line, e.g. `acme`.
    public var id: String
    public var name: String
    /// `eu`, `us` or `jp`.
    public var region: String
    /// IANA zone; the region's zone unless overridden.
    public var timeZone: String
    /// Maintenance window override such as `22:00-00:00`; nil for the standard window.
    public var window: String?
    public var contacts: [String]
    public var sandbox: SandboxContract
    public var createdAt: Date
    /// The customer success manager assigned to the customer (a person's name as `--as` gives it); nil when none.
    public var csm: String?
    /// The LTS the customer runs now, as the catalog names it (`2021`); set to the target when an
    /// upgrade closes out; nil when not recorded.
    public var lts: String?

    public init(id: String, name: String, region: String, timeZone: String, window: String? = nil,
                contacts: [String] = [], sandbox: SandboxContract, createdAt: Date, csm: String? = nil, lts: String? = nil) {
        self.csm = csm
        self.lts = lts
        self.id = id
        self.name = name
        self.region = region
        self.timeZone = timeZone
        self.window = window
        self.contacts = contacts
        self.sandbox = sandbox
        self.createdAt = createdAt
    }
}

/// Whether an upgrade is under way.
public enum UpgradeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Under way; a customer has at most one.
    case active
    /// Its final stage is done.
    case finished
    /// Ended by `upgrade cancel` before it finished; its history is kept.
    case cancelled

    /// Finished or cancelled: no longer under way.
    public var isOver: Bool { self != .active }
}

/// A definition pinned by an upgrade: the exact text it started with and its hash.
public struct PinnedDefinition: Sendable, Hashable {
    /// The SHA-256 of the UTF-8 text, as 64 lowercase hex digits: the id of a pinned definition.
    public static func hash(of yaml: String) -> String {
        SHA256.hex(yaml)
    }

    public var workflowID: String
    public var version: Int
    /// SHA-256 of `yaml`, hex.
    public var hash: String
    public var yaml: String

    public init(workflowID: String, version: Int, hash: String, yaml: String) {
        self.workflowID = workflowID
        self.version = version
        self.hash = hash
        self.yaml = yaml
    }

    /// The built-in workflow whose text has this hash, as an upgrade that started on it pins
    /// it: a store that reads this hash on an upgrade need not read the text too. Nil for a
    /// custom workflow or an older built-in text.
    public static func builtin(hash: String) -> PinnedDefinition? {
        builtins[hash]
    }

    /// The built-in workflows by hash, hashed the first time a store asks.
    private static let builtins: [String: PinnedDefinition] = {
        // BuiltinDefinitionsTests prove the compiled-in files load.
        guard let library = try? WorkflowLibrary.builtin() else { return [:] }
        var pinned: [String: PinnedDefinition] = [:]
        for (definition, yaml) in library.workflows.values {
            let hash = hash(of: yaml)
            pinned[hash] = PinnedDefinition(workflowID: definition.id, version: definition.version, hash: hash, yaml: yaml)
        }
        return pinned
    }()
}

/// One upgrade of one customer from one LTS to another.
public struct UpgradeRecord: Sendable, Hashable {
    public var id: Int64
    public var customerID: String
    public var from: String
    public var to: String
    public var workflowID: String
    public var definitionHash: String
    public var status: UpgradeStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// The number of events so far; events are numbered 1…eventCount with no gap.
    public var eventCount: Int

    public init(id: Int64, customerID: String, from: String, to: String, workflowID: String, definitionHash: String,
                status: UpgradeStatus, startedAt: Date, finishedAt: Date?, eventCount: Int) {
        self.id = id
        self.customerID = customerID
        self.from = from
        self.to = to
        self.workflowID = workflowID
        self.definitionHash = definitionHash
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.eventCount = eventCount
    }
}

/// An event as stored, with its place in the upgrade's history.
public struct StoredEvent: Sendable, Hashable {
    public var upgradeID: Int64
    /// 1-based, contiguous per upgrade.
    public var sequence: Int
    public var event: Event

    public init(upgradeID: Int64, sequence: Int, event: Event) {
        self.upgradeID = upgradeID
        self.sequence = sequence
        self.event = event
    }
}

/// A customer with its current (or last) upgrade and that upgrade's state.
public struct CustomerProgress: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord?
    public var state: UpgradeState?
    /// The upgrade's pinned definition, when the store read it with the rest (``UpgradeStore/forEachProgress(_:)``
    /// does, so that its caller need not query the store while it iterates).
    public var definition: PinnedDefinition?

    public init(customer: Customer, upgrade: UpgradeRecord?, state: UpgradeState?, definition: PinnedDefinition? = nil) {
        self.customer = customer
        self.upgrade = upgrade
        self.state = state
        self.definition = definition
    }
}

/// A customer's active upgrade as the store read it under the write lock of a change: what
/// the change's step decides from.
public struct LockedUpgrade: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    public var definition: PinnedDefinition
    public var state: UpgradeState

    public init(customer: Customer, upgrade: UpgradeRecord, definition: PinnedDefinition, state: UpgradeState) {
        self.customer = customer
        self.upgrade = upgrade
        self.definition = definition
        self.state = state
    }
}

/// What a change's step decided, for the store to write in the same transaction.
public struct ChangeOutcome<Result: Sendable>: Sendable {
    /// The events to append, in order, their times at the store's precision (``StoreDate/normalized(_:)``).
    public var events: [Event]
    /// The state those events leave (folded once, by the step).
    public var state: UpgradeState
    /// The blockers of that state, for the store to keep; nil keeps none.
    public var blockers: BlockerSnapshot?
    public var result: Result

    public init(events: [Event], state: UpgradeState, blockers: BlockerSnapshot?, result: Result) {
        self.events = events
        self.state = state
        self.blockers = blockers
        self.result = result
    }
}

/// An upgrade to open (``UpgradeStore/beginUpgrade(_:_:)``).
public struct NewUpgrade: Sendable {
    public var customer: String
    public var from: String
    public var to: String
    public var definition: PinnedDefinition
    /// The stage ids of the definition, in workflow order: the stage rows and their positions.
    public var stages: [String]

    public init(customer: String, from: String, to: String, definition: PinnedDefinition, stages: [String]) {
        self.customer = customer
        self.from = from
        self.to = to
        self.definition = definition
        self.stages = stages
    }
}

extension UpgradeState {
    /// Whether every stage is done or skipped: the upgrade is then finished.
    public var isFinished: Bool {
        !stages.isEmpty && stages.values.allSatisfy(\.status.isFinished)
    }
}

/// An upgrade's blockers as decided right after a change, and how long they hold: a store may
/// keep them beside the state and answer `blocked` from them while "now" is in ``validity``.
public struct BlockerSnapshot: Sendable, Hashable {
    /// Every blocker of the upgrade, in workflow order (``UpgradeMachine/allBlockers(in:at:validity:)``).
    public var blockers: [Blocker]
    public var validity: Validity

    public init(blockers: [Blocker], validity: Validity) {
        self.blockers = blockers
        self.validity = validity
    }
}

/// One active upgrade for the `blocked` list, as ``UpgradeStore/forEachBlockerWork(customer:now:rules:_:)``
/// hands it out: the blockers its last change kept (they hold now, and their bytes are readable),
/// or the rows to decide them from.
public enum BlockerWork: Sendable {
    case kept(customer: String, KeptBlockers)
    case undecided(OpenUpgradeRows)
}

/// An active upgrade with its open stages and facts as read, for deciding its blockers.
public struct OpenUpgradeRows: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    /// The open stages, in workflow position order.
    public var stages: [(id: String, state: StageState)] = []
    public var facts: [(key: String, value: String)] = []
    public var definition = PinnedDefinition(workflowID: "", version: 0, hash: "", yaml: "")

    public init(customer: Customer, upgrade: UpgradeRecord) {
        self.customer = customer
        self.upgrade = upgrade
    }
}

/// The blockers kept for an active upgrade by its last change, for `doctor` to compare with
/// what the engine decides.
public struct HeldBlockerList: Sendable {
    public var customer: String
    public var upgradeID: Int64
    public var from: String
    public var to: String
    /// Nil when the kept value cannot be read.
    public var blockers: [Blocker]?

    public init(customer: String, upgradeID: Int64, from: String, to: String, blockers: [Blocker]?) {
        self.customer = customer
        self.upgradeID = upgradeID
        self.from = from
        self.to = to
        self.blockers = blockers
    }
}
