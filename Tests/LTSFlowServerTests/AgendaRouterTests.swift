#if WebBoard
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The agenda (page and API), the CSM filters, and what the customer page shows of issue 15
/// (CSM, current LTS, checklist), through the router on the fixture's SQLite file.
///
/// The hostile customer `evil` (New York) has its cutover on 2026-12-08 at 00:30 EST, 05:30
/// UTC; "now" is 2026-12-01 09:00 UTC. Its notice is due by 2026-12-01 (7 days before: from
/// local midnight, 05:00 UTC, not yet overdue), its deployment ticket by 2026-12-06 (2 days).
@Suite struct AgendaRouterTests {
    static let agendaKeys: Set<String> = ["at", "local", "timeZone", "customer", "name", "csm", "kind", "summary", "owner", "overdue"]
    static let escapedCSM = "&lt;i&gt;Mallory&lt;/i&gt; &amp; &quot;M&quot; &lt;b&gt;"
    /// `?csm=` of the hostile CSM, percent-encoded.
    static let hostileQuery = "csm=%3Ci%3EMallory%3C%2Fi%3E%20%26%20%22M%22%20%3Cb%3E"

    /// The text of every `<td>` right after a row header: the UTC column of the agenda.
    static func utcColumn(_ page: String) -> [String] {
        page.components(separatedBy: "</th><td>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func theAgendaPageListsEachItemInLocalTimeAndUTCSoonestFirst() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/agenda", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("<a href=\"/agenda\" aria-current=\"page\">Agenda</a>"), "the navigation marks the page")
                #expect(page.contains("<table class=\"agenda\"><caption>Soonest first, in the customer&#39;s local time and in UTC</caption>"))
                #expect(page.contains("<th scope=\"col\">Local time</th><th scope=\"col\">UTC</th><th scope=\"col\">Customer</th>"))
                // Evil's three items: local time in its zone (EST) as the row header, then UTC.
                #expect(page.contains("<tr><th scope=\"row\">2026-12-01 00:00 EST</th><td>2026-12-01 05:00</td><td><a href=\"/customers/evil\">"))
                #expect(page.contains("<tr><th scope=\"row\">2026-12-06 00:00 EST</th><td>2026-12-06 05:00</td><td><a href=\"/customers/evil\">"))
                #expect(page.contains("<tr><th scope=\"row\">2026-12-08 00:30 EST</th><td>2026-12-08 05:30</td><td><a href=\"/customers/evil\">"))
                #expect(page.contains("<td>notice-due</td><td>send the notice to the customer contacts"))
                #expect(page.contains("<td>cutover</td>"))
                // Names and the CSM are text, never markup.
                #expect(!page.contains("<script") && !page.contains("<img") && !page.contains("<i>Mallory"))
                #expect(page.contains("<td>\(Self.escapedCSM)</td>"))
                let times = Self.utcColumn(page)
                #expect(times.count >= 3)
                #expect(times == times.sorted(), "soonest first: \(times)")
                #expect(page.contains("<a href=\"/agenda?days=14\" aria-current=\"true\">14</a>"), "the default window is marked")
            }
        }
    }

    @Test func theAgendaPageFiltersByDaysAndCSMAsLinks() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/agenda?days=3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("2026-12-01 00:00 EST"))
                #expect(!response.text.contains("<th scope=\"row\">2026-12-08 00:30 EST</th>"), "the cutover is 7 days ahead")
                #expect(response.text.contains("<a href=\"/agenda?days=3\" aria-current=\"true\">3</a>"), "a typed window is shown as current")
                #expect(response.text.contains("in the next 3 days"))
            }
            try await client.execute(uri: "/agenda?days=30&\(Self.hostileQuery)", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(page.contains("<a href=\"/agenda?days=30&amp;\(Self.hostileQuery)\" aria-current=\"true\">\(Self.escapedCSM)</a>"))
                let rows = page.components(separatedBy: "<tr><th scope=\"row\">").dropFirst()
                #expect(rows.count >= 3)
                #expect(rows.allSatisfy { $0.contains("<a href=\"/customers/evil\">") }, "only the hostile CSM's customer")
            }
            try await client.execute(uri: "/agenda?csm=nobody-at-all", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Nothing is due or scheduled in these days."))
                #expect(!response.text.contains("<table"))
            }
            for bad in ["days=367", "days=-1", "days=two", "days=", "colour=red"] {
                try await client.execute(uri: "/agenda?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(response.header("Content-Type") == "text/html; charset=utf-8")
                }
            }
            try await client.execute(uri: "/agenda?days=400", method: .get) { response in
                #expect(response.text.contains("days &#39;400&#39; is not a number of days from 0 to 366, e.g. days=14"))
            }
        }
    }

    @Test func theAgendaAPIHasTheKeysAndFiltersOfAgendaJSON() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/api/v1/agenda", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.header("Content-Type") == "application/json")
                let items = try #require(try response.json() as? [[String: Any]])
                #expect(items.allSatisfy { Set($0.keys) == Self.agendaKeys })
                let evil = items.filter { $0["customer"] as? String == "evil" && !(($0["kind"] as? String) ?? "").hasPrefix("hotfix") }
                #expect(evil.map { $0["kind"] as? String } == ["notice-due", "ticket-due", "cutover"])
                #expect(evil.map { $0["at"] as? String } == ["2026-12-01T05:00:00Z", "2026-12-06T05:00:00Z", "2026-12-08T05:30:00Z"])
                #expect(evil.map { $0["local"] as? String } == ["2026-12-01T00:00-05:00", "2026-12-06T00:00-05:00", "2026-12-08T00:30-05:00"])
                #expect(evil.first?["csm"] as? String == BoardFixture.hostileCSM)
                #expect(evil.first?["timeZone"] as? String == "America/New_York")
                #expect(evil.first?["overdue"] as? Bool == false)
            }
            // The CSM filter ignores case, as --csm does.
            let alice = try await client.execute(uri: "/api/v1/agenda?days=60&csm=alice", method: .get) { try #require(try $0.json() as? [[String: Any]]) }
            let shouted = try await client.execute(uri: "/api/v1/agenda?days=60&csm=ALICE", method: .get) { try #require(try $0.json() as? [[String: Any]]) }
            #expect(!alice.isEmpty)
            #expect(alice.allSatisfy { $0["csm"] as? String == "alice" })
            #expect(alice.count == shouted.count)
            let week = try await client.execute(uri: "/api/v1/agenda?days=7", method: .get) { try #require(try $0.json() as? [[String: Any]]) }
            #expect(week.allSatisfy { ($0["at"] as? String ?? "") < "2026-12-08T09:00:00Z" })
            #expect(week.contains { $0["customer"] as? String == "evil" && $0["kind"] as? String == "cutover" },
                    "05:30 UTC on the 8th is within 7 days of 09:00 UTC on the 1st")
            for bad in ["days=367", "days=x", "csm=", "owner=csm"] {
                try await client.execute(uri: "/api/v1/agenda?\(bad)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    let object = try #require(try response.json() as? [String: Any])
                    #expect(object["status"] as? Int == 400)
                }
            }
        }
    }

    @Test func theBoardShowsEachCustomersCSMAndFiltersByCSM() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = response.text
                #expect(page.contains("<dt>CSM</dt><dd>\(Self.escapedCSM)</dd>"))
                #expect(page.contains("<dt>CSM</dt><dd>alice</dd>"))
                #expect(page.contains("<span id=\"filter-csm\">CSM: </span>"))
                #expect(page.contains("<li><a href=\"/?csm=bruno\">bruno</a></li>"))
                #expect(page.contains("<li><a href=\"/?\(Self.hostileQuery)\">\(Self.escapedCSM)</a></li>"))
            }
            try await client.execute(uri: "/?csm=Bruno&region=eu", method: .get) { response in
                #expect(response.status == .ok)
                let csms = response.text.components(separatedBy: "<dt>CSM</dt><dd>").dropFirst().map { $0.prefix { $0 != "<" } }
                #expect(!csms.isEmpty)
                #expect(csms.allSatisfy { $0 == "bruno" }, "\(csms)")
                #expect(response.text.contains("<a href=\"/?region=eu&amp;csm=bruno\" aria-current=\"true\">bruno</a>"), "?csm=Bruno is bruno")
            }
            try await client.execute(uri: "/blocked?\(Self.hostileQuery)", method: .get) { response in
                #expect(response.status == .ok)
                let rows = response.text.components(separatedBy: "<tr><th scope=\"row\">").dropFirst()
                #expect(rows.count >= 1)
                #expect(rows.allSatisfy { $0.contains("<a href=\"/customers/evil\">") })
            }
        }
    }

    @Test func theStatusAndBlockedAPIsFilterByCSM() async throws {
        try await BoardFixture.withClient { client in
            let rows = try await client.execute(uri: "/api/v1/status?csm=chiyo", method: .get) { try #require(try $0.json() as? [[String: Any]]) }
            #expect(!rows.isEmpty)
            #expect(rows.allSatisfy { $0["csm"] as? String == "chiyo" && Set($0.keys) == RouterTests.statusKeys })
            let evil = try await client.execute(uri: "/api/v1/blocked?\(Self.hostileQuery)", method: .get) { try #require(try $0.json() as? [[String: Any]]) }
            #expect(!evil.isEmpty)
            #expect(evil.allSatisfy { $0["customer"] as? String == "evil" })
            let none = try await client.execute(uri: "/api/v1/blocked?csm=nobody&owner=customer", method: .get) { try #require(try $0.json() as? [Any]) }
            #expect(none.isEmpty)
        }
    }

    @Test func theCustomerPageShowsTheCSMTheLTSAndTheChecklistTicked() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/customers/evil", method: .get) { response in
                let page = response.text
                #expect(page.contains("<dt>CSM</dt><dd>\(Self.escapedCSM)</dd>"))
                #expect(page.contains("<dt>Current LTS</dt><dd>LTS 2021</dd>"))
                #expect(page.contains("<h2>Checklist (1 of "))
                #expect(page.contains("<caption>What the plan asks to check; ltsflow check evil ID ticks a line</caption>"))
                let ticked = try #require(page.components(separatedBy: "<tr class=\"ticked\">").dropFirst().first)
                #expect(ticked.contains("<span class=\"tick\" aria-hidden=\"true\">☑</span> ticked</td><td><code>\(BoardFixture.tickedItem)</code></td><td>tester</td><td>2026-12-01 09:00</td>"))
                #expect(page.components(separatedBy: "<tr class=\"ticked\">").count == 2, "one line ticked")
                #expect(page.contains("☐</span> not ticked</td>"))
            }
        }
    }
}
#endif
