import Foundation
import Testing
@testable import LTSFlowEngine

/// The Nuxeo path walked end to end, and the rules around it.
@Suite struct UpgradePathTests {
    /// 2019 → 2023 with an additional sandbox, a production restore, and search coordination
    /// required because Elasticsearch 6.8 is not supported by LTS 2023.
    @Test func fullPathWithSandboxAndSearchCoordination() throws {
        var walk = try Walk(try catalogMachine(from: "2019", to: "2023", sandbox: true),
                            facts: ["search.cluster": "elasticsearch 6.8"], at: utc("2026-12-01T09:00"))
        #expect(walk.status("intake") == .ready)
        #expect(walk.events.contains { $0.verb == .autoSkip } == false, "nothing is skipped: sandbox purchased, cluster unsupported")
        #expect(walk.status("sandbox-request") == .pending)
        #expect(walk.status("search-coordination") == .pending, "required: the cluster is not supported")

        try walk.run(.advance(stage: nil))
        #expect(walk.status("intake") == .active)
        try walk.run(.advance(stage: nil), at: "2026-12-02T10:00")
        #expect(walk.status("intake") == .done)
        #expect(walk.status("sandbox-request") == .ready)

        // The additional sandbox needs dates, end after start.
        let missing = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "sandbox-request")) }
        #expect(missing?.reasons.count == 2)
        #expect(missing?.reasons.first?.hasPrefix("sandbox.start is not set") == true)
        try walk.run(.set([FactAssignment(key: "sandbox.start", value: "2027-01-04"), FactAssignment(key: "sandbox.end", value: "2027-01-02")]))
        let order = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "sandbox-request")) }
        #expect(order?.reasons == ["sandbox.end (2027-01-02) must be after sandbox.start (2027-01-04)"])
        try walk.run(.set([FactAssignment(key: "sandbox.end", value: "2027-02-26")]))
        try walk.run(.complete(stage: "sandbox-request"))
        try walk.run(.advance(stage: "sandbox-upgrade"), at: "2027-01-04T09:00")
        try walk.run(.advance(stage: "sandbox-upgrade"), at: "2027-02-01T09:00")
        try walk.run(.advance(stage: "sandbox-validation"))
        try walk.run(.advance(stage: "sandbox-validation"), at: "2027-02-10T09:00")

        // Two stages can move now: advance without a stage says which and changes nothing.
        let several = #expect(throws: EngineError.self) { try walk.run(.advance(stage: nil)) }
        #expect(several?.reasons == ["several stages can move: preprod-restore (ready), search-coordination (ready); name one"])

        try walk.run(.set([FactAssignment(key: "restore.ticket", value: "SUPNXP-4100")]))
        try walk.run(.advance(stage: "preprod-restore"))
        try walk.run(.advance(stage: "preprod-restore"))
        try walk.run(.block(stage: "search-coordination", reason: "waiting for the OpenSearch 1.3 cluster", owner: .cloudTeam, ticket: "SUPNXP-4242"))
        let blocked = walk.machine.blockers(of: "search-coordination", in: walk.state, at: walk.now)
        #expect(blocked.map(\.kind) == [.manual])
        #expect(blocked.first?.owner == .cloudTeam && blocked.first?.ticket == "SUPNXP-4242")
        try walk.run(.unblock(stage: "search-coordination"), at: "2027-02-15T09:00")
        #expect(walk.status("search-coordination") == .ready)
        // The target cluster must be one LTS 2023 supports, and the Cloud team's ticket recorded.
        try walk.run(.set([FactAssignment(key: "search.target", value: "elasticsearch 6.8"), FactAssignment(key: "search.ticket", value: "SUPNXP-4242")]))
        let target = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "search-coordination")) }
        #expect(target?.reasons == ["search.target: elasticsearch 6.8 is not supported by LTS 2023 (supported: opensearch 1.3, elasticsearch 7.17, elasticsearch 8.7); choose a cluster LTS 2023 supports"])
        try walk.run(.set([FactAssignment(key: "search.target", value: "opensearch 1.3")]))
        try walk.run(.complete(stage: "search-coordination"))
        #expect(walk.status("preprod-upgrade") == .ready)

        // Pre-production: its date must be set and passed to complete.
        try walk.run(.set([FactAssignment(key: "preprod.upgrade-at", value: "2027-02-20T00:30"), FactAssignment(key: "preprod.ticket", value: "SUPNXP-4300"),
                           FactAssignment(key: "preprod.ticket-filed", value: "2027-02-15")]))
        try walk.run(.start(stage: "preprod-upgrade"))
        let early = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "preprod-upgrade")) }
        #expect(early?.reasons.first?.contains("has not passed yet") == true)
        try walk.run(.complete(stage: "preprod-upgrade"), at: "2027-02-20T08:00")
        try walk.run(.complete(stage: "preprod-validation"), at: "2027-02-26T08:00")

        // Production scheduling: cutover in the future, 7 days' notice, ticket 2 days ahead
        // (recorded dates, so set once they have happened).
        walk.now = utc("2027-03-09T12:00")
        try walk.run(.set([
            FactAssignment(key: "cutover.at", value: "2027-03-10T00:30"),
            FactAssignment(key: "cutover.notice-sent", value: "2027-03-05"),
            FactAssignment(key: "cutover.ticket-filed", value: "2027-03-09"),
            FactAssignment(key: "cutover.ticket", value: "supnxp-5000"),
        ]))
        #expect(walk.state.facts["cutover.ticket"] == "SUPNXP-5000")
        let rules = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "production-scheduling")) }
        #expect(rules?.reasons.count == 2)
        #expect(rules?.reasons.contains { $0.hasPrefix("notice to the customer (cutover.notice-sent 2027-03-05) is 5 days before cutover.at") && $0.hasSuffix("at least 7 days are needed (by 2027-03-03)") } == true)
        #expect(rules?.reasons.contains { $0.hasPrefix("cutover.ticket-filed (cutover.ticket-filed 2027-03-09) is 1 day before") } == true)
        try walk.run(.set([
            FactAssignment(key: "cutover.notice-sent", value: "2027-03-01"),
            FactAssignment(key: "cutover.ticket-filed", value: "2027-03-08"),
        ]))
        try walk.run(.complete(stage: "production-scheduling"))

        // The cutover cannot be completed before its time.
        try walk.run(.start(stage: "production-cutover"))
        #expect(throws: EngineError.self) { try walk.run(.complete(stage: "production-cutover")) }
        try walk.run(.complete(stage: "production-cutover"), at: "2027-03-10T01:00")
        try walk.run(.advance(stage: nil))
        try walk.run(.advance(stage: nil))

        #expect(walk.machine.definition.stages.allSatisfy { walk.status($0.id) == .done })
        #expect(UpgradeState.replay(walk.events, definition: walk.machine.definition) == walk.state)
    }

    /// 2023 → 2025 on OpenSearch 1.3 with no sandbox: the branch and search coordination are
    /// skipped automatically at start, with reasons naming the sandbox and the cluster.
    @Test func noSandboxAndSupportedClusterSkipAutomatically() throws {
        let walk = try Walk(try catalogMachine(from: "2023", to: "2025", sandbox: false), facts: ["search.cluster": "opensearch 1.3"])
        for id in ["sandbox-request", "sandbox-upgrade", "sandbox-validation"] {
            let stage = walk.state[stage: id]
            #expect(stage.status == .skipped && stage.automatic)
            #expect(stage.note?.contains("no development sandbox purchased") == true)
        }
        let search = walk.state[stage: "search-coordination"]
        #expect(search.status == .skipped && search.automatic)
        #expect(search.note?.hasPrefix("opensearch 1.3 is supported by LTS 2025") == true, "\(search.note ?? "")")
        #expect(walk.status("preprod-restore") == .pending, "optional, waits for intake through the skipped branch")
        #expect(walk.events.filter { $0.verb == .autoSkip }.count == 4)
    }

    @Test func aConditionThatHoldsAgainRestoresTheStage() throws {
        var walk = try Walk(try catalogMachine(from: "2023", to: "2025", sandbox: false), facts: ["search.cluster": "opensearch 1.3"])
        try walk.run(.complete(stage: "intake"))
        try walk.run(.skip(stage: "preprod-restore", reason: "not needed"))
        #expect(walk.status("preprod-upgrade") == .ready)
        let events = try walk.run(.set([FactAssignment(key: "search.cluster", value: "Elasticsearch 6.8")]))
        #expect(walk.state.facts["search.cluster"] == "elasticsearch 6.8")
        #expect(events.first { $0.verb == .restore }?.note?.contains("not supported by LTS 2025") == true, "the restore says why")
        #expect(events.map(\.verb) == [.set, .restore, .wait, .ready])
        #expect(walk.status("search-coordination") == .ready)
        #expect(walk.status("preprod-upgrade") == .pending)
    }

    @Test func reopeningSendsDependantsBackToPending() throws {
        var walk = try Walk(try defaultMachine(sandbox: true, supported: "elasticsearch"))
        try walk.run(.complete(stage: "intake"))
        try walk.run(.skip(stage: "sandbox-request", reason: "the existing sandbox is enough"))
        try walk.run(.complete(stage: "sandbox-upgrade"))
        try walk.run(.complete(stage: "sandbox-validation"))
        try walk.run(.start(stage: "preprod-restore"))
        try walk.run(.block(stage: "preprod-restore", reason: "restore failed", owner: .support, ticket: nil))
        let events = try walk.run(.reopen(stage: "sandbox-upgrade", reason: "regression found"))
        #expect(walk.status("sandbox-upgrade") == .ready)
        #expect(walk.status("sandbox-validation") == .pending)
        #expect(walk.status("preprod-restore") == .pending)
        #expect(walk.state[stage: "preprod-restore"].blockOwner == nil)
        #expect(walk.status("search-coordination") == .skipped, "automatic skips stay as their condition says")
        #expect(events.first?.note == "regression found")
        #expect(events.filter { $0.verb == .wait }.compactMap(\.stage) == ["sandbox-validation", "preprod-restore"])
        #expect(UpgradeState.replay(walk.events, definition: walk.machine.definition) == walk.state)
    }

    @Test func reopenWithoutAStageTakesTheLastFinished() throws {
        var walk = try Walk(try defaultMachine(sandbox: true))
        try walk.run(.complete(stage: "intake"))
        let events = try walk.run(.reopen(stage: nil, reason: "scope changed"))
        #expect(events.first?.stage == "intake")
        #expect(walk.status("intake") == .ready)
    }

    @Test func reopeningAnAutomaticSkipThatStillAppliesIsRefused() throws {
        var walk = try Walk(try defaultMachine(sandbox: false))
        let error = #expect(throws: EngineError.self) { try walk.run(.reopen(stage: "sandbox-upgrade", reason: "try")) }
        #expect(error?.reasons.first?.contains("skipped automatically: no development sandbox purchased") == true)
    }

    @Test func forceOverridesFailingGuardsAndRecordsThem() throws {
        var walk = try Walk(try defaultMachine(sandbox: false, supported: "elasticsearch"))
        try walk.run(.complete(stage: "intake"))
        try walk.run(.skip(stage: "preprod-restore", reason: "not needed"))
        let refused = #expect(throws: EngineError.self) { try walk.run(.complete(stage: "preprod-upgrade")) }
        #expect(refused?.reasons.first == "preprod.upgrade-at is not set (when the pre-production upgrade is scheduled, in the customer's window): set it as a local date-time YYYY-MM-DDTHH:MM (or with an offset such as +01:00)")
        #expect(refused?.reasons.count == 3, "the two pre-production ticket facts too: \(refused?.reasons ?? [])")
        let events = try walk.run(.force(stage: "preprod-upgrade", reason: "done by the Cloud team during the outage"))
        let force = try #require(events.first)
        #expect(force.verb == .force && force.from == .ready && force.to == .done)
        #expect(force.note == "done by the Cloud team during the outage")
        #expect(force.data["overridden"] == refused?.reasons.joined(separator: "\n"))
        #expect(walk.state[stage: "preprod-upgrade"].forced)
        #expect(walk.status("preprod-validation") == .ready)
    }

    @Test func forceDoesNotJumpTheOrder() throws {
        var walk = try Walk(try defaultMachine(sandbox: false))
        let error = #expect(throws: EngineError.self) { try walk.run(.force(stage: "closeout", reason: "hurry")) }
        #expect(error?.reasons.first?.hasPrefix("closeout is pending: it waits on production-cutover (pending)") == true)
    }

    @Test func blockersNameWhoTheyWaitOn() throws {
        var walk = try Walk(try defaultMachine(sandbox: true))
        try walk.run(.complete(stage: "intake"), at: "2026-12-01T10:00")
        let blockers = walk.machine.blockers(of: "sandbox-request", in: walk.state, at: utc("2026-12-02T10:00"))
        #expect(blockers.map(\.code) == ["fact-missing", "fact-missing"])
        #expect(blockers.allSatisfy { $0.owner == .customer && $0.kind == .guard && $0.since == utc("2026-12-01T10:00") })
        // Expected 7 days: on day 9 it is overdue as well; the sentence does not count the days
        // (it stays true), `since` dates it.
        let later = walk.machine.blockers(of: "sandbox-request", in: walk.state, at: utc("2026-12-10T11:00"))
        #expect(later.last?.kind == .overdue)
        #expect(later.last?.message == "sandbox-request has been ready for more than its expected 7 days")
        #expect(later.last?.since == utc("2026-12-01T10:00"))
        // Seven whole days and a minute: not yet (overdue after more than 7 whole days).
        #expect(walk.machine.blockers(of: "sandbox-request", in: walk.state, at: utc("2026-12-08T10:01")).last?.kind != .overdue)
        #expect(walk.machine.blockers(of: "sandbox-request", in: walk.state, at: utc("2026-12-09T10:00")).last?.kind == .overdue)
    }

    @Test func factsAreCheckedAgainstTheirType() throws {
        var walk = try Walk(try defaultMachine())
        let cases: [(String, String)] = [
            ("sandbox.start", "2027-02-30"), ("sandbox.start", "27-01-04"), ("cutover.at", "2027-03-12 24:30"),
            ("cutover.at", "2027-03-12T24:30"), ("cutover.ticket", "SUPNXP 12"), ("search.cluster", "solr 8"),
            ("sandbox.start", "99999-01-01"),
        ]
        for (key, value) in cases {
            let error = #expect(throws: EngineError.self) { try walk.run(.set([FactAssignment(key: key, value: value)])) }
            guard case .badFactValue(let badKey, let badValue, _)? = error else {
                Issue.record("\(key)=\(value) should be refused as a bad value, got \(String(describing: error))")
                continue
            }
            #expect(badKey == key && badValue == value)
        }
        let unknown = #expect(throws: EngineError.self) { try walk.run(.set([FactAssignment(key: "cutover.when", value: "x")])) }
        #expect(unknown?.errorDescription?.contains("unknown fact 'cutover.when'") == true)
    }
}
