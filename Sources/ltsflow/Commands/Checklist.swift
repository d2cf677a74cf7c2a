import ArgumentParser
import Foundation
import LTSFlowCore

/// `check CUSTOMER ITEM` and `uncheck CUSTOMER ITEM`: tick or untick a line of the plan's checklist.
struct CheckItem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Tick a checklist item of the customer's upgrade (recorded in its history).",
        discussion: """
        The ids are listed by ltsflow status CUSTOMER and ltsflow plan.
        Example:
          ltsflow check acme 2021-2023/java-17
        """
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The checklist item's id, e.g. 2021-2023/java-17.") var item: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let entry = try await global.tracker().tick(customer: customer, item: item, ticked: true)
        Terminal.print("Ticked \(entry.item.id): \(entry.item.text)")
    }
}

struct UncheckItem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uncheck",
        abstract: "Untick a checklist item of the customer's upgrade (recorded in its history).",
        discussion: "Example:\n  ltsflow uncheck acme 2021-2023/java-17"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The checklist item's id, e.g. 2021-2023/java-17.") var item: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let entry = try await global.tracker().tick(customer: customer, item: item, ticked: false)
        Terminal.print("Unticked \(entry.item.id): \(entry.item.text)")
    }
}
