import Foundation

/// Why a database server (PostgreSQL) refused or failed what was asked, as data. `server` in
/// ``StoreError/server(_:_:)`` names the database without its password (`postgresql://alice@db/ltsflow`).
public enum ServerFailure: Sendable, Equatable {
    /// Nothing listens at the address (the server is down, or the host or port is wrong).
    case connectionRefused
    /// The host name does not resolve.
    case unknownHost(String)
    /// The server did not answer in time.
    case timedOut
    /// The server refused the login's password (or has no password for it).
    case authenticationFailed(user: String)
    /// The server's host rules (`pg_hba.conf`) do not let the login connect from here this way:
    /// `tls` tells whether the connection used TLS (without it, a server may accept TLS only).
    case hostRefused(user: String, tls: Bool)
    /// The server has no such login.
    case unknownLogin(String)
    /// The server has no such database.
    case unknownDatabase(String)
    /// The server requires TLS, or TLS could not be set up; the reason.
    case tls(String)
    /// The connection was lost in the middle of the command (a restart, a network cut): what
    /// was not acknowledged was rolled back.
    case connectionLost
    /// The database has no ltsflow schema yet: `ltsflow db migrate` creates it.
    case notMigrated
    /// The database holds tables of another application and no ltsflow schema.
    case foreignDatabase
    /// The schema was written by a newer ltsflow (its version, and the newest this build knows).
    case newerSchema(found: Int, known: Int)
    /// The login may read but not change (`ltsflow_viewer`, or no ltsflow role at all to write).
    case readOnlyLogin(user: String)
    /// The login has no ltsflow role at all.
    case noRole(user: String)
    /// The verb needs `ltsflow_admin` (`force`, reopening a done production stage, cancelling).
    case needsAdmin(user: String, verb: String)
    /// The actor named (`--as`, `LTSFLOW_ACTOR`) is not the login: on a server the history
    /// records the login.
    case actorIsNotLogin(actor: String, login: String)
    /// Only the owner of the tables (the login that ran `db migrate`) may write histories in
    /// other people's names (`ltsflow demo`, `ltsflow db copy`).
    case importNeedsOwner(user: String)
    /// `db migrate` needs a login that may create the roles (CREATEROLE) and tables.
    case cannotMigrate(user: String, detail: String)
    /// Any other error the server reported: its SQLSTATE and message.
    case other(sqlState: String, message: String)
}
