import Foundation
import Testing

/// Reports: golden files (deterministic with LTSFLOW_NOW), rendered by cmark-gfm and checked
/// for broken tables and injected HTML, scripts, images and links.
@Suite struct ReportTests {
    static let now = "2026-12-01T09:00:00Z"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Compares with the golden file; `LTSFLOW_RECORD=1` writes it instead.
    static func assertGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LTSFLOW_RECORD"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file; run LTSFLOW_RECORD=1 swift test --filter ReportTests to re-record after checking the change", sourceLocation: sourceLocation)
    }

    /// cmark-gfm renders it with every table intact and nothing injected.
    static func assertSafe(_ text: String, in cli: CLI, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = cli.directory.appendingPathComponent("report-\(UUID().uuidString).md")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.shell("python3 \(root.appendingPathComponent("scripts/check-markdown.py").path) \(file.path)")
        #expect(result.status == 0, "\(result.out)\(result.err)", sourceLocation: sourceLocation)
    }

    static let hostile = "Evil | Corp\nsecond line <script>alert(1)</script> <img src=x onerror=alert(1)> `tick` **bold** @mention "
        + "[link](javascript:alert(1)) https://evil.example www.evil.example boss@evil.example 🚀👩‍💻 ~~gone~~ $x$ "
        + String(repeating: "long ", count: 40)

    @Test(arguments: CLIBackend.all) func demoPortfolioReport(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet"], now: Self.now)
        let markdown = try cli.ok(["report"], now: Self.now)
        try Self.assertGolden(markdown, "portfolio.md")
        try Self.assertSafe(markdown, in: cli)
        // A colon is plain text: not escaped (it reads cleanly pasted raw).
        #expect(markdown.hasPrefix("# Portfolio — 25 customers: "))
        for section in ["## Upgrades per stage", "## Blocked", "## Overdue stages", "## Sandboxes expiring within 7 days",
                        "## Cutovers in the next 30 days", "## Hotfix calendar"] {
            #expect(markdown.contains(section))
        }
        let customer = try cli.ok(["report", "black-mesa"], now: Self.now)
        try Self.assertGolden(customer, "black-mesa.md")
        try Self.assertSafe(customer, in: cli)
        #expect(customer.contains("```mermaid\nstateDiagram-v2") && customer.contains("```mermaid\ngantt"))
        #expect(customer.contains("<details>") && customer.contains("</details>"))

        // JSON carries the same content, and --output writes the file.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli.ok(["report", "--format", "json"], now: Self.now).utf8)) as? [String: Any])
        #expect((json["verdict"] as? String).map { markdown.hasPrefix("# " + $0) } == true)
        #expect((json["blocked"] as? [Any])?.isEmpty == false)
        let file = cli.directory.appendingPathComponent("out.md").path
        #expect(try cli.run(["report", "--output", file], now: Self.now).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == markdown)
    }

    @Test(arguments: CLIBackend.all) func aHostileCustomerCannotBreakTheReport(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "evil", "--name", Self.hostile, "--region", "us", "--sandbox", "purchased"], now: Self.now)
        try cli.ok(["upgrade", "start", "evil", "--from", "2021", "--to", "2023"], now: Self.now)
        try cli.ok(["block", "evil", "intake", "--reason", Self.hostile, "--owner", "customer", "--ticket", "SUPNXP-666"], now: Self.now)
        let markdown = try cli.ok(["report", "evil"], now: Self.now)
        try Self.assertGolden(markdown, "hostile.md")
        try Self.assertSafe(markdown, in: cli)
        let portfolio = try cli.ok(["report"], now: Self.now)
        try Self.assertSafe(portfolio, in: cli)
        // The Mermaid diagram keeps the reason out of its syntax.
        let diagram = try #require(markdown.components(separatedBy: "```mermaid\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(!diagram.contains("<script") && !diagram.contains("|") && !diagram.contains("\"Evil"))
        // Brackets stay as typed inside the quoted label, which no quote of the reason can end.
        #expect(diagram.split(separator: "\n").allSatisfy { line in
            !line.contains("javascript:alert") || (line.hasPrefix("    state \"") && line.filter { $0 == "\"" }.count == 2)
        })
    }

    @Test(arguments: CLIBackend.all) func markdownEscapingIsCheckedByTheChecker(_ backend: CLIBackend) throws {
        // The checker itself must catch what it is for: a broken table and a script.
        let cli = try CLI(backend)
        let file = cli.directory.appendingPathComponent("bad.md")
        try "| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n\n<script>x</script>\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.shell("python3 \(Self.root.appendingPathComponent("scripts/check-markdown.py").path) \(file.path)")
        #expect(result.status != 0)
        #expect(result.err.contains("line 3: a table row of 3 cells under a header of 2"))
        #expect(result.err.contains("unexpected <script> element"))
    }
}
