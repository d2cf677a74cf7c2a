import Foundation
import LTSFlowCore
import LTSFlowPostgres
import LTSFlowSQLite

/// Where a command's data is: an SQLite file (the embedded default) or, in a build with the
/// `PostgreSQL` trait, a PostgreSQL database named by a `postgres://` URL (docs/team.md).
enum StoreLocation {
    case file(String)
    case server(PostgresTarget)

    /// The database as messages name it (a URL without its password).
    var name: String {
        switch self {
        case .file(let path): path
        case .server(let target): target.description
        }
    }

    /// Reads `--db`/`LTSFLOW_DB` (already resolved to `text`).
    ///
    /// - Throws: ``CLIError/usage(_:)`` for a URL that cannot be read, or any URL in a build
    ///   without the PostgreSQL backend.
    static func parse(_ text: String, environment: [String: String]) throws -> StoreLocation {
        guard PostgresTarget.isURL(text) else { return .file(text) }
        guard PostgresBackend.isAvailable else {
            throw CLIError.usage("this ltsflow was built without the PostgreSQL backend; build it with "
                + "swift build -c release --traits PostgreSQL (docs/team.md), or give --db the path of an SQLite file")
        }
        do {
            let target = try PostgresTarget(url: text, environment: environment)
            for notice in target.notices {
                if case .insecurePasswordFile(let path) = notice {
                    Terminal.error("warning: the password file \(path) has group or world access and was ignored; "
                        + "make it private with chmod 0600 \(path)")
                }
            }
            return .server(target)
        } catch {
            throw CLIError.usage(ServerErrorReport.message(error))
        }
    }

    /// Opens the store of a command.
    ///
    /// - Parameters:
    ///   - readOnly: The command only reads (SQLite then opens one connection that only reads).
    ///   - actor: The actor named explicitly (`--as`, `LTSFLOW_ACTOR`), if any: on a server a
    ///     command that writes is refused unless it is the login, which history records.
    /// - Returns: The store and, on a server, the login (the actor of every change).
    func open(readOnly: Bool, actor: String?) async throws -> (store: any UpgradeStore, login: String?) {
        switch self {
        case .file(let path):
            return (readOnly ? try SQLiteStore(readingPath: path) : try SQLiteStore(changingPath: path), nil)
        case .server(let target):
            #if PostgreSQL
            // Reading names no actor: an LTSFLOW_ACTOR left from SQLite days does not stop a read.
            // A server that stops answering (a backend terminated while it starts, a cut) must
            // not leave a command waiting for ever: one sentence and exit 1 instead.
            let watchdog = Watchdog.exit(after: Watchdog.connectSeconds) { .server(target.description, .timedOut) }
            let actor = readOnly ? nil : actor
            let store = if let early = EarlyConnection.take() {
                try await early.store(for: target, actor: actor)
            } else {
                try await PostgresStore.open(target, actor: actor)
            }
            watchdog.cancel()
            store.onConnectionLost {
                _ = Watchdog.exit(after: 1) { .server(target.description, .connectionLost) }
            }
            return (store, target.user)
            #else
            preconditionFailure("a server location is only parsed in a build with the PostgreSQL backend")
            #endif
        }
    }
}

/// Ends the process with one sentence when a server leaves a command waiting.
enum Watchdog {
    static let connectSeconds = 20.0

    /// After `seconds`, prints `error` as every error is printed and exits 1, unless cancelled.
    /// The error is made only then: naming the server percent-encodes its URL, which a
    /// command that connects in time need not pay for.
    static func exit(after seconds: Double, with error: @escaping @Sendable () -> StoreError) -> DispatchWorkItem {
        let item = DispatchWorkItem {
            Foundation.exit(ErrorReport.report(error()))
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
        return item
    }
}
