#if WebBoard
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The routes through Hummingbird's router, without a socket, on a real SQLite file.
@Suite struct RouterTests {
    /// The keys of `status --json` rows and `blocked --json` items (docs/cli.md, "Reading").
    static let statusKeys: Set<String> = ["customer", "name", "region", "csm", "from", "to", "status", "stages", "owner", "since"]
    static let blockedKeys: Set<String> = ["code", "customer", "kind", "owner", "reason", "since", "stage", "ticket"]

    @Test func healthzAnswersWithTheSecurityHeaders() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text == "{\n  \"status\" : \"ok\"\n}\n")
                let policy = try #require(response.header("Content-Security-Policy"))
                #expect(policy.contains("default-src 'none'"))
                #expect(policy.contains("style-src 'self'"))
                #expect(!policy.contains("script-src"), "no script source at all: default-src 'none' forbids every script")
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.header("X-Content-Type-Options") == "nosniff")
            }
        }
    }

    @Test func theBoardHasAColumnPerStageAndEscapesNames() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.header("Content-Type") == "text/html; charset=utf-8")
                let page = response.text
                #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
                #expect(!page.contains("<script"), "no script, and the hostile name is escaped")
                #expect(!page.contains("<img"))
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Evil&quot; &#39;Corp&#39; &lt;img src=x onerror=alert(2)&gt;"))
                #expect(page.components(separatedBy: "<li class=\"card status-").count - 1 == 26)
                #expect(page.contains("<section aria-labelledby=\"column-intake\"><h2 id=\"column-intake\">"))
                #expect(page.contains("<span class=\"status status-blocked\">blocked</span>"))
                #expect(page.contains("<main id=\"main\">"))
                #expect(page.contains("<nav class=\"filters\" aria-label=\"Filters\">"))
                #expect(page.contains("<link rel=\"stylesheet\" href=\"/static/board.css\">"))
            }
        }
    }

    /// The demo cancels Tyrell's upgrade: its card is in a column of its own, not under "No upgrade".
    @Test func aCancelledUpgradeHasItsOwnColumnAndBadge() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = response.text
                let cancelled = try #require(page.range(of: "<h2 id=\"column-cancelled\">"))
                let next = page.range(of: "<section", range: cancelled.upperBound..<page.endIndex)?.lowerBound ?? page.endIndex
                let column = page[cancelled.lowerBound..<next]
                #expect(column.contains("Cancelled"))
                #expect(column.contains("tyrell"))
                #expect(column.contains("<span class=\"status status-cancelled\">cancelled</span>"))
                #expect(page.contains("1 cancelled"))
            }
        }
    }

    @Test func theBoardFiltersByRegionAndOwner() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/?region=jp", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("(jp)</dd>"))
                #expect(!response.text.contains("(eu)</dd>"))
                #expect(!response.text.contains("(us)</dd>"))
                #expect(response.text.contains("<a href=\"/?region=jp\" aria-current=\"true\">jp</a>"))
            }
            try await client.execute(uri: "/?owner=customer", method: .get) { response in
                let owners = response.text.components(separatedBy: "<dt>Owner</dt><dd>").dropFirst().map { $0.prefix { $0 != "<" } }
                #expect(!owners.isEmpty)
                #expect(owners.allSatisfy { $0 == "customer" }, "\(owners)")
            }
            try await client.execute(uri: "/?owner=nobody", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("owner &#39;nobody&#39; is not one of csm, customer, cloud-team, support"))
            }
            try await client.execute(uri: "/?colour=red", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("unknown query parameter &#39;colour&#39;"))
            }
        }
    }

    @Test func aCustomerPageShowsBlockersScheduleAndHistory() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/customers/evil", method: .get) { response in
                #expect(response.status == .ok)
                let page = response.text
                #expect(!page.contains("<script"))
                #expect(page.contains("<td>\(BoardFixture.ticket)</td>"))
                #expect(page.contains("<ol class=\"timeline\""))
                #expect(page.contains("<th scope=\"col\">Local time</th><th scope=\"col\">UTC</th>"))
                // The US window: midnight to 02:00 in New York is 05:00 to 07:00 UTC in December.
                #expect(page.contains("<td>00:00–02:00 EST</td><td>2026-12-02 05:00–07:00</td>"))
                #expect(page.contains("<caption>Every event of this upgrade, oldest first</caption>"))
                #expect(page.contains("<span class=\"status status-blocked\">blocked</span> &lt;script&gt;"))
            }
        }
    }

    @Test func anUnknownCustomerIsA404PageOrJSON() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/customers/evli", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.header("Content-Type") == "text/html; charset=utf-8")
                #expect(response.text.contains("no customer &#39;evli&#39;; did you mean evil?"))
            }
            try await client.execute(uri: "/api/v1/customers/evli", method: .get) { response in
                #expect(response.status == .notFound)
                let object = try #require(try response.json() as? [String: Any])
                #expect(object["status"] as? Int == 404)
                #expect(object["error"] as? String == "no customer 'evli'; did you mean evil?")
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("<h1>404 Not Found</h1>"))
            }
            try await client.execute(uri: "/api/v1/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.header("Content-Type") == "application/json")
            }
        }
    }

    @Test func theStatusAPIHasTheKeysOfStatusJSON() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/api/v1/status", method: .get) { response in
                #expect(response.status == .ok)
                let rows = try #require(try response.json() as? [[String: Any]])
                #expect(rows.count == 26)
                #expect(rows.allSatisfy { Set($0.keys) == Self.statusKeys })
                let evil = try #require(rows.first { $0["customer"] as? String == "evil" })
                #expect(evil["status"] as? String == "blocked")
                #expect(evil["owner"] as? String == "customer")
                #expect(evil["name"] as? String == BoardFixture.hostile)
            }
            try await client.execute(uri: "/api/v1/customers/evil", method: .get) { response in
                let object = try #require(try response.json() as? [String: Any])
                #expect(object["status"] as? String == "active")
                let stages = try #require(object["stages"] as? [[String: Any]])
                let intake = try #require(stages.first { $0["id"] as? String == "intake" })
                let blockers = try #require(intake["blockers"] as? [[String: Any]])
                #expect(blockers.first?["ticket"] as? String == BoardFixture.ticket)
            }
        }
    }

    @Test func theBlockedAPIFiltersLikeTheCommandLine() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/api/v1/blocked?owner=customer", method: .get) { response in
                #expect(response.status == .ok)
                let items = try #require(try response.json() as? [[String: Any]])
                #expect(!items.isEmpty)
                #expect(items.allSatisfy { Set($0.keys) == Self.blockedKeys && $0["owner"] as? String == "customer" })
                #expect(items.contains { $0["customer"] as? String == "evil" && $0["ticket"] as? String == BoardFixture.ticket })
            }
            try await client.execute(uri: "/api/v1/blocked?customer=evil", method: .get) { response in
                let items = try #require(try response.json() as? [[String: Any]])
                #expect(items.allSatisfy { $0["customer"] as? String == "evil" })
                #expect(items.count >= 1)
            }
            try await client.execute(uri: "/api/v1/blocked?customer=nobody", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/blocked?customer=", method: .get) { response in
                #expect(response.status == .badRequest, "an empty filter is not 'no filter'")
                #expect(response.text.contains("query parameter 'customer' needs a value"))
            }
            try await client.execute(uri: "/api/v1/blocked?owner=boss", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.header("Content-Type") == "application/json")
            }
        }
    }

    @Test func everyMethodButGetIs405() async throws {
        try await BoardFixture.withClient { client in
            for (method, uri) in [(HTTPRequest.Method.post, "/"), (.put, "/customers/evil"), (.delete, "/api/v1/status"), (.patch, "/healthz"), (.head, "/")] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.header("Allow") == "GET")
                }
            }
        }
    }

    @Test func aTokenIsRequiredWhenSet() async throws {
        try await BoardFixture.withClient(token: "s3cret-token") { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.header("WWW-Authenticate") == "Bearer realm=\"ltsflow\"")
            }
            try await client.execute(uri: "/api/v1/status", method: .get, headers: [.authorization: "Bearer s3cret-tokeN"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.header("Content-Type") == "application/json")
            }
            try await client.execute(uri: "/api/v1/status", method: .get, headers: [.authorization: "Basic s3cret-token"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer s3cret-token"]) { response in
                #expect(response.status == .ok)
            }
            // Without the token, even a POST learns nothing but 401.
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func theMarkdownCalendarAndStylesheetAreServed() async throws {
        try await BoardFixture.withClient { client in
            try await client.execute(uri: "/report.md", method: .get) { response in
                #expect(response.header("Content-Type") == "text/markdown; charset=utf-8")
                #expect(response.text.hasPrefix("# "))
            }
            try await client.execute(uri: "/customers/evil/report.md", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(BoardFixture.ticket))
            }
            try await client.execute(uri: "/calendar.ics", method: .get) { response in
                #expect(response.header("Content-Type") == "text/calendar; charset=utf-8")
                #expect(response.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            }
            try await client.execute(uri: "/static/board.css", method: .get) { response in
                #expect(response.header("Content-Type") == "text/css; charset=utf-8")
                #expect(response.text.contains(".status-blocked"))
            }
        }
    }
}
#endif
