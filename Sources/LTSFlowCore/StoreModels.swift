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

    public init(id: String, name: String, region: String, timeZone: String, window: String? = nil,
                contacts: [String] = [], sandbox: SandboxContract, createdAt: Date) {
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

/// What a change must know to compute its events: read inside the write transaction.
public struct ChangeContext: Sendable {
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

/// Decides the blockers of an upgrade from the state a change leaves (the context of the
/// change, after it): the engine's answer, for the store to keep.
public typealias BlockerDecision = (_ after: ChangeContext) throws -> BlockerSnapshot?

/// A stage that someone should be on (ready, active or blocked), as ``UpgradeStore/openStages()``
/// lists them for `ltsflow blocked`.
public struct OpenStage: Sendable, Hashable {
    public var customerID: String
    public var upgradeID: Int64
    public var stageID: String
    /// The stage's place in its workflow, 0 for the first.
    public var position: Int
    public var state: StageState

    public init(customerID: String, upgradeID: Int64, stageID: String, position: Int, state: StageState) {
        self.customerID = customerID
        self.upgradeID = upgradeID
        self.stageID = stageID
        self.position = position
        self.state = state
    }
}

/// An active upgrade with its open stages and its facts, as ``UpgradeStore/openUpgrades(customer:)``
/// lists them for `ltsflow blocked`.
public struct OpenUpgrade: Sendable {
    public var customer: Customer
    public var upgrade: UpgradeRecord
    /// The ready, active and blocked stages, by stage id.
    public var stages: [String: StageState]
    public var facts: [String: String]

    public init(customer: Customer, upgrade: UpgradeRecord, stages: [String: StageState], facts: [String: String]) {
        self.customer = customer
        self.upgrade = upgrade
        self.stages = stages
        self.facts = facts
    }

    /// The state as far as blockers are concerned: the open stages and every fact (stages not
    /// listed read as pending, which has no blocker).
    public var state: UpgradeState { UpgradeState(stages: stages, facts: facts) }
}

/// One active upgrade for the `blocked` list, as ``UpgradeStore/forEachBlockerWork(customer:now:rules:_:)``
/// hands it out: the blockers its last change kept (they hold now), or the rows to decide them from.
public enum BlockerWork: Sendable {
    case kept(customer: String, [Blocker])
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
