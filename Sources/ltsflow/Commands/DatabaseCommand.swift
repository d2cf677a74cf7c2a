import ArgumentParser
import Foundation
import LTSFlowCore
import LTSFlowPostgres
import LTSFlowSQLite

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create or update a database's schema; copy a database to another.",
        subcommands: [Migrate.self, Copy.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Create or update the schema of the database (on PostgreSQL also the roles ltsflow_viewer, ltsflow_csm, ltsflow_admin).",
            discussion: """
            Run it once as the team's administrator before anyone uses a new PostgreSQL database, and again
            after upgrading ltsflow. On PostgreSQL the tables belong to the login that runs it. See docs/team.md.

            Examples:
              ltsflow db migrate --db postgresql://admin@db.example.com/ltsflow
              ltsflow db migrate --db ~/ltsflow.sqlite
            """
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            // A migration connects its own way (no schema to check yet).
            EarlyConnection.discard()
            switch try global.location() {
            case .file(let path):
                _ = try SQLiteStore(changingPath: path)
                Terminal.print("\(path): the schema is up to date")
            case .server(let target):
                #if PostgreSQL
                let migration = try await PostgresStore.migrate(target)
                if migration.from == migration.to {
                    Terminal.print("\(target): the schema is up to date (version \(migration.to))")
                } else {
                    Terminal.print("\(target): schema version \(migration.from) → \(migration.to); roles ltsflow_viewer, ltsflow_csm, ltsflow_admin")
                }
                #else
                preconditionFailure("a server location is only parsed in a build with the PostgreSQL backend: \(target)")
                #endif
            }
        }
    }

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy everything (customers, upgrades, history with its actors and times, pinned definitions) into an empty database, then check the copy.",
            discussion: """
            The target is an SQLite file (created if needed) or a PostgreSQL database already migrated
            (ltsflow db migrate) and empty; on PostgreSQL run the copy as the login that migrated it, the
            only one allowed to write history in other people's names. The copy is one transaction on the
            target: a failure leaves it empty. Then doctor runs on the copy.

            Examples:
              ltsflow db copy --db ~/ltsflow.sqlite --to postgresql://admin@db.example.com/ltsflow
              ltsflow db copy --db postgresql://admin@db.example.com/ltsflow --to /backups/ltsflow.sqlite
            """
        )
        @Option(help: ArgumentHelp("The empty database to fill: a file path or a postgresql:// URL.", valueName: "path-or-url"))
        var to: String
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if to.isEmpty { throw ValidationError("--to needs a file path or a postgresql:// URL") }
        }

        func run() async throws {
            let target = try StoreLocation.parse(to, environment: global.environment)
            let source = try await global.tracker(readOnly: true)
            let copy = try source.keepingBlockers(try await StoreCopy.read(from: source.store))
            let (store, login) = try await target.open(readOnly: false, actor: nil)
            try await store.importCopy(copy)
            let events = copy.upgrades.reduce(0) { $0 + $1.events.count }
            Terminal.print("Copied \(copy.customers.count) customers, \(copy.upgrades.count) upgrades, \(events) events to \(target.name).")
            let problems = try await Tracker(store: store, builtinDefinitionsAt: try global.now(), actor: login ?? global.actorName).doctor()
            if problems.isEmpty {
                Terminal.print("ok: every upgrade's state equals the replay of its events")
                return
            }
            for problem in problems { Terminal.error("problem: \(Terminal.clean(problem))") }
            throw CLIError.reported(1)
        }
    }
}
