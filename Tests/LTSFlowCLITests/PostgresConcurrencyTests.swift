import Foundation
import Testing

/// Many processes and logins on one PostgreSQL database, killed clients and dropped connections:
/// no lost event, exactly one winner of a race, no raw SQL error, doctor clean afterwards.
@Suite(.enabled(if: TestServer.url != nil, TestServer.skipReason))
struct PostgresConcurrencyTests {
    static let logins = ["tester", "alice", "bob", "carol"]

    /// A database with `count` customers c0…, each with an upgrade under way, and acme.
    func portfolio(_ count: Int) throws -> CLI {
        let cli = try CLI(.postgres)
        for id in ["acme"] + (0..<count).map({ "c\($0)" }) {
            try cli.ok(["customer", "add", id, "--name", id, "--region", "eu", "--sandbox", "none"])
            try cli.ok(["upgrade", "start", id, "--from", "2021", "--to", "LTS 2023"])
        }
        return cli
    }

    /// The shell lines that export the URL and actor of `login`.
    func environment(_ cli: CLI, _ login: String) -> String {
        "export LTSFLOW_DB='\(cli.url(as: login))' LTSFLOW_ACTOR=\(login)"
    }

    @Test func sixteenProcessesFromFourLoginsLoseNothingAndOneWinsTheRace() throws {
        let cli = try portfolio(16)
        let work = cli.directory.path
        var script = ""
        for i in 0..<16 {
            let login = Self.logins[i % Self.logins.count]
            script += """
                (\(environment(cli, login))
                 for step in "start c\(i) intake" "block c\(i) intake --reason waiting" "unblock c\(i) intake" \\
                             "set c\(i) cutover.ticket=SUPNXP-\(100 + i)" "complete c\(i) intake"; do
                   ltsflow $step >/dev/null 2>>\(work)/err-\(i) || echo "failed: $step" >>\(work)/err-\(i)
                 done
                 ltsflow start acme intake >/dev/null 2>\(work)/race-err-\(i); echo $? >\(work)/race-\(i)) &

                """
        }
        script += "wait\n"
        let run = try cli.shell(script)
        #expect(run.status == 0)
        var winners = 0
        for i in 0..<16 {
            let errors = (try? String(contentsOfFile: "\(work)/err-\(i)", encoding: .utf8)) ?? ""
            #expect(errors.isEmpty, "process \(i): \(errors)")
            let history = try #require(try cli.json(["history", "c\(i)"]) as? [[String: Any]])
            let login = Self.logins[i % Self.logins.count]
            // tester opened every upgrade; the process's own changes are its login's.
            let mine = history.filter { $0["actor"] as? String == login && $0["automatic"] as? Bool != true && $0["verb"] as? String != "begin" }
            #expect(mine.suffix(5).map { $0["verb"] as? String } == ["start", "block", "unblock", "set", "complete"], "c\(i)")
            #expect(Set(history.compactMap { $0["actor"] as? String }).isSubset(of: ["tester", login]))
            let code = try String(contentsOfFile: "\(work)/race-\(i)", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let raceError = try String(contentsOfFile: "\(work)/race-err-\(i)", encoding: .utf8)
            if code == "0" { winners += 1 } else {
                #expect(code == "1" && raceError.contains("intake is already active"), "race loser \(i): \(raceError)")
                #expect(!raceError.contains("SQLSTATE") && !raceError.contains("server reported"))
            }
        }
        #expect(winners == 1)
        let acme = try #require(try cli.json(["history", "acme"]) as? [[String: Any]])
        #expect(acme.filter { $0["verb"] as? String == "start" }.count == 1)
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }

    @Test func killedClientsAndDroppedConnectionsLoseNoAcknowledgedChange() throws {
        let cli = try portfolio(2)
        let work = cli.directory.path
        // Two writers: one killed with SIGKILL mid-way, one whose connections the server drops
        // (pg_terminate_backend) while it writes. Each notes a change once ltsflow acknowledged it.
        let writer = { (customer: String, login: String) in
            """
            \(environment(cli, login))
            for n in $(seq 1 60); do
              if ltsflow set \(customer) cutover.ticket=SUPNXP-$((1000 + n)) >/dev/null 2>>\(work)/err-\(customer); then
                echo $((1000 + n)) >>\(work)/acked-\(customer)
              fi
            done
            """
        }
        let killed = Process()
        killed.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        killed.arguments = ["bash", "-c", writer("c0", "alice")]
        var processEnvironment = cli.environment
        processEnvironment["PATH"] = CLI.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"
        killed.environment = processEnvironment
        try killed.run()
        // SIGKILL to the writer and its ltsflow, whatever it is doing, after a few changes.
        Thread.sleep(forTimeInterval: 3)
        kill(-killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        let dropper = try cli.shell("""
            (\(writer("c1", "bob"))) &
            for k in $(seq 1 30); do
              \(TestServer.psql) -X -q -At -d '\(TestServer.url(database: cli.databaseName ?? ""))' \\
                -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'bob' AND datname = current_database() AND pid <> pg_backend_pid()" >/dev/null
              sleep 0.05
            done
            wait
            """)
        #expect(dropper.status == 0)

        for customer in ["c0", "c1"] {
            let acked = ((try? String(contentsOfFile: "\(work)/acked-\(customer)", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            let history = try #require(try cli.json(["history", customer]) as? [[String: Any]])
            let recorded = Set(history.compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] })
            #expect(!acked.isEmpty)
            for number in acked { #expect(recorded.contains("SUPNXP-\(number)"), "\(customer): SUPNXP-\(number) was acknowledged but is not in history") }
            let errors = ((try? String(contentsOfFile: "\(work)/err-\(customer)", encoding: .utf8)) ?? "").split(separator: "\n")
            for line in errors {
                #expect(line.contains("was lost in the middle of the command") || line.contains("cannot connect"), "\(customer): \(line)")
            }
        }
        #expect(try cli.ok(["doctor"]).contains("ok"))
    }
}
