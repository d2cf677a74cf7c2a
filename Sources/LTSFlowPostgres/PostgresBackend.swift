#if PostgreSQL
import PostgresNIO

/// Whether this build has the PostgreSQL backend (built with `--traits PostgreSQL`).
public enum PostgresBackend {
    public static let isAvailable = true
}
#else
/// Whether this build has the PostgreSQL backend (built with `--traits PostgreSQL`).
public enum PostgresBackend {
    public static let isAvailable = false
}
#endif
