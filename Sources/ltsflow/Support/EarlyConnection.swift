import Foundation
import LTSFlowPostgres
import Synchronization

/// The PostgreSQL database a command line names, connected to while the command line is parsed
/// (docs/team.md, "Speed"): reading the arguments and starting a server backend each take a few
/// milliseconds, one after the other before. The database is guessed from the raw arguments (the
/// last `--db`, else `LTSFLOW_DB`); the command uses the connection only when the location it
/// parsed is that same target, and every error is reported there, as if it had connected itself.
enum EarlyConnection {
    #if PostgreSQL
    private static let pending = Mutex<PostgresOpening?>(nil)
    #endif

    /// Starts connecting to the database `arguments` (without the program name) name, if it is
    /// a PostgreSQL URL and the command line does not only ask for help or the version. The
    /// variables the URL is read with are read, and the URL with them, by the connecting task:
    /// a command on a file pays for nothing but this look at its arguments.
    static func start(arguments: [String]) {
        #if PostgreSQL
        let variable = getenv("LTSFLOW_DB").map { String(cString: $0) }
        guard let url = named(arguments: arguments, variable: variable), PostgresTarget.isURL(url) else { return }
        // The variables the URL is read with, each by `getenv`: Foundation's environment costs
        // the connecting task 0.4 ms on its first use (the command reads it later, off this path).
        let opening = PostgresOpening(url: url) {
            var environment: [String: String] = [:]
            for name in PostgresTarget.environmentVariables {
                if let value = getenv(name) { environment[name] = String(cString: value) }
            }
            return environment
        }
        pending.withLock { $0 = opening }
        #endif
    }

    /// Whether a command connects later or never: commands that never open the database
    /// (definitions only), and `batch`, which reads all its input before it opens it (a
    /// connection left idle meanwhile may be cut). A `switch`, not a set: this runs before
    /// anything else, and the first set of strings a process builds costs a millisecond.
    static func connectsLater(_ command: String) -> Bool {
        switch command {
        case "workflow", "plan", "hotfixes", "batch": true
        default: false
        }
    }

    /// Whether an argument asks for help, the version or a completion script.
    static func asksForHelp(_ argument: String) -> Bool {
        switch argument {
        case "-h", "--help", "help", "--version", "--generate-completion-script": true
        default: argument.hasPrefix("--generate-completion-script=")
        }
    }

    /// The database URL or path a command line names, guessed without parsing it: the value of
    /// its last `--db` before a `--`, else `variable` (`LTSFLOW_DB`); nil when it asks for help,
    /// the version or a completion script, names no command, or one that ``connectsLater(_:)``.
    static func named(arguments: [String], variable: String?) -> String? {
        guard let command = arguments.first, !connectsLater(command) else { return nil }
        var db: String?
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if asksForHelp(argument) { return nil }
            if argument == "--db", index + 1 < arguments.endIndex {
                db = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--db=") {
                db = String(argument.dropFirst(5))
            }
            index += 1
        }
        if let db { return db }
        guard let variable, !variable.isEmpty else { return nil }
        return variable
    }

    #if PostgreSQL
    /// The connection started early, handed over once: ``PostgresOpening/store(for:actor:)``
    /// uses it only for the target it was started for.
    static func take() -> PostgresOpening? {
        pending.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }
    #endif

    /// Closes the connection, if one was started, for a command that connects its own way.
    static func discard() {
        #if PostgreSQL
        pending.withLock { pending in
            pending?.discard()
            pending = nil
        }
        #endif
    }
}
