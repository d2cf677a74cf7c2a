import Foundation
import Testing
@testable import LTSFlowEngine

/// Builds dates in UTC from `yyyy-MM-dd'T'HH:mm`.
func utc(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
    guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
    return date
}

/// The default workflow, loaded from the built-in copy.
func defaultWorkflow() throws -> WorkflowDefinition {
    let library = try WorkflowLibrary.builtin()
    return try #require(library.workflows[WorkflowLibrary.defaultWorkflowID]?.definition)
}

/// A machine on the default workflow with a simple search rule: clusters starting with
/// `supported` need no coordination.
func defaultMachine(sandbox: Bool = true, region: Region = .eu, zone: String? = nil, window: String? = nil,
                    supported: String = "opensearch") throws -> UpgradeMachine {
    let schedule = try Schedule(region: region, timeZone: zone, window: window.map(WindowSpec.init(parsing:)))
    let context = UpgradeContext(from: "2021", to: "2023", sandboxPurchased: sandbox, schedule: schedule) { cluster in
        cluster.hasPrefix(supported) ? (false, "\(cluster) is supported") : (true, "\(cluster) is not supported")
    }
    return UpgradeMachine(definition: try defaultWorkflow(), context: context)
}

/// A machine on the default workflow whose search rule is the real catalog's (docs/domain.md,
/// "Search coordination").
func catalogMachine(from: String, to: String, sandbox: Bool, region: Region = .eu) throws -> UpgradeMachine {
    let catalog = try LTSCatalog.parse(yaml: try #require(BuiltinDefinitions.files["nuxeo-lts-catalog.yaml"]), file: "catalog")
    let target = try #require(catalog.version(to))
    let context = UpgradeContext(from: from, to: to, sandboxPurchased: sandbox, schedule: Schedule(region: region)) { text in
        guard let cluster = SearchCluster(text) else { return (true, "unknown cluster") }
        let decision = catalog.searchCoordination(current: cluster, target: target)
        return (decision.required, decision.reason)
    }
    return UpgradeMachine(definition: try defaultWorkflow(), context: context)
}

/// Runs commands one after another, folding their events, failing the test on a refusal.
struct Walk {
    let machine: UpgradeMachine
    var state: UpgradeState
    var events: [Event]
    var now: Date

    init(_ machine: UpgradeMachine, facts: [String: String] = ["search.cluster": "elasticsearch 7.17"], at now: Date = utc("2026-12-01T09:00")) throws {
        self.machine = machine
        self.now = now
        let assignments = facts.sorted { $0.key < $1.key }.map { FactAssignment(key: $0.key, value: $0.value) }
        events = try machine.begin(facts: assignments, at: now, actor: "tester")
        state = UpgradeState.replay(events, definition: machine.definition)
    }

    @discardableResult
    mutating func run(_ command: Command, at time: String? = nil) throws -> [Event] {
        if let time { now = utc(time) }
        let new = try machine.apply(command, to: state, at: now, actor: "tester")
        state = state.applying(new)
        events += new
        return new
    }

    func status(_ stage: String) -> StageStatus { state[stage: stage].status }
}
