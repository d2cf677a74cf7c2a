import Foundation
import Testing

/// Issue 13, "rules that hold at every moment": each case a CSM saw, through the built binary.
@Suite struct RulesTests {
    /// ACME (EU, Europe/Paris, no sandbox) with production-scheduling done on 2027-02-11: a
    /// cutover on Wednesday 2027-03-10 at 01:30 CET, notice and ticket given that day.
    static func scheduledCutover(_ cli: CLI, cutover: String = "2027-03-10T01:30") throws {
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no data needed"], now: "2027-02-01T09:00:00Z")
        try preprodUpgrade(cli)
        try cli.ok(["complete", "acme", "preprod-validation"], now: "2027-02-11T09:00:00Z")
        try cli.ok(["set", "acme", "cutover.at=\(cutover)", "cutover.notice-sent=2027-02-11", "cutover.ticket-filed=2027-02-11",
                    "cutover.ticket=SUPNXP-1"], now: "2027-02-11T09:00:00Z")
        try cli.ok(["complete", "acme", "production-scheduling"], now: "2027-02-11T09:00:00Z")
    }

    /// The pre-production upgrade on Wednesday 2027-02-10 at 00:30 CET.
    static func preprodUpgrade(_ cli: CLI) throws {
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-02-10T00:30"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["start", "acme", "preprod-upgrade"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "preprod-upgrade"], now: "2027-02-10T09:00:00Z")
    }

    // MARK: §8 mechanism

    @Test func movingAScheduledCutoverOntoTheHotfixNightIsRefused() throws {
        let cli = try CLI()
        try Self.scheduledCutover(cli)
        // The day before the prod hotfix Friday, the cutover is moved onto its night.
        let moved = try cli.run(["set", "acme", "cutover.at=2027-03-12T00:30"], now: "2027-03-11T09:00:00Z")
        #expect(moved.status == 1)
        #expect(moved.err.contains("production-scheduling is done, and this change breaks its rule: cutover.at 2027-03-12 00:30 CET (2027-03-11 23:30 UTC) falls in the prod hotfix window"), "\(moved.err)")
        #expect(moved.err.contains("ltsflow reopen acme production-scheduling --reason \"…\""))
        // Nothing written: the history has no such change, and the cutover runs as scheduled.
        #expect(!(try cli.ok(["history", "acme"])).contains("2027-03-12T00:30"))
        try cli.ok(["start", "acme", "production-cutover"], now: "2027-03-10T00:30:00Z")
        // Reopening first, as the refusal says, lets the change through (and scheduling is due again).
        try cli.ok(["reopen", "acme", "production-scheduling", "--reason", "customer asked for Friday"], now: "2027-03-10T01:00:00Z")
        try cli.ok(["set", "acme", "cutover.at=2027-03-12T00:30"], now: "2027-03-10T01:00:00Z")
        let again = try cli.run(["complete", "acme", "production-scheduling"], now: "2027-03-10T01:00:00Z")
        #expect(again.status == 1)
        #expect(again.err.contains("falls in the prod hotfix window"))
    }

    @Test func aNewWindowThatStrandsTheScheduledCutoverIsRefused() throws {
        let cli = try CLI()
        try Self.scheduledCutover(cli)
        let edit = try cli.run(["customer", "edit", "acme", "--window", "03:00-05:00"], now: "2027-02-12T09:00:00Z")
        #expect(edit.status == 1)
        #expect(edit.err.contains("cannot edit customer acme:"), "\(edit.err)")
        #expect(edit.err.contains("production-scheduling is done, and this change breaks its rule: cutover.at 2027-03-10 01:30 CET (2027-03-10 00:30 UTC) is outside the customer's maintenance window 2027-03-10 03:00–05:00 CET"))
        #expect(edit.err.contains("ltsflow reopen acme production-scheduling --reason \"…\""))
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["window"] is NSNull || shown["window"] == nil, "the window is unchanged: \(shown)")
        // A window that still holds the cutover is accepted.
        try cli.ok(["customer", "edit", "acme", "--window", "01:00-03:00"], now: "2027-02-12T09:00:00Z")
    }

    @Test func theCutoverRechecksEveryRuleWhenItStarts() throws {
        let cli = try CLI()
        // Scheduled on the prod hotfix Friday and pushed through with force.
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no data needed"], now: "2027-02-01T09:00:00Z")
        try Self.preprodUpgrade(cli)
        try cli.ok(["complete", "acme", "preprod-validation"], now: "2027-02-11T09:00:00Z")
        try cli.ok(["set", "acme", "cutover.at=2027-03-12T00:30", "cutover.notice-sent=2027-02-11", "cutover.ticket-filed=2027-02-11",
                    "cutover.ticket=SUPNXP-1"], now: "2027-02-11T09:00:00Z")
        try cli.ok(["force", "acme", "production-scheduling", "--reason", "the customer insists"], now: "2027-02-11T09:00:00Z")
        let start = try cli.run(["start", "acme", "production-cutover"], now: "2027-03-11T23:00:00Z")
        #expect(start.status == 1)
        #expect(start.err.contains("cannot start production-cutover: cutover.at 2027-03-12 00:30 CET (2027-03-11 23:30 UTC) falls in the prod hotfix window"), "\(start.err)")
    }
}
