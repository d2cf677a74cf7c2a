import Foundation
import Synchronization
import LTSFlowEngine
import LTSFlowCore
import LTSFlowSQLite
#if PostgreSQL
import LTSFlowPostgres
#endif

/// A unique temporary directory for one test, removed when the test drops it.
package final class TemporaryDirectory: Sendable {
    package let url: URL

    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ltsflow-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Restore write bits removed by read-only tests so that the tree can be removed.
        if let paths = FileManager.default.enumerator(atPath: url.path) {
            for case let relative as String in paths {
                _ = try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.appendingPathComponent(relative).path)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }

    package func path(_ relative: String) -> String {
        url.appendingPathComponent(relative).path
    }
}

package enum Fixture {
    /// 2027-01-15T08:00:00Z: whole seconds, so dates survive the store's millisecond rounding as they are.
    package static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    package static let library = try! WorkflowLibrary.builtin()
    package static let workflow = library.workflows[WorkflowLibrary.defaultWorkflowID]!

    package static func pinned(yaml: String = workflow.yaml) -> PinnedDefinition {
        let definition = (try? WorkflowDefinition.load(yaml: yaml, file: "test.yaml").definition) ?? workflow.definition
        return PinnedDefinition(workflowID: definition.id, version: definition.version, hash: PinnedDefinition.hash(of: yaml), yaml: yaml)
    }

    package static func customer(_ id: String, sandbox: SandboxContract = .none) -> Customer {
        Customer(id: id, name: "\(id.capitalized) Corp", region: "eu", timeZone: "Europe/Paris", window: nil,
                 contacts: ["ops@\(id).example"], sandbox: sandbox, createdAt: t0)
    }

    package static func context(_ customer: Customer, from: String = "2021", to: String = "2023") -> UpgradeContext {
        UpgradeContext(from: from, to: to, sandboxPurchased: customer.sandbox == .purchased,
                       schedule: customer.schedule,
                       searchCoordination: { _ in (false, "the search cluster is supported by the target LTS") })
    }

    /// The engine's blockers of a state, decided at `now` (what the tracker hands the store to keep).
    package static func blockers(_ machine: UpgradeMachine, _ state: UpgradeState, at now: Date) -> BlockerSnapshot {
        var validity = Validity(from: now)
        let blockers = machine.allBlockers(in: state, at: now, validity: &validity)
        return BlockerSnapshot(blockers: blockers, validity: validity)
    }

    private static let parsed = Locked<[String: WorkflowDefinition]>([:])

    /// The definition of a pinned text, parsed once per test process.
    package static func definition(_ pinned: PinnedDefinition) -> WorkflowDefinition {
        if let known = parsed.withLock({ $0[pinned.hash] }) { return known }
        let definition = try! WorkflowDefinition.load(yaml: pinned.yaml, file: "pinned.yaml").definition
        parsed.withLock { $0[pinned.hash] = definition }
        return definition
    }
}

/// A value shared by the tasks or threads of a test, for results gathered from several of them:
/// `Synchronization.Mutex` (which cannot be copied) in a class, so that closures can share it.
package final class Locked<Value: Sendable>: Sendable {
    private let mutex: Synchronization.Mutex<Value>

    package init(_ value: Value) { mutex = Synchronization.Mutex(value) }

    package func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T {
        mutex.withLock { body(&$0) }
    }
}

extension UpgradeStore {
    /// Opens an upgrade the way `ltsflow upgrade start` does; with `keeping`, the store keeps
    /// the blockers of the state it leaves, decided at `now`.
    @discardableResult
    package func begin(_ customerID: String, from: String = "2021", to: String = "2023", pinned: PinnedDefinition = Fixture.pinned(),
               facts: [String: String] = ["search.cluster": "elasticsearch 7.9"], at now: Date = Fixture.t0,
               keeping: Bool = false) async throws -> UpgradeRecord {
        let definition = Fixture.definition(pinned)
        let new = NewUpgrade(customer: customerID, from: from, to: to, definition: pinned, stages: definition.stages.map(\.id))
        return try await beginUpgrade(new) { customer in
            let machine = UpgradeMachine(definition: definition, context: Fixture.context(customer, from: from, to: to))
            let events = try machine.begin(facts: facts.map { FactAssignment(key: $0.key, value: $0.value) }, at: now, actor: "tester")
            let state = UpgradeState(definition: definition).applying(events)
            return ChangeOutcome(events: events, state: state, blockers: keeping ? Fixture.blockers(machine, state, at: now) : nil, result: ())
        }.upgrade
    }

    /// Runs one command the way the CLI does: the engine decides inside the store's transaction;
    /// with `keeping`, the store keeps the blockers of the state it leaves, decided at `now`.
    @discardableResult
    package func run(_ customerID: String, _ command: Command, at now: Date = Fixture.t0, actor: String = "tester",
             keeping: Bool = false) async throws -> [Event] {
        try await change(customer: customerID) { locked in
            let machine = UpgradeMachine(definition: Fixture.definition(locked.definition),
                                         context: Fixture.context(locked.customer, from: locked.upgrade.from, to: locked.upgrade.to))
            let events = try machine.apply(command, to: locked.state, at: now, actor: actor)
            let state = locked.state.applying(events)
            return ChangeOutcome(events: events, state: state, blockers: keeping ? Fixture.blockers(machine, state, at: now) : nil,
                                 result: events)
        }
    }

    /// Forces every open stage until the upgrade is finished; returns the last event's time.
    package func finish(_ customerID: String, from start: Date) async throws -> Date {
        var now = start
        while let progress = try await progress(customer: customerID), progress.upgrade?.status == .active,
              let state = progress.state,
              let next = Fixture.workflow.definition.stages.first(where: { [.ready, .active].contains(state[stage: $0.id].status) }) {
            now += 3600
            try await run(customerID, .force(stage: next.id, reason: "test shortcut"), at: now)
        }
        return now
    }
}

/// The bytes of a file, to prove it was left untouched.
package func contents(_ path: String) -> Data? {
    FileManager.default.contents(atPath: path)
}

package func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// A backend the store contract suite runs against, by name: SQLite here; PostgreSQL joins the
/// list when an environment variable names a server.
package struct Backend: Sendable, CustomStringConvertible {
    package let name: String
    /// Opens the backend's store for a test, keeping its data in `directory` (or, for a
    /// server, in a schema of its own): opening it again in the same directory finds the data.
    package let open: @Sendable (_ directory: TemporaryDirectory) async throws -> any UpgradeStore

    package var description: String { name }

    package static let sqlite = Backend(name: "SQLite", open: { directory in try SQLiteStore(path: directory.path("ltsflow.sqlite")) })

    /// SQLite; and PostgreSQL in a build with the trait when `LTSFLOW_TEST_POSTGRES` names the
    /// test server (scripts/postgres-test-cluster).
    package static let all: [Backend] = {
        #if PostgreSQL
        if PostgresTestDatabase.serverURL != nil { return [sqlite, postgres] }
        #endif
        return [sqlite]
    }()

    /// PostgreSQL when its tests run in this process (a build with the trait and
    /// `LTSFLOW_TEST_POSTGRES` set), else nil.
    package static let server: Backend? = {
        #if PostgreSQL
        if PostgresTestDatabase.serverURL != nil { return postgres }
        #endif
        return nil
    }()

    /// Why the PostgreSQL tests are not run in this process, in one line (nil when they are):
    /// the reason a test given `.enabled(if: Backend.server != nil, …)` prints instead of passing.
    package static let serverMissing: String? = {
        #if PostgreSQL
        if PostgresTestDatabase.serverURL != nil { return nil }
        return "LTSFLOW_TEST_POSTGRES is not set: PostgreSQL tests skipped (eval \"$(scripts/postgres-test-cluster start)\")"
        #else
        return "built without the trait PostgreSQL: PostgreSQL tests skipped (swift test --enable-all-traits)"
        #endif
    }()
}
