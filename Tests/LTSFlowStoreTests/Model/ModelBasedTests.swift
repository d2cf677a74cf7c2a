import Foundation
import Testing

/// The model-based test (issue 14, point 1): seeded random sequences of commands drive the core
/// (``SystemUnderTest``: the `Tracker` on a real SQLite file) and a reference model of SPEC §3
/// and §8 (``ReferenceModel``), and every answer and every state must agree; at the end of each
/// sequence `doctor` must find nothing and the history must hold the events the model expects.
///
/// Default (CI): 20 seeds × 150 steps, a few seconds. Longer runs, for local use:
///
///     LTSFLOW_MODEL_SEEDS=200 LTSFLOW_MODEL_STEPS=20000 swift test --filter ModelBasedTests
///
/// A failure prints its seed and step; replay just that sequence with
/// `LTSFLOW_MODEL_SEED=<seed> LTSFLOW_MODEL_STEPS=<steps>`. See docs/reliability.md.
@Suite struct ModelBasedTests {
    /// SPEC §8 in the model (on since the `rules` branch was merged).
    static let section8 = false

    @Test func theCoreAnswersEveryCommandAsTheModelOfTheSpec() throws {
        let settings = ModelRunSettings(environment: ProcessInfo.processInfo.environment)
        var steps = 0
        var tally = ModelTally()
        for seed in settings.seeds {
            var run = try ModelRun(seed: seed, steps: settings.steps, factory: StoreFactories.sqlite,
                                   switches: ModelSwitches(section8: Self.section8, editsSettleLater: true))
            steps += try run.run()
            tally.merge(run.tally)
        }
        // Every sequence ran all its steps: a mismatch stops a sequence early and is recorded.
        #expect(steps == settings.seeds.count * settings.steps)
        if settings.verbose { print(tally.report) }
        // The sequences did what they are for: each kind of step both accepted and refused,
        // upgrades finished, values in the clocks' gaps and folds given.
        guard settings.isDefault else { return }
        #expect(tally.missing.isEmpty, "never seen: \(tally.missing.joined(separator: ", "))")
    }
}

/// How many sequences of how many steps; from the environment for local runs.
struct ModelRunSettings {
    var seeds: [UInt64]
    var steps: Int
    /// `LTSFLOW_MODEL_VERBOSE=1` prints what the sequences covered.
    var verbose: Bool
    /// Not changed by the environment: the coverage the test asserts is the default run's.
    var isDefault: Bool

    init(environment: [String: String]) {
        verbose = environment["LTSFLOW_MODEL_VERBOSE"] == "1"
        isDefault = ["LTSFLOW_MODEL_STEPS", "LTSFLOW_MODEL_SEED", "LTSFLOW_MODEL_SEEDS"].allSatisfy { environment[$0] == nil }
        steps = environment["LTSFLOW_MODEL_STEPS"].flatMap(Int.init) ?? 150
        if let one = environment["LTSFLOW_MODEL_SEED"].flatMap(UInt64.init) {
            seeds = [one]
        } else {
            seeds = Array(1...UInt64(environment["LTSFLOW_MODEL_SEEDS"].flatMap(Int.init) ?? 20))
        }
    }
}

/// One sequence: a fresh store, the model, and the steps the seed draws.
struct ModelRun {
    let seed: UInt64
    let steps: Int
    let directory: TemporaryDirectory
    let system: SystemUnderTest
    var model: ReferenceModel
    var generator: StepGenerator
    /// The last steps, for the failure message.
    var trail: [(number: Int, at: Date, step: Step, answer: Answer)] = []
    var tally = ModelTally()

    init(seed: UInt64, steps: Int, factory: StoreFactory, switches: ModelSwitches) throws {
        self.seed = seed
        self.steps = steps
        directory = try TemporaryDirectory()
        system = try SystemUnderTest(store: try factory(directory.url), section8: switches.section8)
        model = ReferenceModel(switches: switches)
        generator = StepGenerator(seed: seed)
    }

    /// Runs every step and the final checks; returns how many steps agreed.
    mutating func run() throws -> Int {
        var now = generator.focus.firstMoment
        for number in 0..<steps {
            let step: Step = switch number {
            case 0: generator.firstCustomer()
            case 1: .startUpgrade
            default: generator.next(now: now, zone: model.zone)
            }
            now = generator.later(than: now)
            let expected = model.run(step, at: now)
            let answer = system.run(step, at: now)
            trail = trail.suffix(7) + [(number, now, step, answer)]
            if ProcessInfo.processInfo.environment["LTSFLOW_MODEL_TRACE"] == "1" { print("#\(number) \(step) → \(answer)") }
            tally.count(step, answer, zone: model.zone)
            let wanted = model.snapshot
            let found = try system.snapshot(at: now)
            guard answer == expected, found == wanted else {
                fail(at: number, step, now: now, expected: expected, answer: answer, wanted: wanted, found: found)
                return number
            }
        }
        for upgrade in model.upgrades {
            tally.count(events: upgrade.events, finished: !upgrade.active)
        }
        return try finalChecks(now: now) ? steps : steps - 1
    }

    /// `doctor` finds nothing, and each history holds what the model expects, command by
    /// command: the command's own event first, then its automatic steps in any order.
    private func finalChecks(now: Date) throws -> Bool {
        let problems = try system.doctor(at: now)
        if !problems.isEmpty {
            Issue.record("seed \(seed) (\(generator.focus.name)): doctor reports after \(steps) steps:\n\(problems.joined(separator: "\n"))")
            return false
        }
        let recorded = try system.histories()
        let expected = model.upgrades.map(\.events)
        guard recorded.count == expected.count else {
            Issue.record("seed \(seed): \(recorded.count) upgrades recorded, the model expects \(expected.count)")
            return false
        }
        for (index, (found, wanted)) in zip(recorded, expected).enumerated() where Self.byCommand(found) != Self.byCommand(wanted) {
            let difference = Self.firstDifference(Self.byCommand(found), Self.byCommand(wanted))
            Issue.record("""
                seed \(seed) (\(generator.focus.name)): the history of upgrade \(index + 1) differs from the model's at its command \(difference.index)
                recorded: \(difference.found)
                model:    \(difference.wanted)
                replay: LTSFLOW_MODEL_SEED=\(seed) LTSFLOW_MODEL_STEPS=\(steps) swift test --filter ModelBasedTests
                """)
            return false
        }
        return true
    }

    /// Events grouped by command (one time per step): the first as it is, the rest sorted.
    static func byCommand(_ events: [HistoryEvent]) -> [[HistoryEvent]] {
        var groups: [[HistoryEvent]] = []
        for event in events {
            if let last = groups.last?.last, last.at == event.at { groups[groups.count - 1].append(event) } else { groups.append([event]) }
        }
        return groups.map { [$0[0]] + $0.dropFirst().sorted() }
    }

    static func firstDifference(_ found: [[HistoryEvent]], _ wanted: [[HistoryEvent]]) -> (index: Int, found: String, wanted: String) {
        let index = zip(found, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(found.count, wanted.count)
        func text(_ groups: [[HistoryEvent]]) -> String {
            index < groups.count ? groups[index].map(\.description).joined(separator: "; ") : "(nothing)"
        }
        return (index, text(found), text(wanted))
    }

    private func fail(at number: Int, _ step: Step, now: Date, expected: Answer, answer: Answer, wanted: Snapshot, found: Snapshot) {
        Issue.record("""
            seed \(seed) (\(generator.focus.name)), step \(number) at \(ISO8601DateFormatter().string(from: now)), customer zone \(model.zone.identifier), sandbox \(model.sandbox ? "purchased" : "none"):
            command: \(step)
            answer of the core:  \(answer)
            answer of the model: \(expected)
            state of the core:   \(found)
            state of the model:  \(wanted)
            last steps:
            \(trail.map { "#\($0.number) \(ISO8601DateFormatter().string(from: $0.at)) \($0.step) → \($0.answer)" }.joined(separator: "\n"))
            replay: LTSFLOW_MODEL_SEED=\(seed) LTSFLOW_MODEL_STEPS=\(number + 1) swift test --filter ModelBasedTests
            """)
    }
}
