import Foundation
import Testing
@testable import LTSFlowEngine

/// Every (status, verb) pair on one stage: the new status, or a refusal.
@Suite struct TransitionTableTests {
    enum Verb: String, CaseIterable, Sendable {
        case start, complete, advance, block, unblock, skip, reopen, force
    }

    /// The statuses a stage can be put in for the table; `blocked` is reached from `ready`.
    enum Setup: String, CaseIterable, Sendable {
        case pending, ready, active, blockedFromReady, blockedFromActive, done, skipped
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var setup: Setup
        var verb: Verb
        /// nil: refused.
        var expected: StageStatus?
        var testDescription: String { "\(setup.rawValue) + \(verb.rawValue) → \(expected?.rawValue ?? "refused")" }
    }

    // Written out by hand from the rules of docs/workflows.md ("The state machine"), not computed
    // by the engine.
    static let table: [Case] = {
        let expectations: [Setup: [Verb: StageStatus]] = [
            .pending: [.skip: .skipped],
            .ready: [.start: .active, .complete: .done, .advance: .active, .block: .blocked, .skip: .skipped, .force: .done],
            .active: [.complete: .done, .advance: .done, .block: .blocked, .skip: .skipped, .force: .done],
            .blockedFromReady: [.unblock: .ready, .skip: .skipped],
            .blockedFromActive: [.unblock: .active, .skip: .skipped],
            .done: [.reopen: .ready],
            .skipped: [.reopen: .ready],
        ]
        return Setup.allCases.flatMap { setup in
            Verb.allCases.map { verb in Case(setup: setup, verb: verb, expected: expectations[setup]?[verb]) }
        }
    }()

    static let stage = "preprod-restore"

    /// A walk in which `preprod-restore` (optional, no guards; it needs its ticket, recorded
    /// first) is in the wanted status.
    static func walk(_ setup: Setup) throws -> Walk {
        var walk = try Walk(try defaultMachine(supported: "elasticsearch"))
        try walk.run(.set([FactAssignment(key: "restore.ticket", value: "SUPNXP-9")]))
        for id in ["intake", "sandbox-request", "sandbox-upgrade"] {
            if id == "sandbox-request" {
                try walk.run(.skip(stage: id, reason: "no additional sandbox"))
            } else {
                try walk.run(.complete(stage: id))
            }
        }
        if setup == .pending { return walk }
        try walk.run(.complete(stage: "sandbox-validation"))
        switch setup {
        case .pending, .ready: break
        case .active: try walk.run(.start(stage: stage))
        case .blockedFromReady: try walk.run(.block(stage: stage, reason: "waiting", owner: .support, ticket: "SUPNXP-1"))
        case .blockedFromActive:
            try walk.run(.start(stage: stage))
            try walk.run(.block(stage: stage, reason: "waiting", owner: nil, ticket: nil))
        case .done: try walk.run(.complete(stage: stage))
        case .skipped: try walk.run(.skip(stage: stage, reason: "no restore needed"))
        }
        return walk
    }

    static func command(_ verb: Verb) -> Command {
        switch verb {
        case .start: .start(stage: stage)
        case .complete: .complete(stage: stage)
        case .advance: .advance(stage: stage)
        case .block: .block(stage: stage, reason: "blocked in test", owner: nil, ticket: nil)
        case .unblock: .unblock(stage: stage)
        case .skip: .skip(stage: stage, reason: "skipped in test")
        case .reopen: .reopen(stage: stage, reason: "reopened in test")
        case .force: .force(stage: stage, reason: "forced in test")
        }
    }

    @Test(arguments: table)
    func transition(_ testCase: Case) throws {
        var walk = try Self.walk(testCase.setup)
        let before = walk.state
        let expectedStart: StageStatus = switch testCase.setup {
        case .pending: .pending
        case .ready: .ready
        case .active: .active
        case .blockedFromReady, .blockedFromActive: .blocked
        case .done: .done
        case .skipped: .skipped
        }
        #expect(walk.status(Self.stage) == expectedStart)
        if let expected = testCase.expected {
            try walk.run(Self.command(testCase.verb))
            #expect(walk.status(Self.stage) == expected)
            #expect(UpgradeState.replay(walk.events, definition: walk.machine.definition) == walk.state)
        } else {
            let error = #expect(throws: EngineError.self) { try walk.run(Self.command(testCase.verb)) }
            #expect(walk.state == before, "a refused command changes nothing")
            guard case .refused(_, _, let reasons)? = error else {
                Issue.record("expected a refusal with reasons, got \(String(describing: error))")
                return
            }
            #expect(!reasons.isEmpty && reasons.allSatisfy { !$0.isEmpty })
        }
    }

    @Test(arguments: Setup.allCases)
    func skippingARequiredStageIsRefused(_ setup: Setup) throws {
        var walk = try Self.walk(setup)
        let error = #expect(throws: EngineError.self) { try walk.run(.skip(stage: "preprod-validation", reason: "no")) }
        #expect(error?.reasons.first?.contains("preprod-validation is required") == true)
        #expect(error?.reasons.first?.contains("preprod-restore") == true, "the message lists the optional stages")
    }

    @Test func verbsNeedingAReasonRefuseAnEmptyOne() throws {
        var walk = try Self.walk(.ready)
        for command in [Command.skip(stage: Self.stage, reason: " "), .force(stage: Self.stage, reason: ""),
                        .block(stage: Self.stage, reason: "\n", owner: nil, ticket: nil)] {
            #expect(throws: EngineError.missingReason(verb: command.name)) { try walk.run(command) }
        }
    }

    @Test func unknownStageNamesTheClosestAndAllStages() throws {
        var walk = try Self.walk(.ready)
        let error = #expect(throws: EngineError.self) { try walk.run(.start(stage: "preprod-restor")) }
        let message = error?.errorDescription ?? ""
        #expect(message.contains("unknown stage 'preprod-restor'"))
        #expect(message.contains("did you mean preprod-restore"))
        #expect(message.contains("intake, sandbox-request"))
    }
}
