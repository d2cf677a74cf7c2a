import Foundation
import Testing

/// Each error path: one sentence on stderr naming the bad value and what is valid, the exit
/// code of docs/cli.md, and nothing written.
@Suite struct ErrorPathTests {
    /// A database with one customer at intake.
    static func started(_ backend: CLIBackend) throws -> CLI {
        let cli = try CLI(backend)
        try cli.ok(["customer", "add", "acme", "--name", "ACME", "--region", "us"])
        try cli.ok(["customer", "add", "globex", "--name", "Globex", "--region", "jp"])
        try cli.ok(["upgrade", "start", "acme", "--from", "2023", "--to", "2025"])
        return cli
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var fragments: [String]
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["status", "acm"], status: 1, fragments: ["no customer 'acm'", "did you mean acme"]),
        Case(arguments: ["advance", "globx"], status: 1, fragments: ["no customer 'globx'", "globex"]),
        Case(arguments: ["start", "acme", "intak"], status: 64, fragments: ["unknown stage 'intak'", "did you mean intake", "stages: intake, sandbox-request"]),
        Case(arguments: ["set", "acme", "cutover.date=2027-01-01"], status: 64, fragments: ["unknown fact 'cutover.date'", "cutover.at"]),
        Case(arguments: ["set", "acme", "cutover.at=2027-02-30T00:30"], status: 64, fragments: ["'2027-02-30T00:30' is not a valid value for cutover.at", "YYYY-MM-DDTHH:MM"]),
        Case(arguments: ["set", "acme", "sandbox.start=tomorrow"], status: 64, fragments: ["sandbox.start", "YYYY-MM-DD"]),
        Case(arguments: ["set", "acme", "cutover.at"], status: 64, fragments: ["is not KEY=VALUE"]),
        Case(arguments: ["customer", "add", "x", "--name", "X", "--region", "mars"], status: 64, fragments: ["'mars' is not a region", "eu, us, jp"]),
        Case(arguments: ["customer", "add", "Bad Id", "--name", "X", "--region", "eu"], status: 64, fragments: ["'Bad Id' is not a valid customer id"]),
        Case(arguments: ["customer", "add", "y", "--name", "Y", "--region", "eu", "--timezone", "CET"], status: 64, fragments: ["'CET' is not an IANA time zone"]),
        Case(arguments: ["customer", "add", "y", "--name", "Y", "--region", "eu", "--window", "24:30-02:00"], status: 64, fragments: ["24:30-02:00", "HH:MM-HH:MM"]),
        Case(arguments: ["customer", "add", "acme", "--name", "Again", "--region", "eu"], status: 1, fragments: ["customer 'acme' already exists"]),
        Case(arguments: ["complete", "acme", "closeout"], status: 1, fragments: ["cannot complete closeout", "closeout is pending: it waits on production-cutover"]),
        Case(arguments: ["skip", "acme", "intake", "--reason", "no"], status: 1, fragments: ["intake is required", "optional stages: sandbox-request, preprod-restore"]),
        Case(arguments: ["skip", "acme", "preprod-restore"], status: 64, fragments: ["--reason"]),
        Case(arguments: ["force", "acme", "intake", "--reason", "  "], status: 64, fragments: ["force needs a reason"]),
        Case(arguments: ["block", "acme", "intake", "--reason", "x", "--owner", "boss"], status: 64, fragments: ["boss"]),
        Case(arguments: ["upgrade", "start", "globex", "--from", "2023", "--to", "2021"], status: 1, fragments: ["2021"]),
        Case(arguments: ["upgrade", "start", "globex", "--from", "2023", "--to", "2031"], status: 64, fragments: ["2031"]),
        Case(arguments: ["upgrade", "start", "acme", "--from", "2023", "--to", "2025"], status: 1, fragments: ["already has an upgrade under way"]),
        Case(arguments: ["history", "globex"], status: 1, fragments: ["no upgrade under way", "ltsflow upgrade start globex"]),
        Case(arguments: ["frobnicate"], status: 64, fragments: ["frobnicate"]),
    ]

    @Test(arguments: CLIBackend.all, cases)
    func errorPath(_ backend: CLIBackend, _ testCase: Case) throws {
        let cli = try Self.started(backend)
        let historyBefore = try cli.ok(["history", "acme", "--json"])
        // An unknown command is refused before any option is read.
        let result = try cli.run(testCase.arguments, useDB: testCase.arguments != ["frobnicate"])
        #expect(result.status == testCase.status, "stderr: \(result.err)")
        #expect(result.out.isEmpty, "errors go to stderr, not stdout: \(result.out)")
        for fragment in testCase.fragments {
            #expect(result.err.contains(fragment), "stderr lacks '\(fragment)': \(result.err)")
        }
        #expect(try cli.ok(["history", "acme", "--json"]) == historyBefore, "nothing was written")
    }

    @Test(arguments: CLIBackend.all) func aRefusedTransitionListsEveryBlockerOnePerLine(_ backend: CLIBackend) throws {
        let cli = try Self.started(backend)
        try cli.ok(["complete", "acme", "intake"])
        try cli.ok(["skip", "acme", "preprod-restore", "--reason", "none"])
        try cli.ok(["force", "acme", "preprod-upgrade", "--reason", "done during the incident"])
        try cli.ok(["complete", "acme", "preprod-validation"])
        let refused = try cli.run(["complete", "acme", "production-scheduling"])
        #expect(refused.status == 1)
        let lines = refused.err.split(separator: "\n").map(String.init)
        #expect(lines.first == "error: cannot complete production-scheduling:")
        #expect(lines.dropFirst().map { String($0.prefix(4)) } == ["  - ", "  - ", "  - ", "  - "])
        for key in ["cutover.at", "cutover.notice-sent", "cutover.ticket-filed", "cutover.ticket"] {
            #expect(lines.contains { $0.hasPrefix("  - \(key) is not set") })
        }
        let history = try cli.ok(["history", "acme"])
        #expect(history.contains("force: ready → done") && history.contains("done during the incident"))
    }
}
