import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore
import LTSFlowReports

struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Open or cancel a customer's upgrade from one LTS to another.",
        subcommands: [Start.self, Cancel.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start an upgrade: checks the versions, pins the workflow and takes the first automatic steps.",
            discussion: """
            Example:
              ltsflow upgrade start acme --from 2021 --to 2023 \\
                --search-cluster "elasticsearch 7.17"
              # --from defaults to the LTS recorded by customer add|edit --lts:
              ltsflow upgrade start acme --to 2025
            """
        )
        @Argument(help: "The customer id.") var customer: String
        @Option(help: ArgumentHelp("The current LTS (2019, 2021, LTS 2023, 10.10 …); default: the customer's recorded LTS, which it must match.", valueName: "LTS"))
        var from: String?
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

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel the customer's upgrade under way: it ends as cancelled, its history kept.",
            discussion: """
            Example:
              ltsflow upgrade cancel acme --reason "wrong target: 2025 instead"
            """
        )
        @Argument(help: "The customer id.") var customer: String
        @Option(help: "Why it is cancelled (recorded in its history).") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let upgrade = try await global.tracker().cancelUpgrade(customer: customer, reason: reason)
            Terminal.print("Cancelled \(customer): upgrade \(upgrade.id), LTS \(upgrade.from) → \(upgrade.to); its history is kept (ltsflow history \(customer) --upgrade \(upgrade.id)).")
        }
    }
}

struct Upgrades: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrades",
        abstract: "List every upgrade of a customer, oldest first: active, finished or cancelled.",
        discussion: """
        Give an id to --upgrade of history, status or report to see a past one.
        Example:
          ltsflow upgrades acme
          ltsflow upgrades acme --json
        """
    )
    @Argument(help: "The customer id.") var customer: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let upgrades = try await global.tracker(readOnly: true).upgrades(customer: customer)
        if json { return try JSONOutput.print(JSON.array(upgrades.map(JSON.upgradeRecord))) }
        var table = Table("ID", "FROM", "TO", "STATUS", "STARTED (UTC)", "ENDED (UTC)")
        for upgrade in upgrades {
            table.add([String(upgrade.id), upgrade.from, upgrade.to, upgrade.status.rawValue, ISO8601.short(upgrade.startedAt),
                       ISO8601.short(upgrade.finishedAt)], style: upgrade.status == .active ? nil : .dim)
        }
        Terminal.print(table.render())
        Terminal.print("\(upgrades.count) upgrade\(upgrades.count == 1 ? "" : "s")")
    }
}
