import Foundation
import Testing

/// Issue 13, "rules that hold at every moment": each case a CSM saw, through the built binary.
@Suite struct RulesTests {
    /// ACME (EU, Europe/Paris, no sandbox) with production-scheduling done on 2027-02-11: a
    /// cutover on Wednesday 2027-03-10 at 01:30 CET, notice and ticket given that day.
    static func scheduledCutover(_ cli: CLI, cutover: String = "2027-03-10T01:30", complete: Bool = true) throws {
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no data needed"], now: "2027-02-01T09:00:00Z")
        try preprodUpgrade(cli)
        try cli.ok(["complete", "acme", "preprod-validation"], now: "2027-02-11T09:00:00Z")
        try cli.ok(["set", "acme", "cutover.at=\(cutover)", "cutover.notice-sent=2027-02-11", "cutover.ticket-filed=2027-02-11",
                    "cutover.ticket=SUPNXP-1"], now: "2027-02-11T09:00:00Z")
        if complete { try cli.ok(["complete", "acme", "production-scheduling"], now: "2027-02-11T09:00:00Z") }
    }

    /// The pre-production upgrade on Wednesday 2027-02-10 at 00:30 CET.
    static func preprodUpgrade(_ cli: CLI) throws {
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-02-10T00:30", "preprod.ticket=SUPNXP-2", "preprod.ticket-filed=2027-02-01"],
                   now: "2027-02-01T09:00:00Z")
        try cli.ok(["start", "acme", "preprod-upgrade"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["complete", "acme", "preprod-upgrade"], now: "2027-02-10T09:00:00Z")
    }

    // MARK: §8 mechanism

    @Test(arguments: CLIBackend.all) func movingAScheduledCutoverOntoTheHotfixNightIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
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

    @Test(arguments: CLIBackend.all) func aNewWindowThatStrandsTheScheduledCutoverIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.scheduledCutover(cli)
        let edit = try cli.run(["customer", "edit", "acme", "--window", "03:00-05:00"], now: "2027-02-12T09:00:00Z")
        #expect(edit.status == 1)
        #expect(edit.err.contains("cannot edit customer acme:"), "\(edit.err)")
        #expect(edit.err.contains("production-scheduling is done, and this change breaks its rule: cutover.at 2027-03-10 01:30 CET (2027-03-10 00:30 UTC) is outside the customer's maintenance window 2027-03-10 03:00–05:00 CET"))
        #expect(edit.err.contains("ltsflow reopen acme production-scheduling --reason \"…\""))
        let shown = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(shown["window"] is NSNull || shown["window"] == nil, "the window is unchanged: \(shown)")
        // A window that still holds the cutover is accepted.
        try cli.ok(["customer", "edit", "acme", "--window", "00:00-03:00"], now: "2027-02-12T09:00:00Z")
    }

    @Test(arguments: CLIBackend.all) func theCutoverRechecksEveryRuleWhenItStarts(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
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

    /// ACME (EU, Europe/Paris) with an upgrade just opened, `sandbox` as its contract.
    static func opened(_ cli: CLI, sandbox: String = "none", now: String = "2027-02-01T09:00:00Z") throws {
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--sandbox", sandbox], now: now)
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"], now: now)
    }

    // MARK: Recorded facts

    @Test(arguments: CLIBackend.all) func aNoticeOrTicketDatedAfterTodayIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        let notice = try cli.run(["set", "acme", "cutover.notice-sent=2027-03-10"], now: "2027-03-02T09:00:00Z")
        #expect(notice.status == 1)
        #expect(notice.err == "error: cannot set: cutover.notice-sent 2027-03-10 is in the future: it records something that happened; today is 2027-03-02 in Europe/Paris\n")
        let ticket = try cli.run(["set", "acme", "cutover.ticket-filed=2027-03-03", "cutover.ticket=SUPNXP-1"], now: "2027-03-02T09:00:00Z")
        #expect(ticket.status == 1)
        #expect(ticket.err.contains("cutover.ticket-filed 2027-03-03 is in the future"))
        #expect(!(try cli.ok(["history", "acme"])).contains("SUPNXP-1"), "nothing of the refused set is written")
        // Today in Paris is already tomorrow in UTC terms late in the evening: 23:30 UTC on 03-02 is 03-03 in Paris.
        try cli.ok(["set", "acme", "cutover.ticket-filed=2027-03-03"], now: "2027-03-02T23:30:00Z")
    }

    @Test func recordedOnAFactThatIsNotADateIsAValidationError() throws {
        let cli = try CLI()
        let file = cli.directory.appendingPathComponent("bad.yaml")
        try """
        id: bad
        version: 1
        title: Bad
        facts:
          - key: note
            type: text
            title: a note
            recorded: true
        stages:
          - id: only
            title: Only
            owner: csm
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["workflow", "validate", file.path], useDB: false)
        #expect(result.status == 1)
        #expect(result.out.contains("bad.yaml:5: error: fact `note` is marked `recorded: true`, which only a date or a date-time can be"),
                "the diagnostic names the file and the fact's line: \(result.out)")
        #expect(result.out.contains("[recorded-fact-type]"))
    }

    // MARK: Local date-times

    @Test(arguments: CLIBackend.all) func aTimeInTheSpringForwardGapIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        let gap = try cli.run(["set", "acme", "cutover.at=2027-03-28T02:30"])
        #expect(gap.status == 1)
        #expect(gap.err.contains("02:30 does not exist on 2027-03-28 in Europe/Paris: clocks jump from 02:00 to 03:00"), "\(gap.err)")
        #expect(!(try cli.ok(["history", "acme"])).contains("2027-03-28"))
    }

    @Test(arguments: CLIBackend.all) func aTimeInTheAutumnFoldNeedsItsOffset(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli, now: "2026-10-01T09:00:00Z")
        let fold = try cli.run(["set", "acme", "preprod.upgrade-at=2026-10-25T02:30"], now: "2026-10-01T09:00:00Z")
        #expect(fold.status == 1)
        #expect(fold.err.contains("02:30 happens twice on 2026-10-25 in Europe/Paris"), "\(fold.err)")
        #expect(fold.err.contains("first at 2026-10-25 02:30 CEST (2026-10-25 00:30 UTC), written 2026-10-25T02:30+02:00"))
        #expect(fold.err.contains("then at 2026-10-25 02:30 CET (2026-10-25 01:30 UTC), written 2026-10-25T02:30+01:00"))
        #expect(try cli.ok(["set", "acme", "preprod.upgrade-at=2026-10-25T02:30+01:00"], now: "2026-10-01T09:00:00Z")
            .contains("preprod.upgrade-at=2026-10-25T02:30+01:00"))
    }

    // MARK: Windows, deployments and the pre-production rules

    @Test(arguments: CLIBackend.all) func aCutoverWhoseDeploymentOverrunsTheWindowIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.scheduledCutover(cli, cutover: "2027-03-10T01:59", complete: false)
        let done = try cli.run(["complete", "acme", "production-scheduling"], now: "2027-02-11T09:00:00Z")
        #expect(done.status == 1, "production-scheduling was not completed with a 01:59 cutover")
        #expect(done.err.contains("leaves no room for its deployment of up to 30 minutes"), "\(done.err)")
    }

    @Test(arguments: CLIBackend.all) func aPreprodUpgradeOutsideTheWindowOrWithoutItsTicketIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no data needed"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-02-10T14:00"], now: "2027-02-01T09:00:00Z")
        let start = try cli.run(["start", "acme", "preprod-upgrade"], now: "2027-02-01T09:00:00Z")
        #expect(start.status == 1)
        #expect(start.err.contains("preprod.ticket is not set"), "\(start.err)")
        #expect(start.err.contains("preprod.ticket-filed is not set"))
        #expect(start.err.contains("preprod.upgrade-at 2027-02-10 14:00 CET (2027-02-10 13:00 UTC) is outside the customer's maintenance window"))
        // Filed one day ahead: the same two-day lead time as production.
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-02-10T00:30", "preprod.ticket=SUPNXP-2", "preprod.ticket-filed=2027-02-09"],
                   now: "2027-02-09T09:00:00Z")
        let lead = try cli.run(["start", "acme", "preprod-upgrade"], now: "2027-02-09T09:00:00Z")
        #expect(lead.status == 1)
        #expect(lead.err.contains("preprod.ticket-filed (preprod.ticket-filed 2027-02-09) is 1 day before preprod.upgrade-at"), "\(lead.err)")
        let blocked = try #require(try cli.json(["blocked", "--customer", "acme"], now: "2027-02-09T09:00:00Z") as? [[String: Any]])
        #expect(blocked.contains { $0["stage"] as? String == "preprod-upgrade" && $0["ticket"] as? String == "SUPNXP-2" },
                "the blocker carries the pre-production ticket: \(blocked)")
    }

    // MARK: Sandbox

    @Test(arguments: CLIBackend.all) func aSandboxStartingInThePastOrNotYetIsRefused(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli, sandbox: "purchased", now: "2027-01-04T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["set", "acme", "sandbox.start=2026-01-04", "sandbox.end=2027-02-26"], now: "2027-01-04T09:00:00Z")
        let past = try cli.run(["complete", "acme", "sandbox-request"], now: "2027-01-04T09:00:00Z")
        #expect(past.status == 1)
        #expect(past.err.contains("sandbox.start 2026-01-04 is before today (2027-01-04)"), "\(past.err)")
        try cli.ok(["set", "acme", "sandbox.start=2027-01-11"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["complete", "acme", "sandbox-request"], now: "2027-01-04T09:00:00Z")
        let early = try cli.run(["start", "acme", "sandbox-upgrade"], now: "2027-01-05T09:00:00Z")
        #expect(early.status == 1)
        #expect(early.err.contains("waiting until 2027-01-11: sandbox.start has not passed yet"), "\(early.err)")
        try cli.ok(["start", "acme", "sandbox-upgrade"], now: "2027-01-11T09:00:00Z")
    }

    // MARK: Search coordination and restore tickets

    @Test(arguments: CLIBackend.all) func aSupportedClusterSetLaterDoesNotSkipCoordination(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023", "--search-cluster", "elasticsearch 7.10"], now: "2027-02-01T09:00:00Z")
        let set = try cli.ok(["set", "acme", "search.cluster=elasticsearch 7.17"], now: "2027-02-01T09:00:00Z")
        #expect(!set.contains("search-coordination"), "no automatic skip after the upgrade began: \(set)")
        let status = try #require(try cli.json(["status", "acme"], now: "2027-02-01T09:00:00Z") as? [String: Any])
        let stages = try #require(status["stages"] as? [[String: Any]])
        #expect(stages.first { $0["id"] as? String == "search-coordination" }?["status"] as? String == "pending")
        // Its target must be supported by LTS 2023, with the Cloud team's ticket.
        try cli.ok(["complete", "acme", "intake"], now: "2027-02-01T09:00:00Z")
        try cli.ok(["set", "acme", "search.target=elasticsearch 7.10", "search.ticket=SUPNXP-3"], now: "2027-02-01T09:00:00Z")
        let target = try cli.run(["complete", "acme", "search-coordination"], now: "2027-02-01T09:00:00Z")
        #expect(target.status == 1)
        #expect(target.err.contains("search.target: elasticsearch 7.10 is not supported by LTS 2023"), "\(target.err)")
        let restore = try cli.run(["complete", "acme", "preprod-restore"], now: "2027-02-01T09:00:00Z")
        #expect(restore.status == 1)
        #expect(restore.err.contains("restore.ticket is not set"), "\(restore.err)")
    }

    // MARK: Waiting, since and ticket

    @Test(arguments: CLIBackend.all) func aCutoverThreeWeeksAheadIsWaitingNotBlockedNorOverdue(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.scheduledCutover(cli)
        // 22 days after production-cutover became ready (expected: 14 days).
        let now = "2027-03-05T09:00:00Z"
        let blocked = try #require(try cli.json(["blocked", "--customer", "acme"], now: now) as? [[String: Any]])
        #expect(blocked.isEmpty, "nothing needs anyone: \(blocked)")
        let why = try cli.ok(["why", "acme", "production-cutover"], now: now)
        #expect(why.contains("waiting until 2027-03-10 01:30 CET (2027-03-10 00:30 UTC)"), "\(why)")
        #expect(!why.contains("overdue"))
        let status = try #require(try cli.json(["status", "acme"], now: now) as? [String: Any])
        let stages = try #require(status["stages"] as? [[String: Any]])
        let cutover = try #require(stages.first { $0["id"] as? String == "production-cutover" })
        let blockers = try #require(cutover["blockers"] as? [[String: Any]])
        #expect(blockers.map { $0["kind"] as? String } == ["waiting"])
        #expect(blockers.first?["until"] as? String == "2027-03-10T00:30:00Z")
        let headline = try cli.ok(["report", "acme"], now: now).split(separator: "\n").first.map(String.init) ?? ""
        #expect(headline.hasSuffix("production-cutover, waiting until 2027-03-10 01:30 CET (2027-03-10 00:30 UTC)"), "\(headline)")
        // Overdue counts from the cutover once it has passed: 14 days after it, not before.
        #expect(!(try cli.ok(["why", "acme", "production-cutover"], now: "2027-03-20T09:00:00Z")).contains("overdue"))
        #expect(try cli.ok(["why", "acme", "production-cutover"], now: "2027-03-26T09:00:00Z").contains("overdue"))
    }

    @Test(arguments: CLIBackend.all) func aCutoverRuleBlockerCarriesTheCutoverTicket(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.scheduledCutover(cli, cutover: "2027-03-10T01:59", complete: false)
        let blocked = try #require(try cli.json(["blocked", "--customer", "acme"], now: "2027-02-11T09:00:00Z") as? [[String: Any]])
        let window = try #require(blocked.first { $0["stage"] as? String == "production-scheduling" })
        #expect(window["ticket"] as? String == "SUPNXP-1", "\(blocked)")
    }

    @Test(arguments: CLIBackend.all) func anExpiredSandboxIsBlockedSinceItsEnd(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli, sandbox: "purchased", now: "2027-01-04T09:00:00Z")
        try cli.ok(["complete", "acme", "intake"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["set", "acme", "sandbox.start=2027-01-05", "sandbox.end=2027-01-29"], now: "2027-01-04T09:00:00Z")
        try cli.ok(["complete", "acme", "sandbox-request"], now: "2027-01-05T09:00:00Z")
        try cli.ok(["complete", "acme", "sandbox-upgrade"], now: "2027-01-08T09:00:00Z")
        try cli.ok(["start", "acme", "sandbox-validation"], now: "2027-01-10T09:00:00Z")
        let blocked = try #require(try cli.json(["blocked", "--customer", "acme"], now: "2027-02-05T09:00:00Z") as? [[String: Any]])
        let expired = try #require(blocked.first { $0["code"] as? String == "sandbox-expired" }, "\(blocked)")
        #expect(expired["since"] as? String == "2027-01-29T23:00:00Z", "the local midnight after the sandbox's last day")
    }

    // MARK: Reads never create a database

    @Test func aReadOfAMistypedPathCreatesNothing() throws {
        let cli = try CLI()
        let path = cli.directory.appendingPathComponent("typo/ltsflow.sqlite").path
        let result = try cli.run(["status", "--db", path], useDB: false)
        #expect(result.status == 1)
        #expect(result.err.contains("there is no database at \(path)"), "\(result.err)")
        #expect(result.err.contains("ltsflow customer add") && result.err.contains("ltsflow demo"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo").path), "no directory was made")
        #expect(try cli.run(["blocked", "--json"], useDB: false, extraEnvironment: ["LTSFLOW_DB": path]).status == 1)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aReadOnlyCopyInAReadOnlyDirectoryCanBeRead() throws {
        let cli = try CLI()
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2021", "--to", "2023"])
        let folder = cli.directory.appendingPathComponent("sent")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: cli.db, toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }

        let status = try cli.run(["status", "acme", "--db", copy], useDB: false)
        #expect(status.status == 0, "\(status.err)")
        #expect(status.out.contains("intake"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["copy.sqlite"], "no -wal or -shm left")
        let write = try cli.run(["customer", "edit", "acme", "--name", "Renamed", "--db", copy], useDB: false)
        #expect(write.status == 1)
        #expect(write.err.contains("cannot open the database \(copy): the directory \(folder.path) is read-only"), "\(write.err)")

        // As root, file modes bind nobody: read it again as an unprivileged user, whom they bind.
        guard getuid() == 0 else { return }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            print("aReadOnlyCopyInAReadOnlyDirectoryCanBeRead: running as root without runuser, so the unprivileged read was not run")
            return
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.directory.path)
        let asNobody = try cli.shell("/usr/sbin/runuser -u nobody -- env HOME=/tmp LTSFLOW_NOW=2026-12-01T09:00:00Z \(CLI.binary.path) status acme --db \(copy)")
        #expect(asNobody.status == 0, "\(asNobody.err)")
        #expect(asNobody.out.contains("intake"))
    }

    // MARK: CLI friction

    @Test func setHelpListsTheFactKeysOfTheDefaultWorkflow() throws {
        let cli = try CLI()
        let help = try cli.run(["set", "--help"], useDB: false, extraEnvironment: ["COLUMNS": "100"]).out
        let yaml = try String(contentsOf: Self.repository.appendingPathComponent("workflows/nuxeo-lts-upgrade.yaml"), encoding: .utf8)
        let keys = yaml.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("  - key: ") ? String(line.dropFirst("  - key: ".count)) : nil
        }
        #expect(keys.count >= 13)
        for key in keys {
            #expect(help.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + " ") }, "set --help lacks \(key)")
        }
        #expect(help.contains("cutover.at              local date-time YYYY-MM-DDTHH:MM"))
        #expect(help.contains("cutover.notice-sent     date YYYY-MM-DD, recorded (not after today)"))
    }

    @Test(arguments: CLIBackend.all) func swappedArgumentsAreNamed(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        let swapped = try cli.run(["advance", "intake", "acme"])
        #expect(swapped.status == 64)
        #expect(swapped.err == "error: 'intake' is a stage and 'acme' a customer: the customer comes first, as in ltsflow advance acme intake\n")
        let unknown = try cli.run(["advance", "acmee", "intake"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no customer 'acmee'; did you mean acme?"))
    }

    @Test(arguments: CLIBackend.all) func whyPrintsTheCommandThatClearsABlock(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        try cli.ok(["block", "acme", "intake", "--reason", "waiting for the contract", "--owner", "customer"])
        #expect(try cli.ok(["why", "acme", "intake"]).contains("    to clear it: ltsflow unblock acme intake"))
        try cli.ok(["unblock", "acme", "intake"])
        try cli.ok(["complete", "acme", "intake"])
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "no data needed"])
        let why = try cli.ok(["why", "acme", "preprod-upgrade"])
        #expect(why.contains("preprod.upgrade-at is not set"))
        #expect(why.contains("    to clear it: ltsflow set acme preprod.upgrade-at=YYYY-MM-DDTHH:MM"), "\(why)")
        #expect(why.contains("    to clear it: ltsflow set acme preprod.ticket=SUPNXP-1234"))
    }

    static let commands = ["customer add", "customer list", "customer show", "customer edit", "upgrade start", "status", "history",
                           "why", "start", "complete", "advance", "reopen", "skip", "block", "unblock", "set", "force", "blocked",
                           "report", "windows", "hotfixes", "calendar", "plan", "workflow list", "workflow show",
                           "workflow validate", "workflow graph", "demo", "doctor",
                           "upgrade cancel", "upgrades", "agenda", "notice", "check", "uncheck"]

    @Test(arguments: commands)
    func helpExamplesDoNotWrapAt80Columns(_ command: String) throws {
        let cli = try CLI()
        let help = try cli.run(command.split(separator: " ").map(String.init) + ["--help"], useDB: false,
                               extraEnvironment: ["COLUMNS": "80"]).out
        var inExample = false
        var examples = 0
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Example") { inExample = true; continue }
            if line.hasPrefix("USAGE:") || line.isEmpty { inExample = false }
            guard inExample else { continue }
            examples += 1
            #expect(line.hasPrefix("  "), "\(command) --help: an example wraps at 80 columns: \(line)")
            #expect(line.count <= 80)
        }
        #expect(examples > 0, "\(command) --help has an example")
    }

    @Test(arguments: CLIBackend.all) func theStageTableSaysItsTimesAreUTC(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try Self.opened(cli)
        let table = try cli.ok(["status", "acme"])
        #expect(table.contains("STARTED (UTC)") && table.contains("FINISHED (UTC)"))
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
