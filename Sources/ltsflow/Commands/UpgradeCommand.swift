import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore

struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Open a customer's upgrade from one LTS to another.",
        subcommands: [Start.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start an upgrade: checks the versions, pins the workflow and takes the first automatic steps.",
            discussion: """
            Example:
              ltsflow upgrade start acme --from 2021 --to 2023 \\
                --search-cluster "elasticsearch 7.17"
            """
        )
        @Argument(help: "The customer id.") var customer: String
        @Option(help: ArgumentHelp("The current LTS (2019, 2021, LTS 2023, 10.10 …).", valueName: "LTS")) var from: String
        @Option(help: ArgumentHelp("The target LTS.", valueName: "LTS")) var to: String
        @Option(help: ArgumentHelp("The current search cluster (default: the newest the current LTS supports).", valueName: "\"product version\""))
        var searchCluster: String?
        @Option(help: ArgumentHelp("The workflow to follow (default: nuxeo-lts-upgrade).", valueName: "id")) var workflow: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tracker = try await global.tracker()
            let started = try await tracker.startUpgrade(customer: customer, from: from, to: to, searchCluster: searchCluster, workflow: workflow)
            let plan = started.plan
            Terminal.print("Started \(customer): \(plan.from.title) → \(plan.to.title) (\(plan.hops.count) hop\(plan.hops.count == 1 ? "" : "s")), workflow \(started.upgrade.workflowID).")
            Terminal.print("Search cluster \(plan.currentSearchCluster)\(plan.searchClusterAssumed ? " (assumed)" : ""): \(plan.searchCoordination.reason)")
            for warning in plan.warnings {
                Terminal.error("warning: \(warning)")
            }
            for event in started.events where event.verb == .autoSkip {
                Terminal.print("Skipped \(event.stage ?? ""): \(Terminal.clean(event.note ?? ""))")
            }
            let ready = started.events.filter { $0.verb == .ready }.compactMap(\.stage)
            if !ready.isEmpty { Terminal.print("Ready: \(ready.joined(separator: ", ")).") }
        }
    }
}
