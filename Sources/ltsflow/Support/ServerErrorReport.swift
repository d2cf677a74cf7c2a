import LTSFlowCore
import LTSFlowPostgres

/// The failures of a database server, worded for the command line: one sentence each, naming
/// the database without its password, with what to do.
enum ServerErrorReport {
    static func message(_ failure: ServerFailure, server: String) -> String {
        switch failure {
        case .connectionRefused:
            return "cannot connect to \(server): the server is not running or does not accept connections there (connection refused)"
        case .unknownHost(let host):
            return "cannot connect to \(server): the host name \(host) is not known"
        case .timedOut:
            return "cannot connect to \(server): the server did not answer in time"
        case .authenticationFailed(let user):
            return "the server \(server) refused the password of \(user) (or none was given: set it in ~/.pgpass or PGPASSWORD)"
        case .hostRefused(let user, tls: false):
            return "the server \(server) does not let \(user) connect from here without TLS (pg_hba.conf); "
                + "use sslmode=require or verify-full, or ask its administrator"
        case .hostRefused(let user, tls: true):
            return "the server \(server) does not let \(user) connect from here (pg_hba.conf); ask its administrator"
        case .unknownLogin(let user):
            return "the server \(server) has no login \(user); ask its administrator to create it (docs/team.md)"
        case .unknownDatabase(let name):
            return "the server has no database \(name) (\(server)); create it with createdb \(name), then run ltsflow db migrate"
        case .tls(let reason):
            return "cannot connect to \(server) with TLS: \(reason)"
        case .connectionLost:
            return "the connection to \(server) was lost in the middle of the command; what was not acknowledged was not written. Try again"
        case .notMigrated:
            return "\(server) has no ltsflow schema (or an older one); run ltsflow db migrate --db URL as the administrator first"
        case .foreignDatabase:
            return "\(server) holds another application's tables and no ltsflow schema; it was left untouched. Use an empty database"
        case .newerSchema(let found, let known):
            return "\(server) was migrated by a newer ltsflow (schema \(found); this build knows up to \(known)); upgrade ltsflow to use it"
        case .readOnlyLogin(let user):
            return "\(user) may read but not change this database (\(server)); ask an administrator for ltsflow_csm"
        case .noRole(let user):
            return "\(user) has no ltsflow role in \(server); ask an administrator to GRANT ltsflow_viewer, ltsflow_csm or ltsflow_admin TO \(user)"
        case .needsAdmin(let user, let verb):
            return "only a member of ltsflow_admin may \(verb.isEmpty ? "do this" : verb) here, and \(user) is not one; nothing was changed"
        case .actorIsNotLogin(let actor, let login):
            let named = actor.isEmpty ? "another name" : "'\(actor)'"
            return "on a shared database the history records the login (\(login)): --as and LTSFLOW_ACTOR cannot name \(named)"
        case .importNeedsOwner(let user):
            return "only the owner of the tables in \(server) (the login that ran ltsflow db migrate) may write history in other people's names "
                + "(ltsflow demo, ltsflow db copy), and \(user) is not; nothing was written"
        case .cannotMigrate(let user, let detail):
            return "\(user) cannot migrate \(server): \(detail); run ltsflow db migrate as a login that owns the database and may create roles"
        case .other(let state, let message):
            return "the server \(server) reported an error" + (state.isEmpty ? "" : " (SQLSTATE \(state))") + (message.isEmpty ? "" : ": \(message)")
        }
    }

    /// A URL that cannot be read, without echoing it (it may hold a password).
    static func message(_ error: PostgresURLError) -> String {
        switch error {
        case .malformed(let reason):
            return "the database URL cannot be read: \(reason); use postgresql://user@host:port/database"
        case .unknownParameter(let name):
            return "the database URL has an unknown parameter '\(name)'; ltsflow knows host, port, user, password, dbname, sslmode, sslrootcert"
        case .badPort(let text):
            return "'\(text)' is not a port number (1–65535)"
        case .badSSLMode(let text):
            return "'\(text)' is not an sslmode; use disable, allow, prefer, require, verify-ca or verify-full"
        case .severalHosts:
            return "the database URL names several hosts; give one"
        }
    }
}
