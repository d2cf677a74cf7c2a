// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Release builds on Linux link the C++ standard library and SQLite as archives where
/// `Linker/cxx/libstdc++.a` and `Linker/sqlite/libsqlite3.a` lead to them: the linker looks in
/// those folders first, where there is no shared library. Every process then skips loading,
/// relocating and initialising two shared libraries (1–2 ms of CPU per command,
/// docs/benchmarks.md, tenth round). A folder is left out (the shared library, as before) unless
/// its link leads to an archive (`!<arch>`), and the C++ one unless GCC 12 is the newest GCC of
/// the machine (the toolchain's runtime is built against the system's newest). Linker/README.md.
let staticLibraryFolders: [String] = {
    let gcc = "/usr/lib/gcc/x86_64-linux-gnu"
    let newestGCC = ((try? FileManager.default.contentsOfDirectory(atPath: gcc)) ?? []).compactMap { Int($0) }.max()
    func isArchive(_ path: String) -> Bool {
        FileHandle(forReadingAtPath: path)?.readData(ofLength: 8) == Data("!<arch>\n".utf8)
    }
    return [("cxx", "libstdc++.a", newestGCC == 12), ("sqlite", "libsqlite3.a", true)].flatMap { folder, archive, usable in
        let path = Context.packageDirectory + "/Linker/" + folder
        return usable && isArchive(path + "/" + archive) ? ["-L", path] : []
    }
}()

let package = Package(
    name: "ltsflow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LTSFlowEngine", targets: ["LTSFlowEngine"]),
        .library(name: "LTSFlowCore", targets: ["LTSFlowCore"]),
        .library(name: "LTSFlowSQLite", targets: ["LTSFlowSQLite"]),
        .library(name: "LTSFlowPostgres", targets: ["LTSFlowPostgres"]),
        .library(name: "LTSFlowReports", targets: ["LTSFlowReports"]),
        .executable(name: "ltsflow", targets: ["ltsflow"]),
    ],
    // Optional parts, each built only when its trait is asked for, so that the embedded default
    // (`swift run ltsflow demo`) never compiles postgres-nio, Hummingbird or their NIO stack.
    traits: [
        .trait(name: "PostgreSQL", description: "The PostgreSQL backend: --db postgres://… (docs/team.md)."),
        .trait(name: "WebBoard", description: "The web board: `ltsflow serve` (module LTSFlowServer, on Hummingbird)."),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only built when the trait WebBoard is enabled (targets below name it under that condition).
        // Its own default traits are not needed: no swift-configuration, no URL-encoded forms.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own dependencies, named for the server's logger, bound address and header
        // names; swift-log also for PostgresNIO's logger (LTSFlowPostgres).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // MARK: Engine — pure: definitions, validation, state machine, catalog, scheduling.
        .target(
            name: "LTSFlowEngine",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),

        // MARK: Core — models and views, the Tracker service every CSM action goes through, the
        // store protocol, errors as data, the demo portfolio. No database library.
        .target(name: "LTSFlowCore", dependencies: ["LTSFlowEngine"]),

        // MARK: SQLite backend — only the GRDB adapter: schema, migrations, opening rules, SQL.
        .target(
            name: "LTSFlowSQLite",
            dependencies: ["LTSFlowEngine", "LTSFlowCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // MARK: PostgreSQL backend — only the PostgresNIO adapter: URL and environment, schema,
        // roles, SQL. Nothing else names PostgresNIO.
        .target(
            name: "LTSFlowPostgres",
            dependencies: [
                "LTSFlowEngine", "LTSFlowCore",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ]
        ),

        // MARK: Reports — pure renderers: Markdown, JSON, diagrams, iCalendar. Never GRDB.
        .target(
            name: "LTSFlowReports",
            dependencies: ["LTSFlowEngine", "LTSFlowCore"]
        ),

        // MARK: Server — the web board: router, handlers, HTML. Core, Reports and Engine; never a
        // database library. Thin like the CLI: parse the request, call the core, render.
        .target(
            name: "LTSFlowServer",
            dependencies: [
                "LTSFlowEngine",
                "LTSFlowCore",
                "LTSFlowReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // MARK: Command line — thin: parse, call the libraries, print.
        .executableTarget(
            name: "ltsflow",
            dependencies: [
                "LTSFlowEngine",
                "LTSFlowCore",
                "LTSFlowSQLite",
                "LTSFlowPostgres",
                "LTSFlowReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "LTSFlowServer", condition: .when(traits: ["WebBoard"])),
            ],
            // Release builds link the Swift runtime and Foundation into the binary: the process
            // then starts in about half the time (no twenty shared libraries to load and relocate),
            // which is most of what a short command costs. Nothing outside the binary calls into
            // it, so it exports no symbols: the runtime's start-up looks its own path up with
            // `dladdr`, which reads every exported symbol (47,588 with both traits: 1.5 ms of
            // CPU of every command, 7.9 → 6.4 ms for `--version`; no measurable gain without
            // traits). See docs/benchmarks.md, "Seventh round". The C++ standard library and SQLite
            // too, where they can be (`staticLibraryFolders` above).
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"] + staticLibraryFolders,
                                          .when(platforms: [.linux], configuration: .release))]
        ),

        // MARK: Tests
        .testTarget(name: "LTSFlowEngineTests", dependencies: ["LTSFlowEngine"], exclude: ["Fixtures"]),
        // Helpers shared by the test targets: fixtures, temporary directories, the backends the
        // store contract suite runs against.
        .target(
            name: "LTSFlowTestSupport",
            dependencies: ["LTSFlowCore", "LTSFlowEngine", "LTSFlowSQLite", "LTSFlowPostgres"],
            path: "Tests/LTSFlowTestSupport"
        ),
        // The core's tests and the store contract suite, run against every backend.
        .testTarget(
            name: "LTSFlowCoreTests",
            dependencies: ["LTSFlowCore", "LTSFlowEngine", "LTSFlowTestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "LTSFlowSQLiteTests",
            // GRDB directly: tests tamper with files through raw SQL.
            dependencies: ["LTSFlowSQLite", "LTSFlowCore", "LTSFlowEngine", "LTSFlowTestSupport",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "LTSFlowPostgresTests", dependencies: ["LTSFlowPostgres", "LTSFlowCore", "LTSFlowEngine", "LTSFlowTestSupport"]),
        .testTarget(name: "LTSFlowCLITests", dependencies: ["ltsflow"], exclude: ["Golden"]),
        // Router tests through HummingbirdTesting; empty without the trait WebBoard.
        .testTarget(
            name: "LTSFlowServerTests",
            dependencies: [
                "LTSFlowCore",
                "LTSFlowEngine",
                "LTSFlowReports",
                // A real SQLite store with a demo portfolio behind the router.
                "LTSFlowSQLite",
                .target(name: "LTSFlowServer", condition: .when(traits: ["WebBoard"])),
                .product(name: "HummingbirdTesting", package: "hummingbird", condition: .when(traits: ["WebBoard"])),
                .product(name: "HTTPTypes", package: "swift-http-types", condition: .when(traits: ["WebBoard"])),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
