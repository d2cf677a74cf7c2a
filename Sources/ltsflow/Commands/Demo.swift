import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with a deterministic demo portfolio and show its status.",
        discussion: """
        About 25 customers in the three regions, at every stage, some blocked on each owner, a sandbox
        about to expire, skipped branches. Customers already present are kept, so running it twice is harmless.
        Examples:
          ltsflow demo
          ltsflow demo --db /tmp/big.sqlite --customers 10000 --seed 7
        """
    )
    @Option(help: "How many customers.") var customers = 25
    @Option(help: "The seed of the portfolio.") var seed: UInt64 = 1
    @Flag(help: "Fill only; do not print the portfolio.") var quiet = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...1_000_000).contains(customers) else {
            throw ValidationError("--customers must be between 1 and 1000000, not \(customers)")
        }
    }

    func run() async throws {
        let tracker = try await global.tracker()
        let summary = try await tracker.fillDemo(customers: customers, seed: seed)
        if quiet { return }
        StatusText.printPortfolio(try await tracker.portfolio(), now: tracker.now)
        Terminal.print("")
        Terminal.print("Demo: \(summary.added) customers added, \(summary.kept) already there, in \(try global.location().name).")
        Terminal.print("Try: ltsflow status acme · ltsflow blocked · ltsflow why globex · ltsflow history acme")
    }
}
