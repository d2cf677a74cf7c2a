import Foundation
import LTSFlowEngine
@testable import LTSFlowCore

/// The one adapter between the model-based test and the core: every call to the system under
/// test goes through here (the core is `async`: only this type and the run's loop await it).
struct SystemUnderTest {
    static let customer = "model-co"
    /// The actor of every step: the contract suite's, which on PostgreSQL is the login itself
    /// (a server's history records the login).
    static let actor = "tester"
    let store: any UpgradeStore
    let library: WorkflowLibrary
    let catalog: LTSCatalog
    /// Parsed pinned definitions, shared by the trackers of one sequence as by a CLI process.
    let cache = DefinitionCache()

    /// Loads the test's workflow through the custom-definitions path (`--workflows DIR`).
    init(store: any UpgradeStore) throws {
        self.store = store
        (library, catalog) = try Tracker.definitions(files: [ModelWorkflow.fileName: ModelWorkflow.yaml])
    }

    private func tracker(at now: Date) -> Tracker {
        Tracker(store: store, library: library, catalog: catalog, now: now, actor: Self.actor, cache: cache)
    }

    /// Performs the step at `now` and says how it was answered, with the error's text when
    /// refused (for the failure message).
    func run(_ step: Step, at now: Date) async -> (answer: Answer, message: String?) {
        let tracker = tracker(at: now)
        do {
            switch step {
            case .addCustomer(let zone, let sandbox):
                try await tracker.addCustomer(id: Self.customer, CustomerInput(name: "Model Co", region: "eu", timeZone: zone,
                                                                         sandbox: sandbox ? .purchased : SandboxContract.none))
            case .startUpgrade:
                _ = try await tracker.startUpgrade(customer: Self.customer, from: "2023", to: "2025", searchCluster: nil, workflow: ModelWorkflow.id)
            case .editZone(let zone):
                try await tracker.editCustomer(id: Self.customer, CustomerInput(timeZone: zone))
            case .editWindow(let window):
                try await tracker.editCustomer(id: Self.customer, CustomerInput(window: window))
            case .editSandbox(let purchased):
                try await tracker.editCustomer(id: Self.customer, CustomerInput(sandbox: purchased ? .purchased : SandboxContract.none))
            default:
                try await tracker.perform(Self.command(step), customer: Self.customer)
            }
            return (.accepted, nil)
        } catch {
            return (.refused(Self.refusal(error)), (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
    }

    private static func command(_ step: Step) -> Command {
        switch step {
        case .start(let stage): .start(stage: stage)
        case .complete(let stage): .complete(stage: stage)
        case .advance(let stage): .advance(stage: stage)
        case .block(let stage, let reason): .block(stage: stage, reason: reason, owner: nil, ticket: nil)
        case .unblock(let stage): .unblock(stage: stage)
        case .skip(let stage, let reason): .skip(stage: stage, reason: reason)
        case .reopen(let stage, let reason): .reopen(stage: stage, reason: reason)
        case .force(let stage, let reason): .force(stage: stage, reason: reason)
        case .set(let assignments): .set(assignments.map { FactAssignment(key: $0.key, value: $0.value) })
        case .addCustomer, .startUpgrade, .editZone, .editWindow, .editSandbox: preconditionFailure("not a command: \(step)")
        }
    }

    /// The kind of a refusal, from the error the core threw.
    private static func refusal(_ error: any Error) -> Refusal {
        switch error {
        case let engine as EngineError:
            switch engine {
            case .unknownStage: return .unknownStage
            case .unknownFact: return .unknownFact
            case .badFactValue: return .badValue
            case .missingReason: return .missingReason
            // A `set` or a customer edit refused as a whole: an every-moment rule (they move no stage).
            case .refused(let verb, _, _) where verb == "set" || verb == "edit": return .rule
            case .refused(_, let stage, let reasons): return .notNow(stage: stage, reasons: reasons.count)
            }
        case let store as StoreError:
            switch store {
            case .noUpgrade: return .noUpgrade
            case .activeUpgradeExists: return .upgradeUnderWay
            default: return .unexpected("StoreError: \(store)")
            }
        case is InputError, is SchedulingError:
            return .badInput
        default:
            return .unexpected("\(type(of: error)): \(error.localizedDescription)")
        }
    }

    /// What `status` shows: the active (or last) upgrade's stages and facts.
    func snapshot(at now: Date) async throws -> Snapshot {
        let view: UpgradeView
        do {
            view = try await tracker(at: now).view(customer: Self.customer)
        } catch StoreError.noUpgrade {
            return Snapshot(upgrade: .none, stages: [:], facts: [:])
        }
        return Snapshot(upgrade: view.upgrade.status == .active ? .active : .finished,
                        stages: view.state.stages.mapValues(\.status.rawValue), facts: view.state.facts)
    }

    /// The recorded history of every upgrade of the customer, oldest first.
    func histories() async throws -> [[HistoryEvent]] {
        var histories: [[HistoryEvent]] = []
        for upgrade in try await store.upgrades(customer: Self.customer) {
            histories.append(try await store.events(upgrade: upgrade.id).map { stored in
                let event = stored.event
                let manual: Set<Verb> = [.block, .skip, .reopen, .force]
                return HistoryEvent(at: event.at, stage: event.stage, verb: event.verb.rawValue, from: event.from?.rawValue,
                                    to: event.to?.rawValue, note: manual.contains(event.verb) ? event.note : nil,
                                    facts: event.verb == .set ? event.data : [:])
            })
        }
        return histories
    }

    /// `ltsflow doctor`: the replay of every history against the stored state.
    func doctor(at now: Date) async throws -> [String] {
        try await tracker(at: now).doctor()
    }
}
