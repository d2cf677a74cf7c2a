import Foundation
import Testing

/// Sixteen `ltsflow batch` processes at once, each on its own customer and all on two shared
/// ones: every change recorded once, sequences without gaps, doctor clean, on every backend.
@Suite struct BatchConcurrencyTests {
    static let processes = 16
    static let rounds = 6
    /// The logins of the processes on PostgreSQL (each writes as itself); SQLite has one actor.
    static let logins = ["tester", "alice", "bob", "carol"]

    func portfolio(_ backend: CLIBackend) throws -> CLI {
        let cli = try CLI(backend)
        var setup = ""
        for id in ["shared0", "shared1"] + (0..<Self.processes).map({ "c\($0)" }) {
            setup += "customer add \(id) --name \(id) --region eu --sandbox none\nupgrade start \(id) --from 2021 --to 2023\n"
        }
        let file = cli.directory.appendingPathComponent("setup.txt").path
        try setup.write(toFile: file, atomically: true, encoding: .utf8)
        try cli.ok(["batch", file])
        return cli
    }

    /// Process `i`'s lines: its own customer's stage moves and facts, interleaved with facts on
    /// the shared customers; every ticket number is unique to one line.
    func lines(_ i: Int) -> String {
        var text = "start c\(i) intake\n"
        for n in 1...Self.rounds {
            text += "set c\(i) cutover.ticket=SUPNXP-\(10_000 + 100 * i + n)\n"
            text += "set shared\(n % 2) cutover.ticket=SUPNXP-\(20_000 + 100 * i + n)\n"
            text += "block c\(i) intake --reason 'round \(n) of process \(i)'\nunblock c\(i) intake\n"
        }
        return text + "complete c\(i) intake\n"
    }

    @Test(arguments: CLIBackend.all) func sixteenBatchesAtOnceLoseNothing(_ backend: CLIBackend) throws {
        let cli = try portfolio(backend)
        let work = cli.directory.path
        var script = ""
        for i in 0..<Self.processes {
            try lines(i).write(toFile: "\(work)/batch-\(i).txt", atomically: true, encoding: .utf8)
            let login = Self.logins[i % Self.logins.count]
            let environment = backend == .postgres ? "LTSFLOW_DB='\(cli.url(as: login))' LTSFLOW_ACTOR=\(login) " : ""
            script += "\(environment)ltsflow batch \(work)/batch-\(i).txt >/dev/null 2>\(work)/err-\(i) &\n"
        }
        script += "wait\n"
        let run = try cli.shell(script)
        #expect(run.status == 0)

        var shared: [String] = []
        for i in 0..<Self.processes {
            let errors = (try? String(contentsOfFile: "\(work)/err-\(i)", encoding: .utf8)) ?? ""
            #expect(errors.isEmpty, "process \(i): \(errors)")
            let history = try #require(try cli.json(["history", "c\(i)"]) as? [[String: Any]])
            #expect(history.compactMap { $0["sequence"] as? Int } == Array(1...history.count), "c\(i)")
            let tickets = history.compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] }
            #expect(tickets == (1...Self.rounds).map { "SUPNXP-\(10_000 + 100 * i + $0)" }, "c\(i)")
            let moves = history.filter { $0["stage"] as? String == "intake" }.compactMap { $0["verb"] as? String }
            let expected: [String] = ["ready", "start"] + Array(repeating: ["block", "unblock"], count: Self.rounds).flatMap { $0 } + ["complete"]
            #expect(moves == expected, "c\(i)")
            if backend == .postgres {
                let login = Self.logins[i % Self.logins.count]
                #expect(history.filter { $0["verb"] as? String == "block" }.allSatisfy { $0["actor"] as? String == login })
            }
            shared += (1...Self.rounds).map { "SUPNXP-\(20_000 + 100 * i + $0)" }
        }
        var recorded: [String] = []
        for id in ["shared0", "shared1"] {
            let history = try #require(try cli.json(["history", id]) as? [[String: Any]])
            #expect(history.compactMap { $0["sequence"] as? Int } == Array(1...history.count), "\(id)")
            recorded += history.compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] }
        }
        #expect(recorded.count == Self.processes * Self.rounds)
        #expect(recorded.sorted() == shared.sorted())
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 0 && doctor.out.contains("ok"), "\(doctor.out)\(doctor.err)")
    }
}
