import Foundation
import Testing

/// Eight and more real `ltsflow` processes on one database file at the same time: none fails
/// on a busy database, none loses an event, and no transition is made twice.
@Suite(.serialized) struct ReliabilityConcurrencyTests {
    static let workers = 8

    /// A database with a shared customer, one customer per worker and a few to race on, each with
    /// an upgrade at intake (ready).
    static func portfolio(races: Int = 0) throws -> CLI {
        let cli = try CLI()
        let customers = ["shared"] + (0..<workers).map { "w\($0)" } + (0..<races).map { "race-\($0)" }
        for id in customers {
            try cli.ok(["customer", "add", id, "--name", "Customer \(id)", "--region", "eu", "--sandbox", "purchased"])
            try cli.ok(["upgrade", "start", id, "--from", "2023", "--to", "2025"])
        }
        return cli
    }

    /// The command a worker runs at step `step`: its own customer and the shared one, so that
    /// blocks and unblocks of the shared intake collide while its own upgrade moves on (and is
    /// sometimes refused, which must write nothing).
    static func command(worker: Int, step: Int) -> [String] {
        let own = "w\(worker)"
        let ticket = "SUPNXP-\(1000 + worker * 100 + step)"
        switch step % 7 {
        case 0: return ["set", own, "cutover.ticket=\(ticket)"]
        case 1: return ["block", "shared", "intake", "--reason", "hold \(worker)-\(step)", "--owner", "customer"]
        case 2: return ["advance", own]
        case 3: return ["unblock", "shared", "intake"]
        case 4: return ["set", "shared", "cutover.ticket=\(ticket)"]
        case 5: return ["block", own, "intake", "--reason", "waiting \(step)"]
        default: return ["unblock", own, "intake"]
        }
    }

    @Test func eightProcessesMixingVerbsLoseNothingAndNeverWaitInVain() throws {
        let cli = try Self.portfolio()
        defer { cli.remove() }
        let steps = 14
        let runs = Locked<[ProcessRun]>([])
        let failures = Locked<[String]>([])
        onThreads(Self.workers) { worker in
            for step in 0..<steps {
                do {
                    let run = try cli.launch(Self.command(worker: worker, step: step), actor: "w\(worker)-\(step)")
                    runs.withLock { $0.append(run) }
                } catch {
                    failures.withLock { $0.append("w\(worker)-\(step): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let all = runs.withLock { $0 }
        #expect(all.count == Self.workers * steps)
        try Self.checkAfterConcurrentRuns(cli, all, customers: ["shared"] + (0..<Self.workers).map { "w\($0)" })

        // The mix did what it was meant to: some of everything succeeded, some was refused.
        let succeeded = all.filter(\.succeeded)
        for verb in ["set", "block", "unblock", "advance"] {
            #expect(succeeded.contains { $0.arguments.first == verb }, "no \(verb) succeeded")
        }
        #expect(all.contains { !$0.succeeded }, "no command was refused: the shared stage was never contended")
    }

    /// What must hold after processes ran side by side (none killed).
    static func checkAfterConcurrentRuns(_ cli: CLI, _ runs: [ProcessRun], customers: [String],
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        for run in runs {
            #expect(!run.killed, "\(run.summary)", sourceLocation: sourceLocation)
            #expect(run.status == 0 || run.status == 1, "\(run.summary)", sourceLocation: sourceLocation)
            #expect(!Invariants.databaseTrouble(in: run.err), "a database error reached the user: \(run.summary)", sourceLocation: sourceLocation)
            #expect(!Invariants.crashed(run.err), "\(run.summary)", sourceLocation: sourceLocation)
            if run.status == 1 {
                // A refusal is the engine's sentence ("cannot block intake: …"), not a failure.
                #expect(run.err.hasPrefix("error: "), "\(run.summary)", sourceLocation: sourceLocation)
                #expect(run.out.isEmpty, "\(run.summary)", sourceLocation: sourceLocation)
            }
        }
        #expect(try cli.integrityCheck() == "ok", sourceLocation: sourceLocation)
        let doctor = try cli.run(["doctor"])
        #expect(doctor.status == 0, "doctor: \(doctor.err)", sourceLocation: sourceLocation)
        #expect(doctor.out.contains("every upgrade's state equals the replay of its events"), sourceLocation: sourceLocation)

        // Every success is in the history, with exactly the events it printed; no refusal is.
        let stored = try cli.eventsByActor()
        #expect(Invariants.accountingProblems(runs, eventsByActor: stored) == [], sourceLocation: sourceLocation)
        let printed = runs.filter(\.succeeded).map(\.lines.count).reduce(0, +)
        let actors = Set(runs.map(\.actor))
        let storedForRuns = stored.filter { actors.contains($0.key) }.map(\.value.total).reduce(0, +)
        #expect(storedForRuns == printed, "events stored for these commands ≠ events they reported", sourceLocation: sourceLocation)
        #expect(stored.filter { actors.contains($0.key) }.map(\.value.commands).reduce(0, +) == runs.filter(\.succeeded).count,
                "command events ≠ commands that reported success", sourceLocation: sourceLocation)

        // No transition was made twice from the same state, and histories have no gap.
        for customer in customers {
            let events = try cli.history(customer)
            #expect(Invariants.chainProblems(events, customer: customer) == [], sourceLocation: sourceLocation)
        }
    }

    struct Race: Sendable, CustomTestStringConvertible {
        /// The verb and its arguments after the customer.
        var command: [String]
        /// What puts the stage back where the race starts, between two rounds.
        var reset: [[String]]
        var testDescription: String { command.prefix(2).joined(separator: " ") }
    }

    static let races: [Race] = [
        Race(command: ["start", "intake"], reset: [["complete", "intake"], ["reopen", "intake", "--reason", "again"]]),
        Race(command: ["complete", "intake"], reset: [["reopen", "intake", "--reason", "again"]]),
        Race(command: ["block", "intake", "--reason", "mine"], reset: [["unblock", "intake"]]),
        Race(command: ["skip", "preprod-restore", "--reason", "not needed"], reset: [["reopen", "preprod-restore", "--reason", "needed"]]),
    ]

    /// Two transitions that exclude each other, asked for by eight processes at once: exactly one
    /// wins, the others are refused by the engine, and the history holds one.
    @Test(arguments: races)
    func conflictingTransitionsExactlyOneWins(_ race: Race) throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["customer", "add", "race", "--name", "Race", "--region", "us", "--sandbox", "purchased"])
        try cli.ok(["upgrade", "start", "race", "--from", "2023", "--to", "2025"])
        let runs = Locked<[ProcessRun]>([])
        for round in 0..<3 {
            let before = try cli.history("race").count
            onThreads(Self.workers) { index in
                if let run = try? cli.launch([race.command[0], "race"] + race.command.dropFirst(), actor: "racer-\(round)-\(index)") {
                    runs.withLock { $0.append(run) }
                }
            }
            let these = runs.withLock { $0 }.filter { $0.actor.hasPrefix("racer-\(round)-") }
            #expect(these.count == Self.workers)
            #expect(these.filter(\.succeeded).count == 1, "round \(round): \(these.map(\.summary))")
            for loser in these where !loser.succeeded {
                #expect(loser.status == 1 && loser.err.hasPrefix("error: cannot \(race.command[0]) \(race.command[1])"), "\(loser.summary)")
                #expect(!Invariants.databaseTrouble(in: loser.err), "\(loser.summary)")
            }
            let events = try cli.history("race")
            let asked = events.dropFirst(before).filter {
                ($0["actor"] as? String)?.hasPrefix("racer-\(round)-") == true && ($0["automatic"] as? Bool) == false
            }
            #expect(asked.count == 1, "round \(round): \(asked)")
            #expect(Invariants.chainProblems(events, customer: "race") == [])
            for step in race.reset { try cli.ok([step[0], "race"] + step.dropFirst()) }
        }
        #expect(try cli.integrityCheck() == "ok")
        #expect(try cli.run(["doctor"]).status == 0)
        #expect(Invariants.accountingProblems(runs.withLock { $0 }, eventsByActor: try cli.eventsByActor()) == [])
    }
}
