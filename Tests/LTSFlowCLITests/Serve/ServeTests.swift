#if WebBoard
import Foundation
import Testing

/// `ltsflow serve` as a user runs it: the built binary on a free port with a demo database and
/// a customer whose name and block reason are hostile markup.
@Suite struct ServeTests {
    static let hostile = "Evil <script>alert(1)</script> & \"Co\" <img src=x onerror=alert(2)>"
    /// The hostile customer's CSM: markup too, and a name that needs percent-encoding in a link.
    static let hostileCSM = "Mallory <b>\"M\"</b> & Co"

    static func demo(_ backend: CLIBackend = .sqlite) throws -> CLI {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet"])
        try cli.ok(["customer", "add", "evil", "--name", hostile, "--region", "us", "--sandbox", "purchased", "--csm", hostileCSM,
                    "--lts", "2021"])
        try cli.ok(["upgrade", "start", "evil", "--to", "2023"])
        try cli.ok(["block", "evil", "intake", "--reason", hostile, "--owner", "customer", "--ticket", "SUPNXP-666"])
        // On the agenda: the cutover a week ahead (00:30 EST, 05:30 UTC), its notice and its ticket.
        try cli.ok(["set", "evil", "cutover.at=2026-12-08T00:30"])
        try cli.ok(["check", "evil", "2021-2023/java-17"])
        return cli
    }

    @Test(arguments: CLIBackend.all) func everyPageAndAnswerThroughTheBinary(_ backend: CLIBackend) async throws {
        let cli = try Self.demo(backend)
        let server = try ServerProcess(cli)

        let board = try await server.get("/")
        #expect(board.status == 200)
        #expect(board.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        #expect(board.headers["x-content-type-options"] == "nosniff")
        #expect(board.body.contains("<li class=\"card status-"))
        #expect(!board.body.contains("<script"))
        #expect(!board.body.contains("<img"))
        #expect(board.body.contains("Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"))

        let blocked = try await server.get("/blocked?owner=customer")
        #expect(blocked.status == 200)
        #expect(blocked.body.contains("<td>SUPNXP-666</td>"))
        #expect(!blocked.body.contains("<script"))

        let page = try await server.get("/customers/evil")
        #expect(page.status == 200)
        #expect(!page.body.contains("<script"))
        #expect(page.body.contains("<h2>Blockers</h2>"))

        // The API writes what the command line's --json prints, byte for byte.
        #expect(try await server.get("/api/v1/status").body == cli.ok(["status", "--json"]))
        #expect(try await server.get("/api/v1/customers/evil").body == cli.ok(["status", "evil", "--json"]))
        #expect(try await server.get("/api/v1/blocked").body == cli.ok(["blocked", "--json"]))
        #expect(try await server.get("/api/v1/blocked?owner=customer").body == cli.ok(["blocked", "--owner", "customer", "--json"]))
        #expect(try await server.get("/api/v1/blocked?customer=evil").body == cli.ok(["blocked", "--customer", "evil", "--json"]))
        // Asked again, each list comes from the text kept with the list, still that owner's alone.
        #expect(try await server.get("/api/v1/blocked?owner=cloud-team").body == cli.ok(["blocked", "--owner", "cloud-team", "--json"]))
        #expect(try await server.get("/api/v1/blocked?owner=customer").body == cli.ok(["blocked", "--owner", "customer", "--json"]))
        #expect(try await server.get("/api/v1/blocked").body == cli.ok(["blocked", "--json"]))
        // The Markdown and the calendar are the command line's.
        #expect(try await server.get("/report.md").body == cli.ok(["report"]))
        #expect(try await server.get("/customers/evil/report.md").body == cli.ok(["report", "evil"]))
        #expect(try await server.get("/calendar.ics").body == cli.ok(["calendar"]))

        let openapi = try await server.get("/api/v1/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(openapi.body.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        #expect(try await server.get("/healthz").status == 200)

        let missing = try await server.get("/customers/nobody")
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"] == "text/html; charset=utf-8")
        let missingJSON = try await server.get("/api/v1/customers/nobody")
        #expect(missingJSON.status == 404)
        #expect(missingJSON.body.contains("\"error\" : \"no customer 'nobody'"))
        #expect(try await server.get("/", method: "POST").status == 405)
        #expect(try await server.get("/api/v1/status", method: "DELETE").status == 405)

        #expect(server.stop(SIGTERM) == 0)
        let log = server.stderr
        #expect(log.contains(" GET /api/v1/status 200 "), "an access log line per request: \(log)")
        #expect(log.contains(" POST / 405 "))
        #expect(log.contains("ltsflow serve: stopped"))
    }

    /// The agenda, the CSM filters and the customer's CSM, LTS and checklist, as issue 15 put
    /// them in the core: the page escapes the CSM, the API is the command line's JSON.
    @Test func theAgendaAndTheCSMFiltersThroughTheBinary() async throws {
        let cli = try Self.demo()
        let server = try ServerProcess(cli)
        defer { _ = server.stop() }
        let escapedCSM = "Mallory &lt;b&gt;&quot;M&quot;&lt;/b&gt; &amp; Co"
        let csmQuery = "csm=Mallory%20%3Cb%3E%22M%22%3C%2Fb%3E%20%26%20Co"

        let agenda = try await server.get("/agenda")
        #expect(agenda.status == 200)
        #expect(!agenda.body.contains("<script") && !agenda.body.contains("<b>"))
        #expect(agenda.body.contains("<tr><th scope=\"row\">2026-12-08 00:30 EST</th><td>2026-12-08 05:30</td>"))
        #expect(agenda.body.contains("<td>\(escapedCSM)</td>"))
        #expect(agenda.body.contains("<a href=\"/agenda?\(csmQuery)\">\(escapedCSM)</a>"), "the CSM filter link, percent-encoded")
        let mine = try await server.get("/agenda?days=30&\(csmQuery)")
        #expect(mine.status == 200)
        #expect(mine.body.components(separatedBy: "<tr><th scope=\"row\">").dropFirst().allSatisfy { $0.contains("href=\"/customers/evil\"") })
        #expect(try await server.get("/agenda?days=367").status == 400)

        // The API writes what the command line prints, byte for byte, filters and all.
        #expect(try await server.get("/api/v1/agenda").body == cli.ok(["agenda", "--json"]))
        #expect(try await server.get("/api/v1/agenda?days=90&csm=alice").body == cli.ok(["agenda", "--days", "90", "--csm", "alice", "--json"]))
        #expect(try await server.get("/api/v1/agenda?days=0").body == cli.ok(["agenda", "--days", "0", "--json"]))
        #expect(try await server.get("/api/v1/agenda?\(csmQuery)").body == cli.ok(["agenda", "--csm", Self.hostileCSM, "--json"]))
        #expect(try await server.get("/api/v1/status?csm=bruno").body == cli.ok(["status", "--csm", "bruno", "--json"]))
        #expect(try await server.get("/api/v1/blocked?csm=chiyo&owner=customer").body
                == cli.ok(["blocked", "--csm", "chiyo", "--owner", "customer", "--json"]))
        let bad = try await server.get("/api/v1/agenda?days=-1")
        #expect(bad.status == 400)
        #expect(bad.body.contains("\"error\" : \"days '-1' is not a number of days from 0 to 366, e.g. days=14\""))

        let board = try await server.get("/?\(csmQuery)")
        #expect(board.body.components(separatedBy: "<li class=\"card status-").count - 1 == 1, "one customer has that CSM")
        let customer = try await server.get("/customers/evil")
        #expect(customer.body.contains("<dt>CSM</dt><dd>\(escapedCSM)</dd>"))
        #expect(customer.body.contains("<dt>Current LTS</dt><dd>LTS 2021</dd>"))
        #expect(customer.body.contains("<code>2021-2023/java-17</code></td><td>tester</td>"))
    }

    @Test(arguments: CLIBackend.all) func aTokenFileRequiresTheBearerToken(_ backend: CLIBackend) async throws {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet", "--customers", "3"])
        let file = cli.directory.appendingPathComponent("token").path
        try "  t0ken-for-tests \n".write(toFile: file, atomically: true, encoding: .utf8)
        let server = try ServerProcess(cli, arguments: ["--token-file", file])
        #expect(try await server.get("/").status == 401)
        #expect(try await server.get("/healthz", headers: ["Authorization": "Bearer wrong"]).status == 401)
        #expect(try await server.get("/", headers: ["Authorization": "Bearer t0ken-for-tests"]).status == 200)
        #expect(server.stop(SIGINT) == 0, "SIGINT stops it cleanly too")
    }

    @Test func beyondLoopbackWithoutATokenIsRefusedAtStart() throws {
        let cli = try CLI()
        try cli.ok(["demo", "--quiet", "--customers", "3"])
        let refused = try cli.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status == 64)
        #expect(refused.err == "error: serving on 0.0.0.0 (beyond loopback) needs --token-file FILE, so that every request must carry that token\n")
        let empty = cli.directory.appendingPathComponent("empty").path
        try "\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let noToken = try cli.run(["serve", "--port", "0", "--token-file", empty])
        #expect(noToken.status == 64)
        #expect(noToken.err.contains("is empty"))
        let badPort = try cli.run(["serve", "--port", "70000"])
        #expect(badPort.status == 64)
    }
}
#endif
