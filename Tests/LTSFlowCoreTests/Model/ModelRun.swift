import Foundation
import LTSFlowTestSupport
import Testing

/// One sequence: a fresh store, the model, and the steps the seed draws (or a script gives).
struct ModelRun {
    let seed: UInt64
    let steps: Int
    /// The backend's name, in failure messages and their replay line.
    let backend: String
    /// Steps given in advance, ten minutes apart, instead of drawn.
    let script: [Step]?
    let start: Date
    let directory: TemporaryDirectory
    let system: SystemUnderTest
    var model: ReferenceModel
    var generator: StepGenerator
    /// The last steps, for the failure message.
    var trail: [(number: Int, at: Date, step: Step, answer: Answer)] = []
    var tally = ModelTally()

    /// Every answer of the core, in order.
    var answers: [Answer] = []

    init(seed: UInt64, steps: Int, backend: Backend) async throws {
        try await self.init(seed: seed, steps: steps, script: nil, start: nil, backend: backend)
    }

    /// A scripted sequence, checked against the model like a drawn one.
    init(script: [Step], start: Date, backend: Backend) async throws {
        try await self.init(seed: 0, steps: script.count, script: script, start: start, backend: backend)
    }

    /// The store is the backend's: a real SQLite file in the sequence's own directory, or a
    /// database of its own on the test server.
    private init(seed: UInt64, steps: Int, script: [Step]?, start: Date?, backend: Backend) async throws {
        self.seed = seed
        self.steps = steps
        self.backend = backend.name
        self.script = script
        directory = try TemporaryDirectory()
        system = try SystemUnderTest(store: try await backend.open(directory))
        model = ReferenceModel()
        generator = StepGenerator(seed: seed, steps: steps)
        self.start = start ?? generator.focus.firstMoment
    }

    /// Runs every step and the final checks; returns how many steps agreed.
    mutating func run() async throws -> Int {
        var now = start
        for number in 0..<steps {
            let step: Step = if let script { script[number] } else {
                switch number {
                case 0: generator.firstCustomer()
                case 1: .startUpgrade
                default: generator.next(now: now, zone: model.zone, state: model.snapshot)
                }
            }
            now = script == nil ? generator.later(than: now) : now.addingTimeInterval(600)
            let expected = model.run(step, at: now)
            let (answer, message) = await system.run(step, at: now)
            answers.append(answer)
            trail = trail.suffix(7) + [(number, now, step, answer)]
            if ProcessInfo.processInfo.environment["LTSFLOW_MODEL_TRACE"] == "1" { print("#\(number) \(step) → \(answer)") }
            tally.count(step, answer, zone: model.zone)
            let wanted = model.snapshot
            let found = try await system.snapshot(at: now)
            guard answer == expected, found == wanted else {
                fail(at: number, step, now: now, expected: expected, answer: answer, message: message, wanted: wanted, found: found)
                return number
            }
        }
        for upgrade in model.upgrades {
            tally.count(events: upgrade.events, finished: !upgrade.active)
        }
        return try await finalChecks(now: now) ? steps : steps - 1
    }

    /// `doctor` finds nothing, and each history holds what the model expects, command by
    /// command: the command's own event first, then its automatic steps in any order.
    private func finalChecks(now: Date) async throws -> Bool {
        let problems = try await system.doctor(at: now)
        if !problems.isEmpty {
            Issue.record("\(backend), seed \(seed) (\(generator.focus.name)): doctor reports after \(steps) steps:\n\(problems.joined(separator: "\n"))")
            return false
        }
        let recorded = try await system.histories()
        let expected = model.upgrades.map(\.events)
        guard recorded.count == expected.count else {
            Issue.record("\(backend), seed \(seed): \(recorded.count) upgrades recorded, the model expects \(expected.count)")
            return false
        }
        for (index, (found, wanted)) in zip(recorded, expected).enumerated() where Self.byCommand(found) != Self.byCommand(wanted) {
            let difference = Self.firstDifference(Self.byCommand(found), Self.byCommand(wanted))
            Issue.record("""
                \(backend), seed \(seed) (\(generator.focus.name)): the history of upgrade \(index + 1) differs from the model's at its command \(difference.index)
                recorded: \(difference.found)
                model:    \(difference.wanted)
                \(replay(steps: steps))
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

    /// The command that runs this sequence again, up to `steps`.
    private func replay(steps: Int) -> String {
        let filter = backend == "SQLite" ? "ModelBasedTests" : "ModelBasedTests --enable-all-traits"
        return "replay: LTSFLOW_MODEL_SEED=\(seed) LTSFLOW_MODEL_STEPS=\(steps) swift test --filter \(filter)"
    }

    private func fail(at number: Int, _ step: Step, now: Date, expected: Answer, answer: Answer, message: String?,
                      wanted: Snapshot, found: Snapshot) {
        Issue.record("""
            \(backend), seed \(seed) (\(generator.focus.name)), step \(number) at \(ISO8601DateFormatter().string(from: now)), customer zone \(model.zone.identifier), sandbox \(model.sandbox ? "purchased" : "none"):
            command: \(step)
            answer of the core:  \(answer)\(message.map { "\n  its message: " + $0.replacingOccurrences(of: "\n", with: "\n  ") } ?? "")
            answer of the model: \(expected)
            state of the core:   \(found)
            state of the model:  \(wanted)
            last steps:
            \(trail.map { "#\($0.number) \(ISO8601DateFormatter().string(from: $0.at)) \($0.step) → \($0.answer)" }.joined(separator: "\n"))
            \(replay(steps: number + 1))
            """)
    }
}
