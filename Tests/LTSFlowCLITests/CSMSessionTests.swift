import Foundation
import Testing

/// A customer success manager's day with the built binary, from `customer add` to `closeout`.
@Suite struct CSMSessionTests {
    @Test func fromCustomerAddToCloseoutWithDatesAndCutoverRules() throws {
        let cli = try CLI()
        let added = try cli.ok(["customer", "add", "acme", "--name", "ACME Corp", "--region", "eu", "--sandbox", "purchased",
                                "--contact", "ops@acme.example"], now: "2026-12-01T09:00:00Z")
        #expect(added.contains("Added acme (ACME Corp), eu, Europe/Paris, sandbox purchased."))

        // Elasticsearch 7.10 is not supported by LTS 2023: coordination is required.
        let started = try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "LTS 2023", "--search-cluster", "Elasticsearch 7.10"])
        #expect(started.contains("Started acme: LTS 2021 → LTS 2023 (1 hop)"))
        #expect(started.contains("not supported by LTS 2023"))
        #expect(started.contains("Ready: intake."))

        #expect(try cli.ok(["advance", "acme"]).contains("intake: ready → active"))
        let intakeDone = try cli.ok(["advance", "acme"], now: "2026-12-02T09:00:00Z")
        #expect(intakeDone.contains("intake: active → done"))
        #expect(intakeDone.contains("sandbox-request: pending → ready (automatic)"))

        // The additional sandbox: dates needed, end after start.
        let missing = try cli.run(["complete", "acme", "sandbox-request"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("sandbox.start is not set"))
        #expect(missing.err.contains("sandbox.end is not set"))
        try cli.ok(["set", "acme", "sandbox.start=2027-01-04", "sandbox.end=2027-02-26"])
        try cli.ok(["complete", "acme", "sandbox-request"], now: "2026-12-03T09:00:00Z")
        try cli.ok(["advance", "acme", "sandbox-upgrade"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["advance", "acme", "sandbox-upgrade"], now: "2027-01-20T09:00:00Z")
        try cli.ok(["complete", "acme", "sandbox-validation"], now: "2027-01-28T09:00:00Z")

        // Two stages can move: advance without a stage names them and changes nothing.
        let several = try cli.run(["advance", "acme"])
        #expect(several.status == 1)
        #expect(several.err.contains("several stages can move: preprod-restore (ready), search-coordination (ready); name one"))
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no production data needed"])
        try cli.ok(["block", "acme", "search-coordination", "--reason", "waiting for the ES 7.17 cluster", "--owner", "cloud-team", "--ticket", "supnxp-77"])
        let blocked = try cli.ok(["blocked"])
        #expect(blocked.contains("acme") && blocked.contains("SUPNXP-77") && blocked.contains("cloud-team"))
        try cli.ok(["unblock", "acme", "search-coordination"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["set", "acme", "search.target=elasticsearch 7.17", "search.ticket=SUPNXP-78"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "search-coordination"], now: "2027-02-03T09:00:00Z")

        // Pre-production: scheduled, then done once the time has passed.
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-02-10T00:30", "preprod.ticket=SUPNXP-90", "preprod.ticket-filed=2026-12-01"])
        try cli.ok(["start", "acme", "preprod-upgrade"])
        let early = try cli.run(["complete", "acme", "preprod-upgrade"], now: "2027-02-09T22:00:00Z")
        #expect(early.status == 1)
        #expect(early.err.contains("waiting until 2027-02-10 00:30 CET (2027-02-09 23:30 UTC): preprod.upgrade-at has not passed yet"))
        try cli.ok(["complete", "acme", "preprod-upgrade"], now: "2027-02-10T08:00:00Z")
        try cli.ok(["complete", "acme", "preprod-validation"], now: "2027-02-19T08:00:00Z")

        // Production scheduling: 7 days' notice and the ticket 2 days ahead, else refused with
        // every reason and nothing written (notice and ticket are recorded once they happened).
        try cli.ok(["set", "acme", "cutover.at=2027-03-03T00:30", "cutover.notice-sent=2027-02-27",
                    "cutover.ticket-filed=2027-03-02", "cutover.ticket=SUPNXP-1234"], now: "2027-03-02T09:00:00Z")
        let eventsBefore = try cli.json(["history", "acme"]) as? [Any]
        let refused = try cli.run(["complete", "acme", "production-scheduling"], now: "2027-03-02T09:00:00Z")
        #expect(refused.status == 1)
        #expect(refused.err.contains("cannot complete production-scheduling:"))
        #expect(refused.err.contains("at least 7 days are needed (by 2027-02-24)"))
        #expect(refused.err.contains("at least 2 days are needed (by 2027-03-01)"))
        let eventsAfter = try cli.json(["history", "acme"]) as? [Any]
        #expect(eventsBefore?.count == eventsAfter?.count, "a refused command writes nothing")
        try cli.ok(["set", "acme", "cutover.notice-sent=2027-02-20", "cutover.ticket-filed=2027-02-26"], now: "2027-03-02T09:00:00Z")
        try cli.ok(["complete", "acme", "production-scheduling"], now: "2027-03-02T09:00:00Z")

        // The cutover at 00:30 Paris time is 23:30 UTC the day before.
        try cli.ok(["start", "acme", "production-cutover"], now: "2027-03-02T23:00:00Z")
        #expect(try cli.run(["complete", "acme", "production-cutover"], now: "2027-03-02T23:20:00Z").status == 1)
        try cli.ok(["complete", "acme", "production-cutover"], now: "2027-03-02T23:45:00Z")
        try cli.ok(["advance", "acme"], now: "2027-03-04T09:00:00Z")
        try cli.ok(["advance", "acme"], now: "2027-03-05T09:00:00Z")

        let status = try #require(try cli.json(["status", "acme"]) as? [String: Any])
        #expect(status["customer"] as? String == "acme")
        #expect(status["from"] as? String == "2021" && status["to"] as? String == "2023")
        #expect(status["workflow"] as? String == "nuxeo-lts-upgrade")
        #expect(status["status"] as? String == "finished")
        let stages = try #require(status["stages"] as? [[String: Any]])
        #expect(stages.count == 11)
        #expect(stages.allSatisfy { ["done", "skipped"].contains($0["status"] as? String ?? "") })
        for stage in stages {
            for key in ["id", "status", "owner", "startedAt", "finishedAt", "blockers"] {
                #expect(stage.keys.contains(key), "stage JSON lacks \(key)")
            }
        }
        let closeout = try #require(stages.last)
        #expect(closeout["finishedAt"] as? String == "2027-03-05T09:00:00Z")

        // The portfolio and doctor agree.
        #expect(try cli.ok(["status"]).contains("finished"))
        #expect(try cli.ok(["doctor"]).contains("ok"))
        let history = try cli.ok(["history", "acme"])
        #expect(history.contains("skip: ready → skipped") && history.contains("no production data needed"))
    }
}

/// An upgrade follows the definition it started with, whatever happens to the file later.
@Suite struct PinningTests {
    @Test func editingTheWorkflowFileMidUpgradeChangesNothingInFlight() throws {
        let cli = try CLI()
        let directory = cli.directory.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = directory.appendingPathComponent("nuxeo-lts-upgrade.yaml")
        let original = try String(contentsOf: root.appendingPathComponent("workflows/nuxeo-lts-upgrade.yaml"), encoding: .utf8)
        try original.write(to: file, atomically: true, encoding: .utf8)
        let workflows = ["--workflows", directory.path]

        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"] + workflows)
        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "eu"] + workflows)
        try cli.ok(["upgrade", "start", "acme", "--from", "2023", "--to", "2025"] + workflows)
        let pinned = try #require(try cli.json(["status", "acme"] + workflows) as? [String: Any])["definitionHash"] as? String

        // Mid-upgrade the policy changes: 30 days' notice instead of 7, and intake now needs a ticket.
        let edited = original
            .replacingOccurrences(of: "notice-days: 7", with: "notice-days: 30")
            .replacingOccurrences(of: "    needs: [search.cluster]\n    expected-days: 5", with: "    needs: [search.cluster, cutover.ticket]\n    expected-days: 5")
        #expect(edited != original)
        try edited.write(to: file, atomically: true, encoding: .utf8)

        // acme still follows its pinned copy: intake completes without a ticket.
        try cli.ok(["complete", "acme", "intake"] + workflows)
        let after = try #require(try cli.json(["status", "acme"] + workflows) as? [String: Any])
        #expect(after["definitionHash"] as? String == pinned)
        // A new upgrade pins the new text and its rule applies.
        try cli.ok(["upgrade", "start", "globex", "--from", "2023", "--to", "2025"] + workflows)
        let globex = try #require(try cli.json(["status", "globex"] + workflows) as? [String: Any])
        #expect(globex["definitionHash"] as? String != pinned)
        let refused = try cli.run(["complete", "globex", "intake"] + workflows)
        #expect(refused.status == 1 && refused.err.contains("cutover.ticket is not set"))
        // Both still replay.
        #expect(try cli.ok(["doctor"] + workflows).contains("ok"))
    }
}
