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

    /// Starts connecting to the database `arguments` (without the program name) and
    /// `environment` name, if it is a PostgreSQL URL and the command line does not only ask for
    /// help or the version.
    static func start(arguments: [String], environment: [String: String]) {
        #if PostgreSQL
        guard let url = named(arguments: arguments, environment: environment), PostgresTarget.isURL(url),
              let target = try? PostgresTarget(url: url, environment: environment) else { return }
        let opening = PostgresOpening(target)
        pending.withLock { $0 = opening }
        #endif
    }

    /// Commands that never open the database (definitions only), and `batch`, which reads all
    /// its input before it opens it (a connection left idle meanwhile may be cut): no early
    /// connection for them.
    static let connectingLater: Set<String> = ["workflow", "plan", "hotfixes", "batch"]

    /// The database URL or path a command line names, guessed without parsing it: the value of
    /// its last `--db` before a `--`, else `LTSFLOW_DB`; nil when it asks for help, the version
    /// or a completion script, names no command, or names one of ``connectingLater``.
    static func named(arguments: [String], environment: [String: String]) -> String? {
        guard let command = arguments.first, !connectingLater.contains(command) else { return nil }
        var db: String?
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let argument = arguments[index]
            if ["-h", "--help", "help", "--version", "--generate-completion-script"].contains(argument)
                || argument.hasPrefix("--generate-completion-script=") {
                return nil
            }
            if argument == "--db", index + 1 < arguments.endIndex {
                db = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--db=") {
                db = String(argument.dropFirst(5))
            }
            index += 1
        }
        if let db { return db }
        guard let variable = environment["LTSFLOW_DB"], !variable.isEmpty else { return nil }
        return variable
    }

    #if PostgreSQL
    /// The connection started for `target`, handed over once; a connection started for another
    /// target is closed.
    static func take(_ target: PostgresTarget) -> PostgresOpening? {
        guard let opening = pending.withLock({ pending in defer { pending = nil }; return pending }) else { return nil }
        if opening.target == target { return opening }
        opening.discard()
        return nil
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
