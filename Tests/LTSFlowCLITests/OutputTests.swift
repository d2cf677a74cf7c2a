import Foundation
import Testing

/// What the engineer's scripts and terminals see.
@Suite struct OutputTests {
    @Test(arguments: CLIBackend.all) func blockedJSONParsesBackWithTheContractKeys(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet"])
        let items = try #require(try cli.json(["blocked"]) as? [[String: Any]])
        #expect(!items.isEmpty)
        for item in items {
            for key in ["customer", "stage", "kind", "reason", "owner", "ticket", "since"] {
                #expect(item.keys.contains(key), "blocked item lacks \(key)")
            }
            #expect(["manual", "guard", "overdue"].contains(item["kind"] as? String ?? ""))
            #expect(["csm", "customer", "cloud-team", "support"].contains(item["owner"] as? String ?? ""))
            if let since = item["since"] as? String { #expect(since.hasSuffix("Z")) }
        }
        // Some blocked on each owner, manually.
        let manualOwners = Set(items.filter { $0["kind"] as? String == "manual" }.compactMap { $0["owner"] as? String })
        #expect(manualOwners == ["csm", "customer", "cloud-team", "support"])
        // Filters.
        let cloud = try #require(try cli.json(["blocked", "--owner", "cloud-team"]) as? [[String: Any]])
        #expect(!cloud.isEmpty && cloud.allSatisfy { $0["owner"] as? String == "cloud-team" })
        let acme = try #require(try cli.json(["blocked", "--customer", "acme"]) as? [[String: Any]])
        #expect(acme.allSatisfy { $0["customer"] as? String == "acme" })
    }

    @Test(arguments: CLIBackend.all) func theDemoIsDeterministicAndCoversThePortfolio(_ backend: CLIBackend) throws {
        let first = try CLI(backend)
        let second = try CLI(backend)
        let out = try first.ok(["demo"])
        try second.ok(["demo"])
        #expect(try first.ok(["status", "--json"]) == second.ok(["status", "--json"]))
        #expect(try first.ok(["blocked", "--json"]) == second.ok(["blocked", "--json"]))
        #expect(out.contains("25 customers"))
        let rows = try #require(try first.json(["status"]) as? [[String: Any]])
        #expect(rows.count == 25)
        #expect(Set(rows.compactMap { $0["region"] as? String }) == ["eu", "us", "jp"])
        let stages = Set(rows.flatMap { $0["stages"] as? [String] ?? [] })
        #expect(stages.count >= 9, "customers at nearly every stage: \(stages.sorted())")
        #expect(rows.contains { $0["status"] as? String == "finished" })
        // Running it again keeps what is there.
        #expect(try first.ok(["demo", "--quiet"]).isEmpty)
        #expect(try first.ok(["doctor"]).contains("ok"))
    }

    @Test(arguments: CLIBackend.all) func aClosedPipeEndsQuietly(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["demo", "--quiet", "--customers", "60"])
        let result = try cli.shell("set -o pipefail; ltsflow customer list | head -1; ltsflow status | head -2; ltsflow blocked | head -1")
        #expect(result.status == 0, "stderr: \(result.err)")
        #expect(result.err.isEmpty)
        #expect(result.out.hasPrefix("ID"))
    }

    @Test(arguments: CLIBackend.all) func noColourWhenPipedAndControlCharactersStripped(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "evil", "--name", "Evil\u{1B}[31mRed\u{7}Corp", "--region", "eu"])
        let list = try cli.ok(["customer", "list"])
        #expect(!list.contains("\u{1B}") && !list.contains("\u{7}"))
        #expect(list.contains("Evil [31mRed Corp"))
        let forced = try cli.run(["customer", "list", "--no-color"], extraEnvironment: ["TERM": "xterm"])
        #expect(!forced.out.contains("\u{1B}"))
    }

    /// Emoji and CJK take two terminal columns: the widest name is printed whole and the next
    /// column starts at the same terminal column on every line (the widths below are counted by
    /// hand: 🎉 and each of 株式会社 are two columns).
    @Test(arguments: CLIBackend.all) func wideCharactersAreNotCutAndColumnsAlign(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let name = "Zeta 🎉🎉 Corporation 株式会社 Worldwide"
        try cli.ok(["customer", "add", "zeta", "--name", name, "--region", "eu"])
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "us"])
        let lines = try cli.ok(["customer", "list"]).split(separator: "\n").map(String.init)
        let zeta = try #require(lines.first { $0.hasPrefix("zeta") })
        #expect(zeta.contains(name + "  "), "\(zeta)")
        let acme = try #require(lines.first { $0.hasPrefix("acme") })
        // "Zeta " 5 + 🎉🎉 4 + " Corporation " 13 + 株式会社 8 + " Worldwide" 10 = 40 columns.
        let nameStart = try #require(acme.range(of: "ACME")).lowerBound
        let afterName = acme[nameStart...].dropFirst(40)
        #expect(afterName.hasPrefix("  us"), "\(acme)")
        let zetaRest = try #require(zeta.range(of: name)).upperBound
        #expect(zeta[zetaRest...].hasPrefix("  eu"), "\(zeta)")
    }

    @Test(arguments: CLIBackend.all) func theDefaultDatabaseIsCreatedPrivately(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let home = cli.directory.appendingPathComponent("home")
        let result = try cli.run(["demo", "--quiet", "--customers", "3"], useDB: false)
        #expect(result.status == 0, "\(result.err)")
        let path = home.appendingPathComponent(".local/share/ltsflow/ltsflow.sqlite").path
        let file = try FileManager.default.attributesOfItem(atPath: path)
        let directory = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        // XDG_DATA_HOME wins over HOME, LTSFLOW_DB over both (a write creates the file; a read
        // never does).
        let xdg = cli.directory.appendingPathComponent("xdg").path
        let add = ["customer", "add", "acme", "--name", "ACME", "--region", "eu"]
        #expect(try cli.run(["customer", "list"], useDB: false, extraEnvironment: ["XDG_DATA_HOME": xdg]).status == 1)
        #expect(try cli.run(add, useDB: false, extraEnvironment: ["XDG_DATA_HOME": xdg]).status == 0)
        #expect(FileManager.default.fileExists(atPath: xdg + "/ltsflow/ltsflow.sqlite"))
        let explicit = cli.directory.appendingPathComponent("explicit.sqlite").path
        #expect(try cli.run(add, useDB: false, extraEnvironment: ["XDG_DATA_HOME": xdg, "LTSFLOW_DB": explicit]).status == 0)
        #expect(FileManager.default.fileExists(atPath: explicit))
    }

    @Test(arguments: CLIBackend.all) func everyCommandHasHelpWithAnExample(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let commands: [[String]] = [
            ["customer", "add"], ["customer", "list"], ["customer", "show"], ["customer", "edit"], ["upgrade", "start"],
            ["status"], ["history"], ["why"], ["start"], ["complete"], ["advance"], ["reopen"], ["skip"], ["block"],
            ["unblock"], ["set"], ["force"], ["blocked"], ["plan"], ["workflow", "list"], ["workflow", "show"],
            ["workflow", "validate"], ["workflow", "graph"], ["demo"], ["doctor"], ["batch"],
        ]
        for command in commands {
            let result = try cli.run(command + ["--help"], useDB: false)
            #expect(result.status == 0)
            #expect(result.out.contains("ltsflow"), "\(command) help")
            #expect(result.out.contains("Example"), "\(command) help has no example")
        }
    }

    @Test(arguments: CLIBackend.all) func planPrintsHopsAndTheSearchRule(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let plan = try #require(try cli.json(["plan", "--from", "2019", "--to", "2023"]) as? [String: Any])
        #expect(plan["from"] as? String == "2019" && plan["to"] as? String == "2023")
        let hops = try #require(plan["hops"] as? [[String: Any]])
        #expect(hops.map { "\($0["from"] ?? "")→\($0["to"] ?? "")" } == ["2019→2021", "2021→2023"])
        let search = try #require(plan["searchCoordination"] as? [String: Any])
        #expect(search["required"] as? Bool == true)
        #expect((search["reason"] as? String)?.contains("elasticsearch 6.8") == true)
        let text = try cli.ok(["plan", "--from", "2023", "--to", "2025", "--search-cluster", "opensearch 1.3"])
        #expect(text.contains("Search coordination not needed"))
    }

    @Test(arguments: CLIBackend.all) func workflowCommands(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        #expect(try cli.ok(["workflow", "list"]).contains("nuxeo-lts-upgrade"))
        let mermaid = try cli.ok(["workflow", "graph", "nuxeo-lts-upgrade"])
        #expect(mermaid.hasPrefix("flowchart TD") && mermaid.contains("intake --> sandbox_request"))
        let dot = try cli.ok(["workflow", "graph", "nuxeo-lts-upgrade", "--format", "dot"])
        #expect(dot.hasPrefix("digraph") && dot.contains("\"production-cutover\" -> \"closeout\";"))
        let bad = cli.directory.appendingPathComponent("bad.yaml")
        try "id: x\nversion: 1\ntitle: X\nstages:\n  - {id: a, title: A, owner: csm, depends-on: [a]}\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try cli.run(["workflow", "validate", bad.path], useDB: false)
        #expect(result.status == 1)
        #expect(result.out.contains("bad.yaml:5: error:") && result.out.contains("[dependency-cycle]"))
    }
}
