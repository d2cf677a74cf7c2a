import Foundation
import Testing
@testable import LTSFlowPostgres

/// URLs, PG* variables and the password file, read as psql reads them.
@Suite struct PostgresTargetTests {
    let none: [String: String] = ["USER": "osuser", "HOME": "/nonexistent-home"]

    @Test func aFullURL() throws {
        let target = try PostgresTarget(url: "postgresql://alice:p%40ss@db.example.com:6543/ltsflow?sslmode=verify-full", environment: none)
        #expect(target.endpoint == .tcp(host: "db.example.com", port: 6543))
        #expect(target.user == "alice")
        #expect(target.password == "p@ss")
        #expect(target.database == "ltsflow")
        #expect(target.sslMode == .verifyFull)
        #expect(target.description == "postgresql://alice@db.example.com:6543/ltsflow")
    }

    @Test func defaultsAreLibpqs() throws {
        let target = try PostgresTarget(url: "postgres://", environment: none)
        #expect(target.endpoint == .socket(directory: "/var/run/postgresql", port: 5432))
        #expect(target.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(target.user == "osuser")
        #expect(target.database == "osuser")
        #expect(target.sslMode == .prefer)
        #expect(target.password == nil)
    }

    @Test func environmentFillsWhatTheURLLeavesOut() throws {
        let environment = none.merging(["PGHOST": "pg.internal", "PGPORT": "5433", "PGUSER": "bob", "PGPASSWORD": "envpw",
                                        "PGDATABASE": "team", "PGSSLMODE": "require"]) { $1 }
        let fromEnvironment = try PostgresTarget(url: "postgresql://", environment: environment)
        #expect(fromEnvironment.endpoint == .tcp(host: "pg.internal", port: 5433))
        #expect((fromEnvironment.user, fromEnvironment.password, fromEnvironment.database) == ("bob", "envpw", "team"))
        #expect(fromEnvironment.sslMode == .require)
        let url = try PostgresTarget(url: "postgresql://carol@other:5000/mine?sslmode=disable", environment: environment)
        #expect(url.endpoint == .tcp(host: "other", port: 5000))
        #expect((url.user, url.database, url.sslMode) == ("carol", "mine", .disable))
    }

    @Test func theRootCertificateFileComesFromTheURLThenPGSSLROOTCERTThenTheHome() throws {
        let environment = none.merging(["PGSSLROOTCERT": "/env/ca.pem"]) { $1 }
        let url = try PostgresTarget(url: "postgresql://h/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fteam-ca.pem", environment: environment)
        #expect((url.sslRootCert, url.sslRootCertNamed) == ("/etc/team-ca.pem", true))
        let fromEnvironment = try PostgresTarget(url: "postgresql://h/d", environment: environment)
        #expect((fromEnvironment.sslRootCert, fromEnvironment.sslRootCertNamed) == ("/env/ca.pem", true))
        let home = try PostgresTarget(url: "postgresql://h/d", environment: ["HOME": "/home/alice", "USER": "alice"])
        #expect((home.sslRootCert, home.sslRootCertNamed) == ("/home/alice/.postgresql/root.crt", false))
        let system = try PostgresTarget(url: "postgresql://h/d?sslrootcert=system", environment: none)
        #expect(system.sslRootCert == "system")
    }

    @Test func aSocketDirectoryByQueryOrPercentEncodedHost() throws {
        let query = try PostgresTarget(url: "postgresql:///ltsflow?host=/tmp/sockets&port=5999", environment: none)
        #expect(query.endpoint == .socket(directory: "/tmp/sockets", port: 5999))
        #expect(query.socketPath == "/tmp/sockets/.s.PGSQL.5999")
        let encoded = try PostgresTarget(url: "postgresql://%2Fvar%2Frun%2Fpg/ltsflow", environment: none)
        #expect(encoded.endpoint == .socket(directory: "/var/run/pg", port: 5432))
        #expect(encoded.description == "postgresql://osuser@:5432/ltsflow?host=%2Fvar%2Frun%2Fpg")
    }

    @Test func ipv6Hosts() throws {
        let target = try PostgresTarget(url: "postgresql://u@[::1]:5432/d", environment: none)
        #expect(target.endpoint == .tcp(host: "::1", port: 5432))
        #expect(target.description == "postgresql://u@[::1]:5432/d")
    }

    @Test func badURLsAreRefusedWithoutShowingThePassword() {
        #expect(throws: PostgresURLError.badPort("99999")) { try PostgresTarget(url: "postgresql://u:secret@h:99999/d", environment: none) }
        #expect(throws: PostgresURLError.badSSLMode("sometimes")) { try PostgresTarget(url: "postgresql://h/d?sslmode=sometimes", environment: none) }
        #expect(throws: PostgresURLError.unknownParameter("colour")) { try PostgresTarget(url: "postgresql://h/d?colour=red", environment: none) }
        #expect(throws: PostgresURLError.severalHosts) { try PostgresTarget(url: "postgresql://a,b/d", environment: none) }
        #expect(throws: PostgresURLError.malformed("the password has a bad %-escape")) {
            try PostgresTarget(url: "postgresql://u:sec%ZZret@h/d", environment: none)
        }
    }

    @Test func isURL() {
        #expect(PostgresTarget.isURL("postgres://x") && PostgresTarget.isURL("POSTGRESQL://x"))
        #expect(!PostgresTarget.isURL("/tmp/postgres.sqlite") && !PostgresTarget.isURL("postgres.sqlite"))
    }
}

@Suite final class PasswordFileTests {
    /// This test's own folder for its password files, removed with the test.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ltsflow-pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func file(_ text: String, mode: Int) throws -> String {
        let path = directory.appendingPathComponent("pgpass-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func theFirstMatchingLineWinsWithWildcardsAndEscapes() throws {
        let path = try file("""
            # comment
            other:5432:*:alice:wrong
            db.example.com:5432:ltsflow:alice:first\\:pw
            *:*:*:alice:fallback
            """, mode: 0o600)
        #expect(PasswordFile.lookup(path: path, host: "db.example.com", port: 5432, database: "ltsflow", user: "alice") == .found("first:pw"))
        #expect(PasswordFile.lookup(path: path, host: "elsewhere", port: 1, database: "x", user: "alice") == .found("fallback"))
        #expect(PasswordFile.lookup(path: path, host: "db.example.com", port: 5432, database: "ltsflow", user: "bob") == .none)
    }

    @Test func aFileOthersCanReadIsIgnored() throws {
        let path = try file("*:*:*:*:pw\n", mode: 0o640)
        #expect(PasswordFile.lookup(path: path, host: "h", port: 5432, database: "d", user: "u") == .insecure)
        let environment = ["PGPASSFILE": path, "USER": "u"]
        let target = try PostgresTarget(url: "postgresql://h/d", environment: environment)
        #expect(target.password == nil)
        #expect(target.notices == [.insecurePasswordFile(path)])
    }

    @Test func thePasswordFileIsUsedWhenNoPasswordIsGiven() throws {
        let path = try file("h:5432:d:u:frompass\n", mode: 0o600)
        let target = try PostgresTarget(url: "postgresql://u@h/d", environment: ["PGPASSFILE": path])
        #expect(target.password == "frompass")
        let given = try PostgresTarget(url: "postgresql://u:given@h/d", environment: ["PGPASSFILE": path])
        #expect(given.password == "given")
    }

    /// The URL's own percent-decoding gives what Foundation's `removingPercentEncoding` gives,
    /// bad escapes and bytes that are not UTF-8 refused alike.
    @Test func percentDecodingAgreesWithFoundation() {
        let samples = ["", "plain", "p%40ss", "%2Fvar%2Frun%2Fpg", "%2fvar", "caf%C3%A9", "%E2%82%AC%20x", "100%", "%4", "%ZZ",
                       "%G1", "a%%41", "%FF", "%C3", "%C3%28", "%00", "+%2B+", "%e2%82%ac", "日本%E8%AA%9E"]
        for sample in samples {
            #expect(PostgresURLParts.percentDecoded(Substring(sample)) == sample.removingPercentEncoding, "\(sample)")
        }
        #expect(PostgresURLParts.percentDecoded("caf%C3%A9") == "café")
        #expect(PostgresURLParts.percentDecoded("%FF") == nil)
        #expect(PostgresURLParts.percentDecoded("100%") == nil)
    }

    /// The early connection reads the URL with the variables `environmentVariables` names
    /// alone: the same target as with the whole environment, password file included.
    @Test func theVariablesItNamesAreAllTheEnvironmentItReads() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("pgtarget-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let pgpass = home.appendingPathComponent("pass").path
        try "db.example.com:6543:team:carol:from-file\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pgpass)
        let whole = ["PGHOST": "db.example.com", "PGPORT": "6543", "PGUSER": "carol", "PGDATABASE": "team", "PGSSLMODE": "require",
                     "PGSSLROOTCERT": "/etc/ca.pem", "PGPASSFILE": pgpass, "USER": "someone", "LOGNAME": "else", "HOME": home.path,
                     "PATH": "/usr/bin", "LTSFLOW_DB": "x", "LANG": "C"]
        let named = whole.filter { PostgresTarget.environmentVariables.contains($0.key) }
        for url in ["postgresql://", "postgresql:///other", "postgresql://alice@h/d", "postgres://h:5/d?sslmode=disable"] {
            #expect(try PostgresTarget(url: url, environment: named) == PostgresTarget(url: url, environment: whole), "\(url)")
        }
        #expect(try PostgresTarget(url: "postgresql://", environment: named).password == "from-file")
        let user = ["USER": "someone", "LOGNAME": "else", "HOME": home.path, "PATH": "/usr/bin"]
        #expect(try PostgresTarget(url: "postgresql://h/d", environment: user.filter { PostgresTarget.environmentVariables.contains($0.key) })
                == PostgresTarget(url: "postgresql://h/d", environment: user))
    }

    /// The password file and root certificate under the home directory, joined as
    /// `NSString.appendingPathComponent` joins them.
    @Test func filesUnderHomeAreJoinedAsFoundationJoinsThem() {
        #expect(PostgresTarget.path("/home/alice", ".pgpass") == "/home/alice/.pgpass")
        #expect(PostgresTarget.path("/home/alice/", ".pgpass") == "/home/alice/.pgpass")
        #expect(PostgresTarget.path("/", ".postgresql/root.crt") == "/.postgresql/root.crt")
        #expect(PostgresTarget.path("", ".pgpass") == ".pgpass")
        for home in ["/home/alice", "/home/alice/", "/", "/tmp/a b"] {
            #expect(PostgresTarget.path(home, ".pgpass") == (home as NSString).appendingPathComponent(".pgpass"))
        }
    }
}
