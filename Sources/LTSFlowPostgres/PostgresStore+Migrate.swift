#if PostgreSQL
import Foundation
import LTSFlowCore
import PostgresNIO

extension PostgresStore {
    /// What `ltsflow db migrate` did: the schema version before and after.
    public struct Migration: Sendable, Equatable {
        public var from: Int
        public var to: Int
    }

    /// Creates or updates the schema, in one transaction: the roles `ltsflow_viewer`,
    /// `ltsflow_csm` and `ltsflow_admin` (when the server has none yet), then each migration
    /// this build knows that the database lacks, recorded in `ltsflow_schema`. The tables
    /// belong to the login that runs it (the team's administrator).
    ///
    /// - Throws: ``ServerFailure/foreignDatabase`` for a database with other tables and no
    ///   ltsflow schema, ``ServerFailure/newerSchema(found:known:)``,
    ///   ``ServerFailure/cannotMigrate(user:detail:)`` when the login may not create the roles
    ///   or tables; nothing is changed then.
    public static func migrate(_ target: PostgresTarget) async throws(StoreError) -> Migration {
        let connection = try await PostgresConnector.connect(target)
        defer { connection.close().whenComplete { _ in _ = connection } }
        do {
            try await connection.query("BEGIN", logger: logger)
            // Two administrators migrating at once: the second waits, then finds nothing to do.
            try await connection.query("SELECT pg_advisory_xact_lock(7438291054)", logger: logger)
            let current = try await schemaVersion(connection, target: target)
            if current > PostgresSchema.version {
                throw StoreError.server(target.description, .newerSchema(found: current, known: PostgresSchema.version))
            }
            for statement in PostgresSchema.createRoles {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            for (index, statements) in PostgresSchema.migrations.enumerated() where index + 1 > current {
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO ltsflow_schema (version) VALUES (\(index + 1))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
            return Migration(from: current, to: PostgresSchema.version)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            if let error = error as? PSQLError, error.code == .server, error.serverInfo?[.sqlState] == "42501" {
                throw .server(target.description, .cannotMigrate(user: target.user, detail: error.serverInfo?[.message] ?? "permission denied"))
            }
            throw PostgresConnector.storeError(error, target: target)
        }
    }

    /// The version in `ltsflow_schema`; 0 for an empty database.
    ///
    /// - Throws: ``ServerFailure/foreignDatabase`` for a database with tables and no `ltsflow_schema`.
    static func schemaVersion(_ connection: PostgresConnection, target: PostgresTarget) async throws -> Int {
        var exists = false
        for try await found in try await connection.query("SELECT to_regclass('ltsflow_schema') IS NOT NULL", logger: logger).decode(Bool.self) {
            exists = found
        }
        guard exists else {
            if try await hasOtherTables(connection, target: target) { throw StoreError.server(target.description, .foreignDatabase) }
            return 0
        }
        for try await version in try await connection.query("SELECT coalesce(max(version), 0) FROM ltsflow_schema", logger: logger)
            .decode(Int.self) {
            return version
        }
        return 0
    }
}
#endif
