#if WebBoard
import Foundation
import Testing

/// When a change made with the command line shows up on the board: whole-portfolio answers are
/// kept until the database changes, which the server checks every `--max-age` seconds. Polled
/// with a bound, never timed: the answer must become the command line's within the bound.
@Suite struct FreshnessTests {
    /// Asks `path` until its body is `expected` (at most 60 s, every 0.2 s); the last body.
    static func poll(_ server: ServerProcess, _ path: String, until expected: String) async throws -> String {
        try await poll(server, path) { $0 == expected }
    }

    /// Asks `path` until its body passes `done` (at most 60 s, every 0.2 s); the last body.
    static func poll(_ server: ServerProcess, _ path: String, until done: (String) -> Bool) async throws -> String {
        var body = ""
        for _ in 0..<300 {
            body = try await server.get(path).body
            if done(body) { return body }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        return body
    }

    @Test(arguments: CLIBackend.all) func aChangeMadeByTheCommandLineShowsUpAfterMaxAge(_ backend: CLIBackend) async throws {
        let cli = try ServeTests.demo(backend)
        let server = try ServerProcess(cli, arguments: ["--max-age", "1"])
        defer { _ = server.stop() }

        let before = try cli.ok(["status", "--json"])
        #expect(try await server.get("/api/v1/status").body == before)
        let board = try await server.get("/")
        #expect(board.body.contains(">Evil &lt;script&gt;"))

        // A customer edit writes no event: the change token must still move.
        try cli.ok(["customer", "edit", "evil", "--name", "Renamed & Co"])
        let renamed = try cli.ok(["status", "--json"])
        #expect(renamed != before)
        #expect(try await Self.poll(server, "/api/v1/status", until: renamed) == renamed)
        // The board's snapshot is refreshed by the first request that finds it stale (which still
        // gets the kept page): it follows on a later request.
        let boardAfter = try await Self.poll(server, "/") { $0.contains(">Renamed &amp; Co</a>") }
        #expect(boardAfter.contains(">Renamed &amp; Co</a>"), "the board's snapshot was rebuilt too")
        #expect(!boardAfter.contains("Evil &lt;script&gt;"))

        // A change of an upgrade (an event): the blocked list and the agenda follow.
        try cli.ok(["unblock", "evil", "intake"])
        let blocked = try cli.ok(["blocked", "--json"])
        #expect(try await Self.poll(server, "/api/v1/blocked", until: blocked) == blocked)
        let agenda = try cli.ok(["agenda", "--json"])
        #expect(try await Self.poll(server, "/api/v1/agenda", until: agenda) == agenda)
    }
}
#endif
