import Foundation
import Testing

/// Issues 13 and 14 follow-ups: a customer edit is one unit of work that settles the active
/// upgrade at once and is checked on the state it leaves, through the built binary.
@Suite struct CustomerEditRulesTests {
    /// The status line of one stage in `status CUSTOMER --json`.
    static func stage(_ cli: CLI, _ id: String, now: String) throws -> [String: Any] {
        let status = try #require(try cli.json(["status", "acme", "--json"], now: now) as? [String: Any])
        let stages = try #require(status["stages"] as? [[String: Any]], "\(status)")
        return try #require(stages.first { $0["id"] as? String == id }, "\(stages)")
    }

    @Test(arguments: CLIBackend.all) func droppingTheSandboxRightAfterTheStartSkipsTheBranchAtOnce(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try RulesTests.opened(cli, sandbox: "purchased")
        #expect(try Self.stage(cli, "sandbox-request", now: "2027-02-01T09:00:00Z")["status"] as? String == "pending")
        try cli.ok(["customer", "edit", "acme", "--sandbox", "none"], now: "2027-02-01T10:00:00Z")
        // No other command in between: status and history show the skip already.
        for id in ["sandbox-request", "sandbox-upgrade", "sandbox-validation"] {
            #expect(try Self.stage(cli, id, now: "2027-02-01T10:00:00Z")["status"] as? String == "skipped", "\(id)")
        }
        let history = try cli.ok(["history", "acme"], now: "2027-02-01T10:00:00Z")
        #expect(history.contains("no development sandbox purchased: the customer's contract has none"), "\(history)")
    }

    @Test(arguments: CLIBackend.all) func buyingASandboxMidUpgradeBringsTheBranchBack(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try RulesTests.opened(cli)
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        #expect(try Self.stage(cli, "sandbox-request", now: "2027-02-01T09:00:00Z")["status"] as? String == "skipped")
        #expect(try Self.stage(cli, "preprod-restore", now: "2027-02-01T09:00:00Z")["status"] as? String == "ready")
        try cli.ok(["customer", "edit", "acme", "--sandbox", "purchased"], now: "2027-02-02T09:00:00Z")
        #expect(try Self.stage(cli, "sandbox-request", now: "2027-02-02T09:00:00Z")["status"] as? String == "ready")
        #expect(try Self.stage(cli, "sandbox-validation", now: "2027-02-02T09:00:00Z")["status"] as? String == "pending")
        #expect(try Self.stage(cli, "preprod-restore", now: "2027-02-02T09:00:00Z")["status"] as? String == "pending",
                "what follows the branch waits on it again")
        let history = try cli.ok(["history", "acme"], now: "2027-02-02T09:00:00Z")
        #expect(history.contains("the customer's contract includes a development sandbox"), "\(history)")
    }

    @Test(arguments: CLIBackend.all) func buyingASandboxAfterTheBranchWasPassedNamesAStageThatCanBeReopened(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try RulesTests.opened(cli)
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["set", "acme", "restore.ticket=SUPNXP-3"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "preprod-restore"], now: "2027-02-01T09:00:00Z")
        let historyBefore = try cli.ok(["history", "acme", "--json"])
        let edit = try cli.run(["customer", "edit", "acme", "--sandbox", "purchased"], now: "2027-02-02T09:00:00Z")
        #expect(edit.status == 1)
        #expect(edit.err.contains("sandbox-validation was skipped automatically, and this change makes it required"), "\(edit.err)")
        #expect(edit.err.contains("ltsflow reopen acme preprod-restore --reason \"…\""), "\(edit.err)")
        #expect(try cli.ok(["history", "acme", "--json"]) == historyBefore, "nothing was written")
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["sandbox"] as? String == "none", "\(shown)")
        // The named step is possible, and after it the edit goes through.
        try cli.ok(["reopen", "acme", "preprod-restore", "--reason", "the customer bought a sandbox"], now: "2027-02-02T09:00:00Z")
        try cli.ok(["customer", "edit", "acme", "--sandbox", "purchased"], now: "2027-02-02T09:00:00Z")
        #expect(try Self.stage(cli, "sandbox-request", now: "2027-02-02T09:00:00Z")["status"] as? String == "ready")
    }

    /// The cutover done at 01:30 in Paris (00:30 UTC) on 2027-03-10.
    static func doneCutover(_ cli: CLI) throws {
        try RulesTests.scheduledCutover(cli)
        try cli.ok(["start", "acme", "production-cutover"], now: "2027-03-10T00:30:00Z")
        try cli.ok(["complete", "acme", "production-cutover"], now: "2027-03-10T02:00:00Z")
    }

    @Test(arguments: CLIBackend.all) func aZoneEditThatMovesADoneCutoverIntoTheFutureIsRefusedWithTheOffsetHint(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.doneCutover(cli)
        // 01:30 in New York is 06:30 UTC: the cutover done an hour ago would not have happened yet.
        let edit = try cli.run(["customer", "edit", "acme", "--timezone", "America/New_York"], now: "2027-03-10T03:00:00Z")
        #expect(edit.status == 1)
        #expect(edit.err.contains("production-cutover is done, and this change breaks its rule"), "\(edit.err)")
        #expect(edit.err.contains("ltsflow reopen acme production-cutover --reason \"…\""), "\(edit.err)")
        #expect(edit.err.contains("or, to keep the same instants, give them their offset first, then edit the zone: ltsflow set acme cutover.at=2027-03-10T01:30+01:00"),
                "\(edit.err)")
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["timeZone"] as? String == "Europe/Paris", "the zone is unchanged: \(shown)")
        // The hint's `set` keeps the instant, so it breaks no rule; the zone edit is then checked
        // again with that instant, which is 19:30 in New York, outside the 00:00–02:00 window.
        try cli.ok(["set", "acme", "cutover.at=2027-03-10T01:30+01:00"], now: "2027-03-10T03:00:00Z")
        let kept = try cli.run(["customer", "edit", "acme", "--timezone", "America/New_York"], now: "2027-03-10T03:00:00Z")
        #expect(kept.status == 1)
        #expect(kept.err.contains("cutover.at 2027-03-09 19:30 EST (2027-03-10 00:30 UTC) is outside the customer's maintenance window"),
                "\(kept.err)")
        #expect(!kept.err.contains("has not passed yet"), "the instant kept has passed in any zone: \(kept.err)")
    }

    @Test(arguments: CLIBackend.all) func reopeningTheDoneCutoverLetsTheZoneEditThrough(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.doneCutover(cli)
        try cli.ok(["reopen", "acme", "production-cutover", "--reason", "the customer moved to New York"], now: "2027-03-10T03:00:00Z")
        try cli.ok(["customer", "edit", "acme", "--timezone", "America/New_York"], now: "2027-03-10T03:00:00Z")
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["timeZone"] as? String == "America/New_York", "\(shown)")
    }

    @Test(arguments: CLIBackend.all) func aWindowEditAfterAPassedPreprodUpgradeIsAccepted(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try RulesTests.scheduledCutover(cli)
        // The pre-production upgrade ran at 00:30 on 2027-02-10, outside 01:00–04:00; the cutover
        // at 01:30 on 2027-03-10 is still inside it.
        try cli.ok(["customer", "edit", "acme", "--window", "01:00-04:00"], now: "2027-02-12T09:00:00Z")
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["window"] as? String == "01:00-04:00", "\(shown)")
    }
}
