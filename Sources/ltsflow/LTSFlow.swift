import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore
#if canImport(Glibc)
import Glibc
#endif

/// The `ltsflow` command: parse, call the library, print.
@main
struct LTSFlow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ltsflow",
        abstract: "Track customers' Nuxeo LTS upgrades through the Nuxeo Cloud upgrade path.",
        discussion: """
        A first look, with a throw-away database:
          ltsflow demo --db /tmp/demo.sqlite
          ltsflow status --db /tmp/demo.sqlite
          ltsflow blocked --owner cloud-team --db /tmp/demo.sqlite

        Environment: LTSFLOW_DB (database file), LTSFLOW_NOW (ISO 8601 "now"), LTSFLOW_ACTOR (who acts),
        LTSFLOW_WORKFLOWS (definition directory), NO_COLOR. Exit codes: 0 success, 1 refused or failed, 64 usage.
        """,
        version: "0.1.0",
        subcommands: [
            CustomerCommand.self, UpgradeCommand.self, Upgrades.self, Status.self, History.self, Why.self,
            StartStage.self, CompleteStage.self, AdvanceStage.self, ReopenStage.self, SkipStage.self,
            BlockStage.self, UnblockStage.self, SetFacts.self, ForceStage.self, CheckItem.self, UncheckItem.self, Blocked.self, Agenda.self, Notice.self,
            Report.self, Windows.self, Hotfixes.self, CalendarExport.self, Plan.self, WorkflowCommand.self, Demo.self, Doctor.self, DatabaseCommand.self, Serve.self, Batch.self,
        ]
    )

    /// Parses, runs the command (awaiting it when it is async: every command that reaches the
    /// store) and routes every error to ``ErrorReport/report(_:)``; see ``runToExit()``.
    static func main() async {
        await runToExit()
    }

    /// ``main()``'s work, ending the process where the command ends: `main` runs on the main
    /// actor, and resuming it after the command would wait for a thread the runtime starts to
    /// serve the main queue (the main thread is parked), at the end of every command.
    nonisolated static func runToExit() async -> Never {
        EarlyConnection.start(arguments: Array(CommandLine.arguments.dropFirst()))
        Terminal.prepare()
        keepFreedMemory()
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            Foundation.exit(ErrorReport.report(error))
        }
        Foundation.exit(0)
    }

    /// A command is a short process: let glibc keep freed memory instead of returning the top of
    /// the heap to the system after every large free. SQLite allocates and frees a block of
    /// about 170 kB for each statement of a bulk write, and the default trimming turned each
    /// of those into two `brk` calls and fresh page faults: 40% of the demo's time.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // `mallopt` is not in the Glibc module; its options are fixed by the glibc ABI.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }
}
