import Foundation
import Testing
@testable import LTSFlowEngine

/// docs/workflows.md, "Rules that hold at every moment": a change to a fact, or to the customer's zone, window or contract, that a done
/// stage's rules read is refused when it would break one of them, naming the stage to reopen.
@Suite struct RecheckTests {
    static let now = "2027-03-09T09:00"

    /// An EU upgrade whose production cutover is scheduled (production-scheduling done) for
    /// Wednesday 2027-03-10 00:30 CET, notice and ticket given on 2027-03-01.
    static func scheduled(_ machine: UpgradeMachine) -> UpgradeState {
        var state = UpgradeState(definition: machine.definition)
        let done = ["intake", "sandbox-request", "sandbox-upgrade", "sandbox-validation", "preprod-restore", "search-coordination",
                    "preprod-upgrade", "preprod-validation", "production-scheduling"]
        for id in done { state[stage: id] = StageState(status: .done, since: utc("2027-03-01T09:00")) }
        state[stage: "production-cutover"] = StageState(status: .ready, since: utc("2027-03-01T09:00"))
        state.facts = ["search.cluster": "elasticsearch 7.17", "cutover.at": "2027-03-10T00:30", "cutover.notice-sent": "2027-03-01",
                       "cutover.ticket-filed": "2027-03-01", "cutover.ticket": "SUPNXP-1", "sandbox.start": "2027-01-04",
                       "sandbox.end": "2027-02-26", "preprod.upgrade-at": "2027-02-10T00:30"]
        return state
    }

    /// The sentences of a refused `set`, or nil when it is accepted.
    static func refusal(_ machine: UpgradeMachine, _ state: UpgradeState, _ facts: [String: String], at now: String = now) -> [String]? {
        let assignments = facts.sorted { $0.key < $1.key }.map { FactAssignment(key: $0.key, value: $0.value) }
        do {
            _ = try machine.apply(.set(assignments), to: state, at: utc(now), actor: "tester")
            return nil
        } catch {
            return error.reasons
        }
    }

    @Test(arguments: [
        // A change that breaks a scheduling rule, with the rule's code word in the refusal.
        (["cutover.at": "2027-03-12T00:30"], "falls in the prod hotfix window"),
        (["cutover.at": "2027-03-10T03:00"], "is outside the customer's maintenance window"),
        (["cutover.at": "2027-03-03T00:30"], "at least 7 days are needed"),
        (["cutover.notice-sent": "2027-03-09"], "notice to the customer"),
        (["cutover.ticket-filed": "2027-03-09"], "at least 2 days are needed"),
        (["cutover.ticket": ""], "cutover.ticket is not set"),
        (["cutover.at": "2027-03-01T00:30"], "is already past"),
    ])
    func aChangeThatBreaksADoneStageIsRefused(_ facts: [String: String], _ rule: String) throws {
        let machine = try defaultMachine()
        let reasons = try #require(Self.refusal(machine, Self.scheduled(machine), facts), "accepted \(facts)")
        #expect(reasons.contains { $0.hasPrefix("production-scheduling is done, and this change breaks its rule: ") && $0.contains(rule) },
                "\(reasons)")
        #expect(reasons.last == "reopen production-scheduling first (what follows it returns to pending), then make the change: "
                + "ltsflow reopen CUSTOMER production-scheduling --reason \"…\"")
    }

    @Test(arguments: [
        ["cutover.at": "2027-03-10T01:00"],
        ["cutover.at": "2027-03-17T00:30"],
        ["cutover.ticket": "SUPNXP-2"],
        ["cutover.notice-sent": "2027-02-28"],
        ["preprod.upgrade-at": "2027-02-10T01:00"],
    ])
    func aChangeThatKeepsEveryRuleIsAccepted(_ facts: [String: String]) throws {
        let machine = try defaultMachine()
        #expect(Self.refusal(machine, Self.scheduled(machine), facts) == nil)
    }

    @Test func aRuleAlreadyFailingBeforeTheChangeIsNotItsDoing() throws {
        // After the cutover night, `date-future` fails with or without the change.
        let machine = try defaultMachine()
        let state = Self.scheduled(machine)
        #expect(Self.refusal(machine, state, ["cutover.ticket": "SUPNXP-9"], at: "2027-03-11T09:00") == nil)
        #expect(Self.refusal(machine, state, ["cutover.at": "2027-03-10T01:00"], at: "2027-03-11T09:00") == nil)
        // A different rule broken by the change still counts.
        #expect(Self.refusal(machine, state, ["cutover.at": "2027-03-10T03:00"], at: "2027-03-11T09:00") != nil)
    }

    @Test func theRefusalNamesTheCustomerAndOnlyTheFirstStageToReopen() throws {
        var machine = try defaultMachine()
        machine = UpgradeMachine(definition: machine.definition, context: {
            var context = machine.context
            context.customer = "acme"
            return context
        }())
        var state = Self.scheduled(machine)
        state[stage: "production-cutover"] = StageState(status: .done)
        let reasons = try #require(Self.refusal(machine, state, ["cutover.at": "2027-03-12T00:30"]))
        #expect(reasons.contains { $0.hasPrefix("production-cutover is done, and this change breaks its rule: cutover.at 2027-03-12 00:30 CET") })
        #expect(reasons.last == "reopen production-scheduling first (what follows it returns to pending), then make the change: "
                + "ltsflow reopen acme production-scheduling --reason \"…\"")
    }

    static let contexts: [(String?, String?, Bool)] = [
        (nil, "03:00-05:00", true),
        (nil, "00:00-01:00", false),
        (nil, "00:30-02:00", false),
        (nil, "00:31-02:00", true),
        ("Europe/London", nil, false),
    ]

    @Test(arguments: contexts)
    func aNewZoneOrWindowIsCheckedAgainstTheDoneStages(_ zone: String?, _ window: String?, _ refused: Bool) throws {
        let before = try defaultMachine()
        let after = try defaultMachine(zone: zone, window: window)
        let state = Self.scheduled(before)
        let stranded = before.stranded(by: .context, from: state, to: state, under: after, at: utc(Self.now))
        // The pre-production upgrade (00:30 on 2027-02-10) is past: a new window does not rewrite it.
        #expect(stranded.map(\.stage) == (refused ? ["production-scheduling"] : []), "\(stranded)")
    }

    @Test func aCutoverGivenWithAnOffsetIsStrandedByANewZone() throws {
        let before = try defaultMachine()
        let after = try defaultMachine(region: .us, zone: "America/New_York")
        var state = Self.scheduled(before)
        state.facts["cutover.at"] = "2027-03-10T00:30+01:00"
        let stranded = before.stranded(by: .context, from: state, to: state, under: after, at: utc(Self.now))
        #expect(stranded.map(\.stage) == ["production-scheduling"])
        #expect(stranded.first?.reasons.first?.contains("cutover.at 2027-03-09 18:30 EST (2027-03-09 23:30 UTC) is outside the customer's maintenance window") == true, "\(stranded)")
    }

    @Test func aNewWindowDoesNotRewriteWhatHasHappened() throws {
        // The same scheduled upgrade after its cutover night: nothing left to strand.
        let before = try defaultMachine()
        let after = try defaultMachine(window: "03:00-05:00")
        var state = Self.scheduled(before)
        state[stage: "production-cutover"] = StageState(status: .done)
        let stranded = before.stranded(by: .context, from: state, to: state, under: after, at: utc("2027-03-11T09:00"))
        #expect(stranded.isEmpty, "\(stranded)")
        // A set that rewrites a past record is still checked.
        #expect(Self.refusal(before, state, ["cutover.at": "2027-03-10T03:00"], at: "2027-03-11T09:00") != nil)
    }

    @Test func anAutomaticSkipThatTheChangeMakesRequiredIsStranded() throws {
        let machine = try defaultMachine()
        var state = UpgradeState(definition: machine.definition)
        for id in ["intake", "sandbox-request", "sandbox-upgrade", "sandbox-validation", "preprod-restore"] {
            state[stage: id] = StageState(status: .done)
        }
        var skipped = StageState(status: .skipped)
        skipped.automatic = true
        state[stage: "search-coordination"] = skipped
        state[stage: "preprod-upgrade"] = StageState(status: .active)
        state.facts = ["search.cluster": "opensearch 1.3", "preprod.upgrade-at": "2027-02-10T00:30"]
        let reasons = try #require(Self.refusal(machine, state, ["search.cluster": "elasticsearch 6.8"]))
        #expect(reasons.first == "search-coordination was skipped automatically, and this change makes it required: elasticsearch 6.8 is not supported")
        #expect(reasons.last?.contains("reopen search-coordination first") == true)
    }

    /// The mechanism reads each guard's declared facts: it holds for a workflow a user wrote.
    @Test func aUserWrittenWorkflowIsCheckedToo() throws {
        let yaml = """
        id: custom
        version: 1
        title: Custom
        facts:
          - { key: trial.start, type: date, title: first day }
          - { key: trial.end, type: date, title: last day }
          - { key: trial.note, type: text, title: a note }
        stages:
          - id: plan
            title: Plan
            owner: csm
            needs: [trial.start]
            guards:
              - { kind: date-order, first: trial.start, then: trial.end }
          - id: run
            title: Run
            owner: csm
            depends-on: [plan]
        """
        let definition = try WorkflowDefinition.load(yaml: yaml, file: "custom.yaml").definition
        let machine = UpgradeMachine(definition: definition, context: try defaultMachine().context)
        var state = UpgradeState(definition: definition)
        state[stage: "plan"] = StageState(status: .done)
        state[stage: "run"] = StageState(status: .ready)
        state.facts = ["trial.start": "2027-01-04", "trial.end": "2027-01-29"]
        let reasons = try #require(Self.refusal(machine, state, ["trial.end": "2027-01-01"], at: "2026-12-01T09:00"))
        #expect(reasons.first == "plan is done, and this change breaks its rule: trial.end (2027-01-01) must be after trial.start (2027-01-04)")
        #expect(Self.refusal(machine, state, ["trial.end": "2027-02-26"], at: "2026-12-01T09:00") == nil)
        #expect(Self.refusal(machine, state, ["trial.note": "anything"], at: "2026-12-01T09:00") == nil)
        #expect(Self.refusal(machine, state, ["trial.start": ""], at: "2026-12-01T09:00")?.first == "plan is done, and this change breaks its rule: trial.start is not set (first day): set it as a date YYYY-MM-DD")
    }
}
