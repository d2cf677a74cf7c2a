import ArgumentParser
import Foundation

/// `ltsflow batch`: many commands from one process, over one opened store.
struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many commands from a file (or stdin), one per line, over one opened database.",
        discussion: """
        Each line is an ltsflow command without the leading "ltsflow", quoted as in a shell ('…', "…", backslash escapes); blank lines and # comments are skipped. The whole file is checked first: the first line that does not parse, or names a command a batch does not run, is reported as "line N: error: …" (exit 64) and nothing runs. Then the lines run in order, each printing what the command alone prints.

        Each line is its own change, recorded (or refused) on its own exactly as by the command alone. When a line fails, the batch prints "line N: error: …", stops and exits 1; the changes of the lines before it stay recorded. --keep-going runs the remaining lines and ends with "N of M lines failed".

        The batch's --db, --as and --workflows (and LTSFLOW_NOW) apply to every line; a line may repeat them but not change them.

        Commands a batch runs: customer add, customer edit, customer show, upgrade start, upgrade cancel, upgrades, start, complete, advance, reopen, skip, block, unblock, force, set, check, uncheck, status, history, why.

        Example:
          $ cat cutovers.txt
          # after the planning meeting
          set acme cutover.at=2027-03-12T00:30 cutover.ticket=SUPNXP-1234
          block globex search-coordination --reason "no cluster yet"
          reopen initech sandbox-validation --reason 'regression found'
          $ ltsflow batch cutovers.txt
          $ grep acme changes.txt | ltsflow batch --keep-going
        """
    )

    @Argument(help: ArgumentHelp("The file of commands; stdin when absent or -.", valueName: "file"))
    var file: String?
    @Flag(help: "Run every line even after one fails; exit 1 at the end if any failed.")
    var keepGoing = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let text = try BatchInput.read(file)
        let lines = try BatchPlan(text: text, global: global).lines
        let session = try await BatchSession.open(global, readOnly: !lines.contains { type(of: $0.command).writes })
        var failed = 0
        for (index, line) in lines.enumerated() {
            let code = await Terminal.$errorPrefix.withValue("line \(line.number): ") {
                await BatchSession.$current.withValue(session) { await Self.run(line.command) }
            }
            guard code != 0 else { continue }
            failed += 1
            if !keepGoing {
                let rest = lines.count - index - 1
                if rest > 0 {
                    Terminal.error("stopped at line \(line.number): the changes of the lines before it are recorded; "
                        + "\(rest) line\(rest == 1 ? " was" : "s were") not run (--keep-going runs them)")
                }
                throw ExitCode.failure
            }
        }
        if failed > 0 {
            Terminal.error("\(failed) of \(lines.count) lines failed")
            throw ExitCode.failure
        }
    }

    /// Runs one line's command as `ltsflow` runs it; its exit code (the error already printed).
    static func run(_ command: any BatchableCommand) async -> Int32 {
        var command = command
        do {
            try await command.run()
            return 0
        } catch {
            return ErrorReport.report(error)
        }
    }
}

/// Reading a batch's commands from a file or stdin.
enum BatchInput {
    static let maximumBytes = 50_000_000

    static func read(_ file: String?) throws -> String {
        let data: Data
        if let file, file != "-" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CLIError.usage("file not found: \(file); give a file of commands, one per line, or - for stdin")
            }
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw CLIError.usage("cannot read \(file): check its permissions")
            }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        guard data.count <= maximumBytes else {
            throw CLIError.usage("\(file ?? "stdin") is \(data.count) bytes; a batch is limited to \(maximumBytes / 1_000_000) MB: split it")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.usage("\(file ?? "stdin") is not UTF-8 text")
        }
        return text
    }
}
