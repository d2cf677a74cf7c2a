import Foundation
import Testing

/// Assigned CSMs, `--csm`/`--mine`, and `agenda` through the built binary.
@Suite struct PeopleAndAgendaTests {
    /// Two CSMs' customers: acme (eu, alice) with a cutover scheduled on the night the EU clocks
    /// go forward, globex (us, bruno) with a cutover on the night the US clocks go back.
    func portfolio() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--csm", "Alice", "--lts", "2021",
                    "--contact", "ops@acme.example"], now: "2027-03-10T09:00:00Z")
        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "us", "--csm", "bruno", "--lts", "2021"],
                   now: "2027-03-10T09:00:00Z")
        try cli.ok(["customer", "add", "initech", "--name", "Initech", "--region", "eu"], now: "2027-03-10T09:00:00Z")
        for id in ["acme", "globex", "initech"] {
            try cli.ok(["upgrade", "start", id, "--from", "2021", "--to", "2023"], now: "2027-03-10T09:00:00Z")
        }
        try cli.ok(["set", "acme", "cutover.at=2027-03-28T00:30"], now: "2027-03-10T09:00:00Z")
        try cli.ok(["set", "globex", "cutover.at=2027-11-07T00:30", "cutover.notice-sent=2027-03-10"], now: "2027-03-10T09:00:00Z")
        try cli.ok(["block", "initech", "intake", "--reason", "waiting for the contract", "--owner", "customer"], now: "2027-03-10T09:00:00Z")
        try cli.ok(["block", "acme", "intake", "--reason", "waiting for the scope", "--owner", "customer"], now: "2027-03-10T09:00:00Z")
        return cli
    }

    @Test func csmIsRecordedShownAndFiltered() throws {
        let cli = try portfolio()
        let acme = try #require(try cli.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(acme["csm"] as? String == "Alice" && acme["lts"] as? String == "2021")
        #expect(try cli.ok(["customer", "show", "acme"]).contains("Alice"))

        // --csm ignores case; --mine is the acting user.
        let alices = try #require(try cli.json(["status", "--csm", "alice"]) as? [[String: Any]])
        #expect(alices.map { $0["customer"] as? String } == ["acme"])
        #expect(alices.first?["csm"] as? String == "Alice")
        let mine = try cli.run(["status", "--mine", "--json"], extraEnvironment: ["LTSFLOW_ACTOR": "bruno"])
        #expect(mine.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(mine.out.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["customer"] as? String } == ["globex"])
        let asAlice = try cli.ok(["blocked", "--mine", "--as", "alice"])
        #expect(asAlice.contains("acme") && !asAlice.contains("initech"))
        let nobody = try #require(try cli.json(["blocked", "--csm", "carol"]) as? [Any])
        #expect(nobody.isEmpty)
        let everyone = try #require(try cli.json(["blocked"]) as? [[String: Any]])
        #expect(Set(everyone.compactMap { $0["customer"] as? String }) == ["acme", "initech"])

        // Removing the CSM.
        try cli.ok(["customer", "edit", "acme", "--csm", ""])
        #expect(try #require(try cli.json(["status", "--csm", "alice"]) as? [Any]).isEmpty)
    }

    @Test(arguments: [["status"], ["blocked"], ["agenda"]])
    func csmAndMineTogetherAreAUsageError(_ command: [String]) throws {
        let cli = try portfolio()
        let result = try cli.run(command + ["--csm", "alice", "--mine"])
        #expect(result.status == 64)
        #expect(result.err.contains("--csm and --mine cannot be used together"))
    }

    /// The deadlines are counted in local days in the customer's zone: acme's cutover at
    /// 2027-03-28 00:30 CET (the night the clocks go forward, 23:30 UTC the day before) needs
    /// the notice by 2027-03-21 (7 days) and the ticket by 2027-03-26 (2 days), each due from
    /// its local midnight (CET, +01:00).
    @Test func agendaListsDeadlinesAndChangesSoonestFirstInLocalTimeAndUTC() throws {
        let cli = try portfolio()
        let items = try #require(try cli.json(["agenda", "--days", "21"], now: "2027-03-15T09:00:00Z") as? [[String: Any]])
        #expect(items.allSatisfy { Set($0.keys).isSuperset(of: ["at", "local", "customer", "kind", "summary", "owner"]) })
        let acme = items.filter { $0["customer"] as? String == "acme" }
        let kinds = acme.map { $0["kind"] as? String ?? "" }
        #expect(kinds.filter { !$0.hasPrefix("hotfix") } == ["notice-due", "ticket-due", "cutover"])
        func item(_ kind: String) -> [String: Any]? { acme.first { $0["kind"] as? String == kind } }
        #expect(item("notice-due")?["at"] as? String == "2027-03-20T23:00:00Z")
        #expect(item("notice-due")?["local"] as? String == "2027-03-21T00:00+01:00")
        #expect(item("notice-due")?["owner"] as? String == "csm")
        #expect(item("ticket-due")?["at"] as? String == "2027-03-25T23:00:00Z")
        #expect(item("ticket-due")?["owner"] as? String == "customer")
        #expect(item("cutover")?["at"] as? String == "2027-03-27T23:30:00Z")
        #expect(item("cutover")?["local"] as? String == "2027-03-28T00:30+01:00")
        // Soonest first, over every customer.
        let times = items.compactMap { $0["at"] as? String }
        #expect(times == times.sorted())
        // Globex's notice is sent and its cutover is months away: nothing of its own in 21 days.
        #expect(!items.contains { $0["customer"] as? String == "globex" && !(($0["kind"] as? String) ?? "").hasPrefix("hotfix") })

        // The filter and the window.
        let bruno = try #require(try cli.json(["agenda", "--csm", "bruno", "--days", "21"], now: "2027-03-15T09:00:00Z") as? [[String: Any]])
        #expect(bruno.allSatisfy { $0["customer"] as? String == "globex" })
        let short = try #require(try cli.json(["agenda", "--days", "3"], now: "2027-03-15T09:00:00Z") as? [[String: Any]])
        #expect(!short.contains { $0["kind"] as? String == "cutover" })

        // Overdue: the notice day has passed and the cutover is still ahead.
        let late = try #require(try cli.json(["agenda", "--days", "1"], now: "2027-03-23T09:00:00Z") as? [[String: Any]])
        let overdue = try #require(late.first { $0["customer"] as? String == "acme" && $0["kind"] as? String == "notice-due" })
        #expect(overdue["overdue"] as? Bool == true)

        // The table shows the local time with its zone and UTC.
        let table = try cli.ok(["agenda", "--days", "21"], now: "2027-03-15T09:00:00Z")
        #expect(table.contains("2027-03-28 00:30 CET") && table.contains("2027-03-27 23:30"))
        let bad = try cli.run(["agenda", "--days", "-1"])
        #expect(bad.status == 64)
    }

    /// Globex's cutover on 2027-11-07 00:30 in New York: the clocks go back at 02:00 that night;
    /// the notice is sent; the ticket is due by 2027-11-05 at local midnight, still EDT (-04:00).
    @Test func agendaAcrossTheUSFallBackNight() throws {
        let cli = try portfolio()
        let items = try #require(try cli.json(["agenda", "--csm", "bruno", "--days", "14"], now: "2027-11-01T12:00:00Z") as? [[String: Any]])
        let ticket = try #require(items.first { $0["kind"] as? String == "ticket-due" })
        #expect(ticket["at"] as? String == "2027-11-05T04:00:00Z")
        #expect(ticket["local"] as? String == "2027-11-05T00:00-04:00")
        let cutover = try #require(items.first { $0["kind"] as? String == "cutover" })
        #expect(cutover["at"] as? String == "2027-11-07T04:30:00Z")
        #expect(cutover["local"] as? String == "2027-11-07T00:30-04:00")
        #expect(!items.contains { $0["kind"] as? String == "notice-due" })
    }

    /// Deadlines counted back across the year end, in Tokyo (no clock change): a cutover on
    /// 2028-01-04 00:30 JST needs the notice by 2027-12-28 and the ticket by 2028-01-02.
    @Test func agendaAcrossTheYearEnd() throws {
        let cli = try CLI()
        try cli.ok(["customer", "add", "sakura", "--name", "Sakura", "--region", "jp", "--lts", "2021"], now: "2027-12-20T00:00:00Z")
        try cli.ok(["upgrade", "start", "sakura", "--to", "2025"], now: "2027-12-20T00:00:00Z")
        try cli.ok(["set", "sakura", "cutover.at=2028-01-04T00:30"], now: "2027-12-20T00:00:00Z")
        let items = try #require(try cli.json(["agenda", "--days", "30"], now: "2027-12-20T00:00:00Z") as? [[String: Any]])
        let own = items.filter { !(($0["kind"] as? String) ?? "").hasPrefix("hotfix") }
        #expect(own.map { $0["kind"] as? String } == ["notice-due", "ticket-due", "cutover"])
        #expect(own.map { $0["at"] as? String } == ["2027-12-27T15:00:00Z", "2028-01-01T15:00:00Z", "2028-01-03T15:30:00Z"])
        #expect(own.map { $0["local"] as? String } == ["2027-12-28T00:00+09:00", "2028-01-02T00:00+09:00", "2028-01-04T00:30+09:00"])
    }

    /// The pre-production upgrade's deployment ticket: 2027-03-16 00:30 CET needs
    /// preprod.ticket-filed by 2027-03-14 (ticket-lead-days, 2), due from its local midnight;
    /// overdue the day after while the upgrade is still ahead; gone once recorded.
    @Test func agendaListsThePreproductionTicketDeadline() throws {
        let cli = try CLI()
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "eu", "--lts", "2021"], now: "2027-03-01T09:00:00Z")
        try cli.ok(["upgrade", "start", "acme", "--to", "2023"], now: "2027-03-01T09:00:00Z")
        try cli.ok(["set", "acme", "preprod.upgrade-at=2027-03-16T00:30"], now: "2027-03-01T09:00:00Z")
        func own(at now: String) throws -> [[String: Any]] {
            let items = try #require(try cli.json(["agenda", "--days", "14"], now: now) as? [[String: Any]])
            return items.filter { !(($0["kind"] as? String) ?? "").hasPrefix("hotfix") }
        }
        let items = try own(at: "2027-03-10T09:00:00Z")
        #expect(items.map { $0["kind"] as? String } == ["ticket-due", "preprod-upgrade"])
        #expect(items.map { $0["at"] as? String } == ["2027-03-13T23:00:00Z", "2027-03-15T23:30:00Z"])
        #expect(items.map { $0["local"] as? String } == ["2027-03-14T00:00+01:00", "2027-03-16T00:30+01:00"])
        #expect(items.first?["owner"] as? String == "customer")
        #expect(items.first?["overdue"] as? Bool == false)
        #expect((items.first?["summary"] as? String)?.hasPrefix(
            "file the deployment ticket preprod.ticket (then record preprod.ticket-filed) by 2027-03-14, 2 days before preprod.upgrade-at") == true)

        try cli.ok(["set", "acme", "preprod.ticket=SUPNXP-4242"], now: "2027-03-15T09:00:00Z")
        let late = try own(at: "2027-03-15T09:00:00Z")
        let overdue = try #require(late.first { $0["kind"] as? String == "ticket-due" })
        #expect(overdue["overdue"] as? Bool == true)
        #expect((overdue["summary"] as? String)?.hasPrefix("file the deployment ticket SUPNXP-4242 (then record") == true)

        try cli.ok(["set", "acme", "preprod.ticket-filed=2027-03-13"], now: "2027-03-15T09:00:00Z")
        #expect(try own(at: "2027-03-15T09:00:00Z").map { $0["kind"] as? String } == ["preprod-upgrade"])
    }
}
