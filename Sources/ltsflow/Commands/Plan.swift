import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the hop chain between two LTS versions, whether search coordination is needed, and each hop's checklist.",
        discussion: """
        Example:
          ltsflow plan --from 2019 --to 2023 --search-cluster "elasticsearch 6.8"
          ltsflow plan --from 2023 --to 2025 --json
        """
    )
    @Option(help: ArgumentHelp("The current LTS.", valueName: "LTS")) var from: String
    @Option(help: ArgumentHelp("The target LTS.", valueName: "LTS")) var to: String
    @Option(help: ArgumentHelp("The current search cluster (default: the newest the current LTS supports).", valueName: "\"product version\""))
    var searchCluster: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (_, catalog) = try global.definitions()
        let plan = try catalog.plan(from: from, to: to, searchCluster: searchCluster, now: try global.now())
        if json { return try JSONOutput.print(plan) }
        Terminal.print(Terminal.styled("\(plan.from.title) → \(plan.to.title): \(plan.hops.count) hop\(plan.hops.count == 1 ? "" : "s")", .bold))
        let need = plan.searchCoordination.required ? "required" : "not needed"
        Terminal.print("Search coordination \(need): \(plan.searchCoordination.reason)")
        for warning in plan.warnings { Terminal.print("Warning: \(warning)") }
        for hop in plan.hops {
            Terminal.print("")
            Terminal.print(Terminal.styled("\(hop.from.title) → \(hop.to.title)", .bold))
            for item in hop.items { Terminal.print("  [ ] \(item.id)  \(item.text)") }
        }
    }
}
