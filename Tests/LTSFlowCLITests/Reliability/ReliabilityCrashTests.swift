import Foundation
import Testing

/// `kill -9` at random moments: while a large demo fills the database, while eight processes
/// write, while a new file is being created. After every kill the file passes SQLite's
/// integrity check and `ltsflow doctor`, and every command that reported success is in the
/// history.
///
/// The moments are drawn at random within how long such a process has been seen to run, so that
/// most kills land inside it however fast the build is; durations choose moments and are never
/// asserted on.
@Suite(.serialized) struct ReliabilityCrashTests {
    /// At least this many processes really killed (not already finished) per test.
    static let kills = 20

    /// What must hold after a kill: a sound file, a state equal to the replay of the history,
    /// and every success (exit 0, output read) stored with all its events.
    static func checkAfterKill(_ cli: CLI, _ runs: [ProcessRun], _ context: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try cli.integrityCheck() == "ok", "\(context)", sourceLocation: sourceLocation)
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 0, "\(context): doctor: \(doctor.err)", sourceLocation: sourceLocation)
        #expect(Invariants.accountingProblems(runs, eventsByActor: try cli.eventsByActor()) == [], "\(context)",
                sourceLocation: sourceLocation)
        for run in runs where !run.killed {
            #expect(!Invariants.databaseTrouble(in: run.err) && !Invariants.crashed(run.err), "\(context): \(run.summary)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func killDuringALargeDemoFill() throws {
        var cli = try Self.sentinelDatabase()
        defer { cli.remove() }
        var runs: [ProcessRun] = []
        var kills = 0, attempt = 0
        // Until a fill is seen to finish, moments from the start (opening, first customers) to
        // well into the fill; each fill goes on where the previous one stopped, as the demo keeps
        // existing customers.
        var longest = 1.5
        while kills < Self.kills, attempt < Self.kills * 3 {
            attempt += 1
            let delay = attempt % 4 == 1 ? Double.random(in: 0...min(0.05, longest)) : Double.random(in: 0...longest)
            let results = Locked<[ProcessRun]>([])
            let (current, number) = (cli, attempt)
            onThreads(2) { thread in
                let run: ProcessRun? = thread == 0
                    ? try? current.launch(["demo", "--customers", "2000", "--quiet"], actor: "demo-\(number)", killAfter: delay)
                    // A CSM working while the demo fills: this must succeed and survive the kill.
                    : try? current.launch(["set", "sentinel", "cutover.ticket=SUPNXP-\(number)"], actor: "sentinel-\(number)")
                if let run { results.withLock { $0.append(run) } }
            }
            let these = results.withLock { $0 }
            #expect(these.count == 2)
            for run in these where run.actor.hasPrefix("sentinel") {
                #expect(run.succeeded, "\(run.summary)")
                runs.append(run)
            }
            try Self.checkAfterKill(cli, runs, "demo killed after \(Int(delay * 1000)) ms (attempt \(attempt))")
            for run in these where run.actor.hasPrefix("demo") {
                if run.killed {
                    kills += 1
                } else {
                    // The fill finished before the kill: start again on a new file, with moments
                    // within the time a whole fill takes.
                    #expect(run.succeeded, "\(run.summary)")
                    longest = min(longest, run.seconds)
                    try Self.expectSentinels(cli, runs)
                    cli.remove()
                    cli = try Self.sentinelDatabase()
                    runs = []
                }
            }
        }
        #expect(kills >= Self.kills, "only \(kills) of \(attempt) demo runs were still running when killed")
        try Self.expectSentinels(cli, runs)
    }

    static func sentinelDatabase() throws -> CLI {
        let cli = try CLI()
        try cli.ok(["customer", "add", "sentinel", "--name", "Sentinel", "--region", "jp"])
        try cli.ok(["upgrade", "start", "sentinel", "--from", "2023", "--to", "2025"])
        return cli
    }

    /// The sentinels that succeeded are all in the history, in order, once each.
    static func expectSentinels(_ cli: CLI, _ runs: [ProcessRun], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tickets = try cli.history("sentinel").compactMap { ($0["data"] as? [String: String])?["cutover.ticket"] }
        #expect(tickets == runs.map { $0.arguments[2].replacingOccurrences(of: "cutover.ticket=", with: "") }, sourceLocation: sourceLocation)
    }

    @Test func killDuringConcurrentWrites() throws {
        let cli = try ReliabilityConcurrencyTests.portfolio()
        defer { cli.remove() }
        let workers = ReliabilityConcurrencyTests.workers
        var runs: [ProcessRun] = []
        var kills = 0, round = 0
        var longest = 0.3
        while kills < Self.kills, round < Self.kills * 2 {
            round += 1
            // Eight processes at once, two or three of them killed at a random moment.
            var victims = Set<Int>()
            while victims.count < 2 + round % 2 { victims.insert(Int.random(in: 0..<workers)) }
            let results = Locked<[ProcessRun]>([])
            let (currentRound, chosen, bound) = (round, victims, longest)
            onThreads(workers) { worker in
                let arguments = ReliabilityConcurrencyTests.command(worker: worker, step: currentRound)
                let delay = chosen.contains(worker) ? Double.random(in: 0...bound) : nil
                if let run = try? cli.launch(arguments, actor: "r\(currentRound)-w\(worker)", killAfter: delay) {
                    results.withLock { $0.append(run) }
                }
            }
            let these = results.withLock { $0 }
            #expect(these.count == workers)
            kills += these.filter(\.killed).count
            runs += these
            for run in these where !run.killed {
                #expect(run.status == 0 || run.status == 1, "\(run.summary)")
            }
            if let slowest = these.filter({ !$0.killed }).map(\.seconds).max() { longest = min(longest, slowest) }
            try Self.checkAfterKill(cli, runs, "round \(round), \(these.filter(\.killed).count) killed")
        }
        #expect(kills >= Self.kills, "only \(kills) processes were still running when killed, in \(round) rounds")
        for customer in ["shared"] + (0..<workers).map({ "w\($0)" }) {
            #expect(Invariants.chainProblems(try cli.history(customer), customer: customer) == [])
        }
    }

    /// Several processes find no database and create it at once; some are killed while SQLite
    /// switches the new file to WAL or while the first migration runs.
    @Test func killWhileANewDatabaseIsCreated() throws {
        var kills = 0, round = 0
        var longest = 0.2
        while kills < Self.kills / 2, round < Self.kills * 2 {
            round += 1
            let cli = try CLI()
            defer { cli.remove() }
            let results = Locked<[ProcessRun]>([])
            let (currentRound, bound) = (round, longest)
            onThreads(3) { index in
                let delay = index == 0 ? Double.random(in: 0...bound) : nil
                let arguments = ["customer", "add", "c\(index)", "--name", "C\(index)", "--region", "eu"]
                if let run = try? cli.launch(arguments, actor: "new-\(currentRound)-\(index)", killAfter: delay) {
                    results.withLock { $0.append(run) }
                }
            }
            let these = results.withLock { $0 }
            kills += these.filter(\.killed).count
            for run in these where !run.killed {
                #expect(run.succeeded, "\(run.summary)")
            }
            if let slowest = these.filter({ !$0.killed }).map(\.seconds).max() { longest = min(longest, slowest) }
            #expect(try cli.integrityCheck() == "ok", "round \(round)")
            #expect(try cli.run(["doctor"]).status == 0, "round \(round)")
            let listed = try cli.ok(["customer", "list"])
            for run in these where run.succeeded {
                #expect(listed.contains(run.arguments[2]), "round \(round): \(run.summary) but not listed")
            }
        }
        #expect(kills >= Self.kills / 2)
    }
}
