#if WebBoard
import Foundation
import Testing

/// `ltsflow serve` as a user runs it: the built binary on a free port with a demo database and
/// a customer whose name and block reason are hostile markup.
@Suite struct ServeTests {
    static let hostile = "Evil <script>alert(1)</script> & \"Co\" <img src=x onerror=alert(2)>"

    static func demo(_ backend: CLIBackend = .sqlite) throws -> CLI {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet"])
        try cli.ok(["customer", "add", "evil", "--name", hostile, "--region", "us", "--sandbox", "purchased"])
        try cli.ok(["upgrade", "start", "evil", "--from", "2021", "--to", "2023"])
        try cli.ok(["block", "evil", "intake", "--reason", hostile, "--owner", "customer", "--ticket", "SUPNXP-666"])
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
