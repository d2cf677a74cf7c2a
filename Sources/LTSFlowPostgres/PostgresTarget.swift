import Foundation

/// Where a PostgreSQL database is and who connects, read as `psql` (libpq) reads it: a
/// `postgres://` or `postgresql://` URL, then the `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`,
/// `PGDATABASE`, `PGSSLMODE` and `PGSSLROOTCERT` variables, then `~/.pgpass` (`PGPASSFILE`) for the password, then
/// libpq's defaults (the Unix socket in `/var/run/postgresql`, port 5432, the login name).
///
/// The password is never part of ``description``, so a target can be named in any message.
public struct PostgresTarget: Sendable, Equatable, CustomStringConvertible {
    /// How libpq's `sslmode` is honoured (docs/team.md, "TLS").
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file `directory/.s.PGSQL.port`.
        case socket(directory: String, port: Int)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The trusted certificate authorities (PEM) that check the server's certificate, as libpq's
    /// `sslrootcert`: the URL's parameter, else `PGSSLROOTCERT`, else `~/.postgresql/root.crt`;
    /// `system` for the system's roots.
    public var sslRootCert: String
    /// Whether ``sslRootCert`` was named (URL or `PGSSLROOTCERT`) rather than libpq's default
    /// file: a named file must exist when the certificate is checked.
    public var sslRootCertNamed: Bool
    /// Where the password came from, when it came from a password file; and a password file
    /// ignored because others can read it (libpq's rule: mode 0600 or less).
    public var notices: [Notice] = []

    public enum Notice: Sendable, Equatable {
        case insecurePasswordFile(String)
    }

    /// Whether `text` names a PostgreSQL database rather than an SQLite file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The database as a URL without its password: `postgresql://alice@db.example.com:5432/ltsflow`.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "postgresql://\(Self.encode(user))@\(shownHost):\(port)/\(Self.encode(database))"
        case .socket(let directory, let port):
            return "postgresql://\(Self.encode(user))@:\(port)/\(Self.encode(database))?host=\(Self.encode(directory))"
        }
    }

    /// The socket file of a Unix-socket endpoint.
    public var socketPath: String? {
        guard case .socket(let directory, let port) = endpoint else { return nil }
        return (directory.hasSuffix("/") ? directory : directory + "/") + ".s.PGSQL.\(port)"
    }

    /// Every environment variable ``init(url:environment:)`` reads: an environment of these
    /// alone gives the same target as the whole of it.
    public static let environmentVariables = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE",
                                              "PGSSLROOTCERT", "PGPASSFILE", "USER", "LOGNAME", "HOME"]

    /// Reads a URL with the environment and password file as libpq does.
    ///
    /// - Parameters:
    ///   - url: A `postgres://` or `postgresql://` URL.
    ///   - environment: The process environment (`PG*`, `PGPASSFILE`, `HOME`, `USER`).
    /// - Throws: ``PostgresURLError`` for a URL that cannot be read; its text never holds the password.
    public init(url: String, environment: [String: String]) throws(PostgresURLError) {
        let parts = try PostgresURLParts(url)
        var settings = parts.settings
        for (key, variable) in [("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD"),
                                ("dbname", "PGDATABASE"), ("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")]
        where settings[key] == nil {
            if let value = environment[variable], !value.isEmpty { settings[key] = value }
        }
        let portText = settings["port"] ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw .badPort(portText) }
        let modeText = settings["sslmode"] ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else { throw .badSSLMode(modeText) }
        let host = settings["host"] ?? "/var/run/postgresql"
        guard !host.contains(",") else { throw .severalHosts }
        user = settings["user"] ?? environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        database = settings["dbname"] ?? user
        sslMode = mode
        endpoint = host.hasPrefix("/") ? .socket(directory: host, port: port) : .tcp(host: host, port: port)
        let home = environment["HOME"] ?? NSHomeDirectory()
        sslRootCertNamed = settings["sslrootcert"] != nil
        sslRootCert = settings["sslrootcert"] ?? Self.path(home, ".postgresql/root.crt")
        password = settings["password"]
        if password == nil { readPasswordFile(environment: environment) }
    }

    /// The password from `PGPASSFILE` or `~/.pgpass`, when that file is private to its owner.
    private mutating func readPasswordFile(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = environment["PGPASSFILE"] ?? Self.path(home, ".pgpass")
        let hostField: String
        let port: Int
        switch endpoint {
        case .tcp(let host, let p): (hostField, port) = (host, p)
        // libpq matches a socket connection to the default directory as "localhost".
        case .socket(let directory, let p): (hostField, port) = (directory == "/var/run/postgresql" ? "localhost" : directory, p)
        }
        switch PasswordFile.lookup(path: path, host: hostField, port: port, database: database, user: user) {
        case .found(let secret): password = secret
        case .insecure: notices.append(.insecurePasswordFile(path))
        case .none: break
        }
    }

    /// `file` in the directory `home`, as `NSString.appendingPathComponent` joins them, without
    /// bridging to `NSString` in every command.
    static func path(_ home: String, _ file: String) -> String {
        home.isEmpty ? file : home.hasSuffix("/") ? home + file : home + "/" + file
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Why a PostgreSQL URL cannot be used, as data; no case carries the password.
public enum PostgresURLError: Error, Sendable, Equatable {
    /// Not `scheme://[user[:password]@][host][:port][/dbname][?key=value&…]`; what is wrong.
    case malformed(String)
    case unknownParameter(String)
    case badPort(String)
    case badSSLMode(String)
    /// Several hosts (`host1,host2`): libpq tries them in turn; ltsflow takes one.
    case severalHosts
}

/// The settings written in a URL, percent-decoded, under libpq's keyword names.
struct PostgresURLParts {
    var settings: [String: String] = [:]

    static let parameters: Set<String> = ["host", "hostaddr", "port", "user", "password", "dbname", "sslmode", "sslrootcert",
                                          "application_name", "connect_timeout"]

    init(_ url: String) throws(PostgresURLError) {
        guard let schemeEnd = url.range(of: "://") else { throw .malformed("it does not start with postgresql://") }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let query = rest.firstIndex(of: "?") {
            try readQuery(rest[rest.index(after: query)...])
            rest = rest[..<query]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let name = rest[rest.index(after: slash)...]
            if !name.isEmpty { try setIfAbsent("dbname", name, "database name") }
        }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                if !user.isEmpty { try setIfAbsent("user", user, "user name") }
                try setIfAbsent("password", credentials[credentials.index(after: colon)...], "password")
            } else if !credentials.isEmpty {
                try setIfAbsent("user", credentials, "user name")
            }
        }
        try readHostAndPort(authority)
    }

    /// Sets a setting the query string did not already give, percent-decoded.
    private mutating func setIfAbsent(_ key: String, _ text: Substring, _ what: String) throws(PostgresURLError) {
        if settings[key] == nil { settings[key] = try Self.decode(text, what) }
    }

    private mutating func readHostAndPort(_ authority: Substring) throws(PostgresURLError) {
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .malformed("an IPv6 address lacks its closing ]") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = after.dropFirst() } else if !after.isEmpty { throw .malformed("unexpected text after the IPv6 address") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        if !host.isEmpty { try setIfAbsent("host", host, "host") }
        if let port, !port.isEmpty { settings["port"] = settings["port"] ?? String(port) }
    }

    private mutating func readQuery(_ query: Substring) throws(PostgresURLError) {
        for pair in query.split(separator: "&") {
            guard let equals = pair.firstIndex(of: "=") else { throw .malformed("the query parameter '\(pair)' has no value") }
            let key = try Self.decode(pair[..<equals], "parameter name")
            guard Self.parameters.contains(key) else { throw .unknownParameter(key) }
            let value = try Self.decode(pair[pair.index(after: equals)...], key == "password" ? "password" : key)
            settings[key == "hostaddr" ? "host" : key] = value
        }
    }

    /// Percent-decodes one component; `what` names it in the error (never its value).
    private static func decode(_ text: Substring, _ what: String) throws(PostgresURLError) -> String {
        guard let decoded = percentDecoded(text) else { throw .malformed("the \(what) has a bad %-escape") }
        return decoded
    }

    /// `text` with each `%XX` replaced by its byte, or `nil` when a `%` is not followed by two
    /// hexadecimal digits or the bytes are not UTF-8: what Foundation's `removingPercentEncoding`
    /// gives, without its first-use cost in every command (a tenth of a millisecond or more).
    static func percentDecoded(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
