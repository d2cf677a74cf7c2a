// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ltsflow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LTSFlowEngine", targets: ["LTSFlowEngine"]),
        .library(name: "LTSFlowCore", targets: ["LTSFlowCore"]),
        .library(name: "LTSFlowSQLite", targets: ["LTSFlowSQLite"]),
        .library(name: "LTSFlowReports", targets: ["LTSFlowReports"]),
        .executable(name: "ltsflow", targets: ["ltsflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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

        // MARK: Reports — pure renderers: Markdown, JSON, diagrams, iCalendar. Never GRDB.
        .target(
            name: "LTSFlowReports",
            dependencies: ["LTSFlowEngine", "LTSFlowCore"]
        ),

        // MARK: Command line — thin: parse, call the libraries, print.
        .executableTarget(
            name: "ltsflow",
            dependencies: [
                "LTSFlowEngine",
                "LTSFlowCore",
                "LTSFlowSQLite",
                "LTSFlowReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds link the Swift runtime and Foundation into the binary: the process
            // then starts in about half the time (no twenty shared libraries to load and relocate),
            // which is most of what a short command costs. See docs/benchmarks.md.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))]
        ),

        // MARK: Tests
        .testTarget(name: "LTSFlowEngineTests", dependencies: ["LTSFlowEngine"], exclude: ["Fixtures"]),
        // Helpers shared by the test targets: fixtures, temporary directories, the backends the
        // store contract suite runs against.
        .target(
            name: "LTSFlowTestSupport",
            dependencies: ["LTSFlowCore", "LTSFlowEngine", "LTSFlowSQLite"],
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
        .testTarget(name: "LTSFlowCLITests", dependencies: ["ltsflow"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
