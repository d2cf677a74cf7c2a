import ArgumentParser
import Foundation

/// A command a batch may run: one that changes or reads one customer (or shows the portfolio).
protocol BatchableCommand: AsyncParsableCommand {
    /// Whether the command records changes (a batch of reads opens its store read-only).
    static var writes: Bool { get }
    var global: GlobalOptions { get }
}

extension CustomerCommand.Add: BatchableCommand { static var writes: Bool { true } }
extension CustomerCommand.Edit: BatchableCommand { static var writes: Bool { true } }
extension CustomerCommand.Show: BatchableCommand { static var writes: Bool { false } }
extension UpgradeCommand.Start: BatchableCommand { static var writes: Bool { true } }
extension UpgradeCommand.Cancel: BatchableCommand { static var writes: Bool { true } }
extension Upgrades: BatchableCommand { static var writes: Bool { false } }
extension StartStage: BatchableCommand { static var writes: Bool { true } }
extension CompleteStage: BatchableCommand { static var writes: Bool { true } }
extension AdvanceStage: BatchableCommand { static var writes: Bool { true } }
extension ReopenStage: BatchableCommand { static var writes: Bool { true } }
extension SkipStage: BatchableCommand { static var writes: Bool { true } }
extension BlockStage: BatchableCommand { static var writes: Bool { true } }
extension UnblockStage: BatchableCommand { static var writes: Bool { true } }
extension ForceStage: BatchableCommand { static var writes: Bool { true } }
extension SetFacts: BatchableCommand { static var writes: Bool { true } }
extension CheckItem: BatchableCommand { static var writes: Bool { true } }
extension UncheckItem: BatchableCommand { static var writes: Bool { true } }
extension Status: BatchableCommand { static var writes: Bool { false } }
extension History: BatchableCommand { static var writes: Bool { false } }
extension Why: BatchableCommand { static var writes: Bool { false } }

/// The lines of a batch, each parsed by the root command's parser and checked before any runs.
struct BatchPlan {
    struct Line {
        /// The line's number in the file (1-based, blank lines and comments counted).
        var number: Int
        var command: any BatchableCommand
    }

    /// Commands refused by name, before their arguments are read.
    static let refused = ["serve", "demo", "db", "batch"]
    /// The commands with subcommands, named by two words.
    static let groups: Set = ["customer", "upgrade", "workflow", "db"]
    static let allowedList = "customer add, customer edit, customer show, upgrade start, upgrade cancel, upgrades, start, "
        + "complete, advance, reopen, skip, block, unblock, force, set, check, uncheck, status, history, why"

    private(set) var lines: [Line] = []

    /// Parses every line of `text`.
    ///
    /// - Throws: ``CLIError/reported(_:)`` (64) after printing `line N: error: …` for the first
    ///   bad line.
    init(text: String, global: GlobalOptions) throws {
        for (index, text) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            do {
                if let command = try Self.command(String(text), global: global) {
                    lines.append(Line(number: number, command: command))
                }
            } catch {
                let code = Terminal.$errorPrefix.withValue("line \(number): ") { ErrorReport.report(error) }
                throw CLIError.reported(code)
            }
        }
        if lines.isEmpty {
            throw CLIError.usage("the batch has no commands: give one ltsflow command per line, e.g. set acme cutover.ticket=SUPNXP-1234")
        }
    }

    /// The command of one line, or nil for a blank line or a comment.
    static func command(_ line: String, global: GlobalOptions) throws -> (any BatchableCommand)? {
        let words: [String]
        do {
            words = try CommandLineWords.split(line)
        } catch {
            throw CLIError.usage(error.description)
        }
        guard let first = words.first else { return nil }
        let name = groups.contains(first) && words.count > 1 && !words[1].hasPrefix("-") ? "\(first) \(words[1])" : first
        if refused.contains(first) {
            throw CLIError.usage("\(name) cannot run in a batch: run it on its own; a batch runs \(allowedList)")
        }
        let parsed: any ParsableCommand
        do {
            parsed = try LTSFlow.parseAsRoot(words)
        } catch {
            if LTSFlow.exitCode(for: error) == .success {
                throw CLIError.usage("\(name) asks for help or the version, not a command for a batch: run ltsflow \(name) on its own")
            }
            let known = LTSFlow.configuration.subcommands.contains { $0._commandName == first }
            throw CLIError.usage("\(name): \(LTSFlow.message(for: error)) (\(known ? "ltsflow \(name) --help" : "ltsflow --help lists the commands"))")
        }
        // A help request parses as ArgumentParser's own help command.
        if words.contains(where: { ["-h", "--help", "help", "--version"].contains($0) }), !(parsed is any BatchableCommand) {
            throw CLIError.usage("\(name) asks for help or the version, not a command for a batch: run ltsflow \(name) on its own")
        }
        guard let command = parsed as? any BatchableCommand else {
            throw CLIError.usage("\(name) cannot run in a batch: a batch runs \(allowedList)")
        }
        try check(command.global, against: global)
        return command
    }

    /// A line may repeat the batch's --db, --as and --workflows, not change them.
    static func check(_ line: GlobalOptions, against batch: GlobalOptions) throws {
        if let db = line.db, db != batch.databasePath {
            throw CLIError.usage("--db \(db) is not the batch's database (\(batch.databasePath)): a batch works on one database; "
                + "give --db to ltsflow batch, not to its lines")
        }
        if line.explicitActor != nil, line.actor != nil, line.explicitActor != batch.explicitActor {
            throw CLIError.usage("--as \(line.explicitActor ?? "") is not the batch's actor: every line acts as the batch's "
                + "--as (or LTSFLOW_ACTOR); give --as to ltsflow batch")
        }
        if let workflows = line.workflows, workflows != (batch.workflows ?? batch.environment["LTSFLOW_WORKFLOWS"]) {
            throw CLIError.usage("--workflows \(workflows) is not the batch's: every line uses the batch's definitions; "
                + "give --workflows to ltsflow batch")
        }
    }
}
