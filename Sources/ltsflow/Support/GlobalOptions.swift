import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore
import LTSFlowSQLite

/// Settings every command takes: where the data is, who acts, which definitions to use.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database: an SQLite file, or a postgresql://user@host/database URL (docs/team.md) (default: $LTSFLOW_DB, else $XDG_DATA_HOME/ltsflow/ltsflow.sqlite, else ~/.local/share/ltsflow/ltsflow.sqlite).", valueName: "path-or-url"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is acting, recorded in history (default: $LTSFLOW_ACTOR, else the login name; on PostgreSQL always the database login).", valueName: "name"))
    var actor: String?

    @Option(name: .long, help: ArgumentHelp("A directory of workflow definitions to use instead of the built-in ones (default: $LTSFLOW_WORKFLOWS).", valueName: "dir"))
    var workflows: String?

    @Flag(name: .long, help: "No colour, even on a terminal (also NO_COLOR or TERM=dumb).")
    var noColor = false

    /// The process environment, read once (Foundation builds the whole dictionary on every
    /// access, and a command asks several times).
    static let environment = ProcessInfo.processInfo.environment
    var environment: [String: String] { Self.environment }

    func validate() throws {
        // An empty --db (an unset shell variable) must not fall back to the default database.
        if let db, db.isEmpty { throw ValidationError("--db needs the path of a database file, e.g. --db /tmp/ltsflow.sqlite") }
    }

    /// The database path of docs/storage.md ("Where the file is"): --db, LTSFLOW_DB, XDG, home.
    var databasePath: String {
        if let db { return db }
        return SQLiteStore.defaultPath(environment: environment)
    }

    /// "Now": LTSFLOW_NOW (ISO 8601) when set, else the clock.
    func now() throws -> Date {
        guard let text = environment["LTSFLOW_NOW"], !text.isEmpty else { return Date() }
        guard let date = ISO8601.parseUTCSeconds(text) ?? ISO8601.parse(text) else {
            throw ValidationError("LTSFLOW_NOW='\(text)' is not an ISO 8601 time that exists; use e.g. 2027-03-01T09:00:00Z")
        }
        return date
    }

    var actorName: String {
        explicitActor ?? environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    /// The actor named by --as or LTSFLOW_ACTOR, if any.
    var explicitActor: String? {
        if let actor, !actor.trimmingBlanks().isEmpty { return Terminal.clean(actor) }
        if let name = environment["LTSFLOW_ACTOR"], !name.isEmpty { return Terminal.clean(name) }
        return nil
    }

    /// Where the data is: a file or, with the PostgreSQL backend, a server.
    func location() throws -> StoreLocation {
        try StoreLocation.parse(databasePath, environment: environment)
    }

    /// The definition files: a directory's `*.yaml`, or the built-in ones.
    func definitionFiles() throws -> [String: String] {
        let directory = workflows ?? environment["LTSFLOW_WORKFLOWS"]
        guard let directory, !directory.isEmpty else { return BuiltinDefinitions.files }
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw CLIError.usage("workflow directory '\(directory)' not found or not readable; give a directory of .yaml files")
        }
        var files: [String: String] = [:]
        for name in names where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            files[name] = try Files.readText(url.appendingPathComponent(name).path)
        }
        guard !files.isEmpty else { throw CLIError.usage("workflow directory '\(directory)' has no .yaml files") }
        return files
    }

    /// Whether definitions come from a directory rather than the built-in ones.
    var customDefinitions: Bool {
        if let workflows { return !workflows.isEmpty }
        return !(environment["LTSFLOW_WORKFLOWS"] ?? "").isEmpty
    }

    /// Opens everything a command needs.
    ///
    /// Definitions given in a directory are read and validated first, so a bad file is reported
    /// whatever the command. The built-in ones (valid by construction, tested) are parsed only
    /// when the command needs them: a status or a blocked list parses neither the workflow
    /// library nor, usually, the catalog.
    ///
    /// - Parameter readOnly: The command only reads: a current database is opened with one
    ///   connection that only reads (see `SQLiteStore.init(readingPath:)`).
    ///
    /// Within `ltsflow batch`, the store the batch opened (``BatchSession``).
    func tracker(readOnly: Bool = false) async throws -> Tracker {
        if noColor { Terminal.colorDisabledByFlag = true }
        if let batch = BatchSession.current { return try batch.tracker() }
        return try await openTracker(readOnly: readOnly)
    }

    /// Opens the store and the definitions (``tracker(readOnly:)`` outside a batch).
    func openTracker(readOnly: Bool) async throws -> Tracker {
        // Everything that can be refused without the database is checked before it is opened.
        let now = try now()
        let location = try location()
        if customDefinitions {
            let (library, catalog) = try Tracker.definitions(files: definitionFiles())
            let (store, login) = try await location.open(readOnly: readOnly, actor: explicitActor)
            return Tracker(store: store, library: library, catalog: catalog, now: now, actor: login ?? actorName)
        }
        let (store, login) = try await location.open(readOnly: readOnly, actor: explicitActor)
        return Tracker(store: store, builtinDefinitionsAt: now, actor: login ?? actorName)
    }

    /// The definitions alone, for commands that need no database.
    func definitions() throws -> (WorkflowLibrary, LTSCatalog) {
        if noColor { Terminal.colorDisabledByFlag = true }
        return try Tracker.definitions(files: definitionFiles())
    }
}

/// Errors the command line raises itself.
enum CLIError: Error, LocalizedError {
    /// Bad input on the command line (exit 64).
    case usage(String)
    /// Diagnostics were already printed; exit with this code.
    case reported(Int32)
    /// The command cannot do what was asked (exit 1).
    case failure(String)

    var errorDescription: String? {
        switch self {
        case .usage(let message), .failure(let message): message
        case .reported: nil
        }
    }
}

/// Reading files at the edge, with messages a person can act on.
enum Files {
    static let maximumBytes = 20_000_000

    static func readText(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError.usage("file not found: \(path)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maximumBytes {
            throw CLIError.usage("\(path) is \(size) bytes; definition files are limited to a few hundred kilobytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read \(path): check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.usage("\(path) is not UTF-8 text")
        }
        return text
    }

    /// Writes atomically (temporary file then rename), so a failed write leaves no half file.
    static func writeText(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError.usage("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
