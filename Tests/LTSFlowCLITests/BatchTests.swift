import Foundation
import Testing

/// `ltsflow batch`: many commands from one process, each exactly as the command alone.
@Suite struct BatchTests {
    /// A planning meeting's changes, with quoting of every kind.
    static let commands: [[String]] = [
        ["customer", "add", "acme", "--name", "ACME \"Best\" Corp", "--region", "eu", "--sandbox", "purchased", "--contact", "ops@acme.example"],
        ["upgrade", "start", "acme", "--from", "2021", "--to", "LTS 2023"],
        ["advance", "acme"],
        ["advance", "acme"],
        ["set", "acme", "sandbox.start=2027-01-04", "sandbox.end=2027-02-26"],
        ["block", "acme", "sandbox-request", "--reason", "waiting for Bob's order # 12", "--owner", "customer", "--ticket", "SUPNXP-1234"],
        ["status", "acme"],
        ["unblock", "acme", "sandbox-request"],
        ["set", "acme", "cutover.ticket=SUPNXP-99"],
        ["check", "acme", "2021-2023/java-17"],
        ["history", "acme"],
    ]

    /// The same commands as batch lines, quoted as a person would.
    static let lines = """
        # after the planning meeting
        customer add acme --name "ACME \\"Best\\" Corp" --region eu --sandbox purchased --contact ops@acme.example
        upgrade start acme --from 2021 --to 'LTS 2023'   # from the recorded LTS

        advance acme
        \tadvance   acme
        set acme sandbox.start=2027-01-04 sandbox.end=2027-02-26
        block acme sandbox-request --reason waiting\\ for\\ Bob\\'s\\ order' # 12' --owner customer --ticket SUPNXP-1234
        status acme
        unblock acme sandbox-request
        set acme cutover.ticket=SUPNXP-99
        check acme 2021-2023/java-17
        history acme

        """

    func write(_ text: String, in cli: CLI, name: String = "batch.txt") throws -> String {
        let path = cli.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: CLIBackend.all) func aBatchEqualsTheSameCommandsRunOneByOne(_ backend: CLIBackend) throws {
        let single = try CLI(backend)
        var printed = ""
        for command in Self.commands { printed += try single.ok(command) }

        let batch = try CLI(backend)
        let result = try batch.run(["batch", try write(Self.lines, in: batch)])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == printed)
        #expect(try batch.ok(["history", "acme", "--json"]) == single.ok(["history", "acme", "--json"]))
        #expect(try batch.ok(["status", "acme", "--json"]) == single.ok(["status", "acme", "--json"]))
        #expect(try batch.ok(["customer", "show", "acme", "--json"]) == single.ok(["customer", "show", "acme", "--json"]))
        let history = try #require(try batch.json(["history", "acme"]) as? [[String: Any]])
        #expect(history.contains { $0["note"] as? String == "waiting for Bob's order # 12" })
        let customer = try #require(try batch.json(["customer", "show", "acme"]) as? [String: Any])
        #expect(customer["name"] as? String == "ACME \"Best\" Corp")
    }

    @Test(arguments: CLIBackend.all) func aFailingLineStopsWithItsNumberAndEarlierLinesStayRecorded(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let file = try write("""
            customer add acme --name ACME --region eu --sandbox none
            upgrade start acme --from 2021 --to 2023
            # line 3: a comment
            start acme intake
            start acme intake
            set acme cutover.ticket=SUPNXP-7
            """, in: cli)
        let result = try cli.run(["batch", file])
        #expect(result.status == 1)
        #expect(result.err.contains("line 5: error: cannot start intake: intake is already active"), "\(result.err)")
        #expect(result.err.contains("stopped at line 5") && result.err.contains("1 line was not run"), "\(result.err)")
        #expect(result.out.contains("intake: ready → active"))
        let history = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(history.filter { $0["verb"] as? String == "start" && $0["stage"] as? String == "intake" }.count == 1)
        #expect(!history.contains { ($0["data"] as? [String: String])?["cutover.ticket"] != nil })

        let going = try cli.run(["batch", "--keep-going", file])
        #expect(going.status == 1)
        #expect(going.err.contains("line 1: error:") && going.err.contains("acme"), "\(going.err)")
        #expect(going.err.contains("line 5: error: cannot start intake"))
        #expect(going.err.hasSuffix("4 of 5 lines failed\n"), "\(going.err)")
        let after = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(after.compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] } == ["SUPNXP-7"])
    }

    @Test(arguments: CLIBackend.all) func badSyntaxAnywhereIsRefusedBeforeAnythingRuns(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let cases: [(String, String)] = [
            ("set acme \"cutover.ticket=SUPNXP-1", "line 3: error: the double quote opened on this line is not closed"),
            ("set acme 'x", "line 3: error: the single quote opened"),
            ("advance acme \\", "line 3: error: the line ends with a backslash"),
            ("advance", "line 3: error: advance: Missing expected argument '<customer>'"),
            ("start acme --bogus", "line 3: error: start: Unknown option '--bogus'"),
            ("frobnicate acme", "line 3: error: frobnicate:"),
            ("set acme notakeyvalue", "line 3: error: set: 'notakeyvalue' is not KEY=VALUE"),
            ("start --help", "line 3: error: start asks for help"),
            ("status acme --db /tmp/elsewhere.sqlite", "line 3: error: --db /tmp/elsewhere.sqlite is not the batch's database"),
            ("status acme --as mallory", "line 3: error: --as mallory is not the batch's actor"),
        ]
        for (bad, message) in cases {
            let file = try write("customer add acme --name ACME --region eu --sandbox none\n\n\(bad)\nstatus acme\n", in: cli)
            let result = try cli.run(["batch", file])
            #expect(result.status == 64, "\(bad)")
            #expect(result.err.hasPrefix(message), "\(bad): \(result.err)")
            #expect(result.out.isEmpty)
            #expect(try cli.run(["customer", "show", "acme"]).status == 1, "\(bad): line 1 ran")
        }
        if backend == .sqlite { #expect(!FileManager.default.fileExists(atPath: cli.db)) }
    }

    @Test(arguments: CLIBackend.all) func commandsABatchDoesNotRunAreRefusedByName(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        for (line, name) in [("serve --port 0", "serve"), ("demo", "demo"), ("db migrate", "db migrate"), ("batch other.txt", "batch"),
                             ("blocked", "blocked"), ("customer list", "customer list"), ("workflow show nuxeo-lts-upgrade", "workflow show"),
                             ("doctor", "doctor")] {
            let file = try write("customer add acme --name ACME --region eu --sandbox none\n\(line)\n", in: cli)
            let result = try cli.run(["batch", file])
            #expect(result.status == 64)
            #expect(result.err.hasPrefix("line 2: error: \(name) cannot run in a batch"), "\(result.err)")
            #expect(result.err.contains("a batch runs customer add, customer edit"))
        }
        #expect(try cli.run(["customer", "show", "acme"]).status == 1)
        let empty = try cli.run(["batch", try write("\n# only a comment\n", in: cli)])
        #expect(empty.status == 64 && empty.err.contains("the batch has no commands"))
        let missing = try cli.run(["batch", cli.directory.appendingPathComponent("nope.txt").path])
        #expect(missing.status == 64 && missing.err.contains("file not found"))
    }

    @Test(arguments: CLIBackend.all) func linesComeFromStdinAndMayRepeatTheBatchsDatabase(_ backend: CLIBackend) throws {
        let cli = try CLI(backend)
        let piped = try cli.shell("""
            printf '%s\\n' 'customer add acme --name "ACME Corp" --region eu --sandbox none' \
              "upgrade start acme --from 2021 --to 2023 --db \\"$LTSFLOW_DB\\"" | ltsflow batch
            """)
        #expect(piped.status == 0, "\(piped.err)")
        #expect(piped.out.hasPrefix("Added acme (ACME Corp)"))
        let file = try write("start acme intake\nblock acme intake --reason \"waiting on ops\"\n", in: cli)
        let redirected = try cli.shell("ltsflow batch - < '\(file)'")
        #expect(redirected.status == 0, "\(redirected.err)")
        #expect(redirected.out == "intake: ready → active\nintake: active → blocked — waiting on ops\n")
        let history = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(history.suffix(2).map { $0["verb"] as? String } == ["start", "block"])
        #expect(history.allSatisfy { $0["actor"] as? String == "tester" })
    }
}
