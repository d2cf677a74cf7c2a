import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Helpers of the reliability suite (docs/reliability.md): real `ltsflow` processes, some killed
// with SIGKILL at random moments, and the `sqlite3` shell to look at the file from outside.

/// One run of the binary: how it ended and everything it printed.
struct ProcessRun: Sendable {
    var arguments: [String]
    /// The `--as` name given to this run alone, so that its events can be found in the history.
    var actor: String
    var status: Int32
    /// Ended by our SIGKILL rather than by itself.
    var killed: Bool
    var out: String
    var err: String
    /// How long it ran, to choose the moments of later kills (never asserted on).
    var seconds: Double

    /// Exit 0 and its output read to the end: what a user would take as done.
    var succeeded: Bool { !killed && status == 0 }
    var lines: [String] { out.split(separator: "\n").map(String.init) }
    var summary: String { "ltsflow \(arguments.joined(separator: " ")) [\(actor)] → \(killed ? "killed" : "exit \(status)"): \(err)" }
}

/// A value shared by the threads of a test: `Synchronization.Mutex` (which cannot be copied) in a
/// class, so that closures can share it.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T {
        mutex.withLock { body(&$0) }
    }
}

/// Runs `work(i)` for each i on its own thread, all released at once, and returns when all are
/// done: each thread runs processes one after the other, so `count` processes run side by side.
func onThreads(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
    let start = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        let thread = Thread {
            start.wait()
            work(index)
            done.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { start.signal() }
    done.wait()
}

extension CLI {
    /// Runs `ltsflow ARGS --as ACTOR --db DB`; with `killAfter`, sends SIGKILL that many seconds
    /// after the start if the process is still running. Output goes to files, not pipes, so a
    /// killed process never leaves a reader waiting.
    func launch(_ arguments: [String], actor: String, killAfter delay: TimeInterval? = nil,
                extraEnvironment: [String: String] = [:]) throws -> ProcessRun {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments + ["--as", actor, "--db", db]
        process.environment = environment.merging(extraEnvironment) { $1 }
        let name = UUID().uuidString
        let outURL = directory.appendingPathComponent("out-\(name)")
        let errURL = directory.appendingPathComponent("err-\(name)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        let started = DispatchTime.now()
        try process.run()
        if let delay {
            // A random moment of the process's life, not a timing assertion.
            usleep(useconds_t(delay * 1_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        try? outHandle.close()
        try? errHandle.close()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return ProcessRun(arguments: arguments, actor: actor, status: process.terminationStatus, killed: killed, out: out, err: err,
                          seconds: seconds)
    }

    /// Removes the test's directory (databases of up to a few megabytes); for `defer`.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The `sqlite3` shell on the database (installed by `.ci/run`), for what ltsflow itself
    /// cannot be trusted to say: the integrity check, raw counts, tampering.
    func sqlite(_ sql: String, file: String? = nil) throws -> String {
        let process = Process()
        guard let shell = Self.sqliteShell else {
            throw ShellError(message: "the sqlite3 shell is needed (apt-get install sqlite3; scripts/test installs it)")
        }
        process.executableURL = shell
        process.arguments = ["-batch", file ?? db, sql]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: outData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ShellError(message: "sqlite3 \(sql) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return text
    }

    static var sqliteShell: URL? {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: directory + "/sqlite3") {
            return URL(fileURLWithPath: directory + "/sqlite3")
        }
        return nil
    }

    /// `PRAGMA integrity_check` by the sqlite3 shell: "ok" when the file is sound.
    func integrityCheck() throws -> String {
        try sqlite("PRAGMA integrity_check;").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// For each actor: the events it asked for (one per command) and all of its events (with the
    /// automatic steps that followed), across every upgrade, read by the sqlite3 shell.
    func eventsByActor() throws -> [String: ActorEvents] {
        var counts: [String: ActorEvents] = [:]
        let sql = """
            SELECT actor || char(9) || sum(verb NOT IN ('ready', 'wait', 'auto-skip', 'restore')) || char(9) || count(*)
            FROM event GROUP BY actor;
            """
        for line in try sqlite(sql).split(separator: "\n") {
            let parts = line.split(separator: "\t")
            if parts.count == 3, let commands = Int(parts[1]), let total = Int(parts[2]) {
                counts[String(parts[0])] = ActorEvents(commands: commands, total: total)
            }
        }
        return counts
    }

    /// The events of a customer's upgrade, from `ltsflow history --json`.
    func history(_ customer: String) throws -> [[String: Any]] {
        let result = try run(["history", customer, "--json"])
        guard result.status == 0 else { throw ShellError(message: "history \(customer) failed: \(result.err)") }
        return try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
    }
}

struct ActorEvents: Equatable {
    var commands = 0
    var total = 0
}

struct ShellError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// What must hold after any mix of processes, killed or not, on one database.
enum Invariants {
    /// A database error that should never reach a user: a busy or locked database, or SQLite's
    /// own words. ("blocked" is a stage status, so "locked" is matched as a word.)
    static func databaseTrouble(in text: String) -> Bool {
        let lowered = text.lowercased()
        if lowered.contains("busy") || lowered.contains("database error") || lowered.contains("sqlite") { return true }
        return lowered.split(whereSeparator: { !$0.isLetter }).contains("locked")
    }

    /// Crashes and traps print these.
    static func crashed(_ text: String) -> Bool {
        text.contains("Fatal error") || text.contains("Program crashed") || text.contains("Backtracing")
    }

    /// Each history must be numbered 1…n, and each stage's transitions must chain: every event
    /// leaves the stage from the status the previous one left it in. Two processes that both
    /// made the same transition from the same state would break the chain.
    static func chainProblems(_ events: [[String: Any]], customer: String) -> [String] {
        var problems: [String] = []
        var current: [String: String] = [:]
        for (index, event) in events.enumerated() {
            let sequence = event["sequence"] as? Int ?? -1
            if sequence != index + 1 { problems.append("\(customer): event #\(index + 1) has sequence \(sequence)") }
            guard let stage = event["stage"] as? String, let from = event["from"] as? String, let to = event["to"] as? String else { continue }
            let before = current[stage] ?? "pending"
            if from != before {
                problems.append("\(customer): event \(sequence) (\(event["verb"] ?? "?") by \(event["actor"] ?? "?")) takes \(stage) "
                    + "from \(from) → \(to), but the stage was \(before)")
            }
            current[stage] = to
        }
        return problems
    }

    /// Every run that succeeded has exactly one command event and as many events in all as lines
    /// it printed (one per event); a refused run has none; a killed run has its command event
    /// with everything that followed it, or nothing. Returns the problems, in words.
    static func accountingProblems(_ runs: [ProcessRun], eventsByActor: [String: ActorEvents]) -> [String] {
        var problems: [String] = []
        for run in runs {
            let stored = eventsByActor[run.actor] ?? ActorEvents()
            if run.succeeded {
                if stored.commands != 1 || stored.total != run.lines.count {
                    problems.append("\(run.summary) printed \(run.lines.count) events but \(stored.total) are stored "
                        + "(\(stored.commands) asked for)")
                }
            } else if !run.killed {
                if stored.total != 0 { problems.append("\(run.summary) was refused but \(stored.total) events are stored") }
            } else if stored.commands > 1 || (stored.commands == 0 && stored.total > 0) {
                problems.append("\(run.summary) left \(stored.total) events, \(stored.commands) of them asked for: half a change")
            }
        }
        return problems
    }
}
