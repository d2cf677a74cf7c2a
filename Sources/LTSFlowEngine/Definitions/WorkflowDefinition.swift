import Foundation

/// A workflow as loaded from YAML: the stages of an upgrade, their order and their rules.
///
/// Definitions are plain values: parsing and validation happen once in
/// ``WorkflowDefinition/load(yaml:file:)``, which returns a definition only when the whole file
/// is valid, so no part of the engine ever sees a half-loaded workflow.
public struct WorkflowDefinition: Sendable, Hashable {
    /// Kebab-case identifier, e.g. `nuxeo-lts-upgrade`.
    public var id: String
    /// A positive number bumped whenever the definition changes meaning.
    public var version: Int
    public var title: String
    /// Named numbers the guards refer to (notice days, lead days …).
    public var parameters: [String: Int]
    /// The facts an upgrade records, in file order.
    public var facts: [FactDefinition]
    /// The stages in file order; the first is the entry stage, the last the final one.
    public var stages: [StageDefinition]

    public init(id: String, version: Int, title: String, parameters: [String: Int], facts: [FactDefinition], stages: [StageDefinition]) {
        self.id = id
        self.version = version
        self.title = title
        self.parameters = parameters
        self.facts = facts
        self.stages = stages
    }

    public func stage(_ id: String) -> StageDefinition? {
        stages.first { $0.id == id }
    }

    public func fact(_ key: String) -> FactDefinition? {
        facts.first { $0.key == key }
    }

    /// Stages that list `id` among their dependencies, in file order.
    public func dependants(of id: String) -> [StageDefinition] {
        stages.filter { $0.dependsOn.contains(id) }
    }

    /// Every stage that depends on `id`, directly or through others, in file order.
    public func transitiveDependants(of id: String) -> [StageDefinition] {
        var found = Set<String>()
        var queue = [id]
        while let next = queue.popLast() {
            for dependant in dependants(of: next) where found.insert(dependant.id).inserted {
                queue.append(dependant.id)
            }
        }
        return stages.filter { found.contains($0.id) }
    }
}

/// Who a stage or a blocker waits on.
public enum Owner: String, Sendable, Hashable, Codable, CaseIterable {
    case csm
    case customer
    case cloudTeam = "cloud-team"
    case support
}

/// The type of a fact's value, which decides how it is parsed and compared.
public enum FactType: String, Sendable, Hashable, Codable, CaseIterable {
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DDTHH:MM` in the customer's zone, or with an explicit offset (`+01:00`, `Z`).
    case datetime
    /// Free text.
    case text
    /// A ticket key such as `SUPNXP-1234`.
    case ticket
    /// A search cluster such as `elasticsearch 7.9`.
    case searchCluster = "search-cluster"

    /// The accepted format, in words, for error messages.
    public var format: String {
        switch self {
        case .date: "a date YYYY-MM-DD"
        case .datetime: "a local date-time YYYY-MM-DDTHH:MM (or with an offset such as +01:00)"
        case .text: "text"
        case .ticket: "a ticket key such as SUPNXP-1234"
        case .searchCluster: "a search cluster such as \"elasticsearch 7.9\" or \"opensearch 1.3\""
        }
    }
}

/// A fact an upgrade records, such as `cutover.at`.
public struct FactDefinition: Sendable, Hashable {
    public var key: String
    public var type: FactType
    public var title: String
    /// Who is expected to provide it; blockers about it wait on this owner.
    public var owner: Owner?
    /// The fact records something that happened (a notice sent, a ticket filed): it can't be
    /// later than today in the customer's zone (for a date-time: later than now).
    public var recorded: Bool
    /// The 1-based line of the fact in its file, for diagnostics.
    public var line: Int?

    public init(key: String, type: FactType, title: String, owner: Owner? = nil, recorded: Bool = false, line: Int? = nil) {
        self.recorded = recorded
        self.line = line
        self.key = key
        self.type = type
        self.title = title
        self.owner = owner
    }
}

/// A condition computed from the customer's contract, the facts and the catalog.
public enum ConditionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The customer's contract includes a development sandbox.
    case sandboxPurchased = "sandbox-purchased"
    /// The current search cluster is not supported by the target LTS (docs/domain.md, "Search
    /// coordination").
    case searchCoordinationNeeded = "search-coordination-needed"
}

/// When a guard is checked.
public enum GuardMoment: String, Sendable, Hashable, Codable, CaseIterable {
    /// Before the stage becomes active.
    case start
    /// Before the stage is done (the default).
    case complete
}

/// One stage of a workflow.
public struct StageDefinition: Sendable, Hashable {
    /// Kebab-case identifier, unique in the workflow.
    public var id: String
    public var title: String
    /// Who does the work by default.
    public var owner: Owner
    /// Stages that must be done or skipped before this one is ready.
    public var dependsOn: [String]
    /// May be skipped by a person, with a reason.
    public var optional: Bool
    /// When set, the stage is required only while the condition holds; otherwise it is skipped
    /// automatically with the condition's reason.
    public var condition: ConditionKind?
    /// Facts that must be recorded before the stage can be completed.
    public var needs: [String]
    public var guards: [GuardSpec]
    /// Expected working days, for overdue detection.
    public var expectedDays: Int?
    /// The 1-based line of the stage in its file, for diagnostics.
    public var line: Int?

    public init(id: String, title: String, owner: Owner, dependsOn: [String] = [], optional: Bool = false,
                condition: ConditionKind? = nil, needs: [String] = [], guards: [GuardSpec] = [],
                expectedDays: Int? = nil, line: Int? = nil) {
        self.id = id
        self.title = title
        self.owner = owner
        self.dependsOn = dependsOn
        self.optional = optional
        self.condition = condition
        self.needs = needs
        self.guards = guards
        self.expectedDays = expectedDays
        self.line = line
    }
}
