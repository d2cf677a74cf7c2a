import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the Markdown (or JSON) report of one customer's upgrade, or of the portfolio.",
        discussion: """
        GitHub Flavored Markdown with Mermaid diagrams, ready to paste into a ticket or a wiki.
        Examples:
          ltsflow report acme --output acme.md
          ltsflow report --format json > portfolio.json
          ltsflow report acme --upgrade 3 --output acme-2021-2023.md
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json
    }

    @Argument(help: "A customer id; without it, the portfolio.") var customer: String?
    @Option(help: ArgumentHelp("One of the customer's upgrades (default: the one under way, else the latest).", valueName: "id"))
    var upgrade: Int64?
    @Option(help: "markdown or json.") var format: Format = .markdown
    @Option(help: "Write to this file instead of stdout.") var output: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if upgrade != nil && customer == nil { throw ValidationError("--upgrade needs a customer: ltsflow report CUSTOMER --upgrade ID") }
    }

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        let text: String
        if let customer {
            let report = try await CustomerReport.read(tracker, customer: customer, upgrade: upgrade)
            text = format == .markdown ? report.markdown() : try JSON.render(report.json()) + "\n"
        } else if format == .markdown {
            // Streamed: a page of customers at a time, keeping only what the report shows.
            var builder = PortfolioReport.MarkdownBuilder(PortfolioReport(rows: [], now: tracker.now))
            try await tracker.forEachPortfolioRow { builder.add($0, $1) }
            text = builder.markdown()
        } else {
            let report = PortfolioReport(rows: try await tracker.portfolio(), now: tracker.now)
            text = try JSON.render(report.json()) + "\n"
        }
        if let output {
            try Files.writeText(text, to: output)
            Terminal.error("wrote \(output)")
        } else {
            Terminal.write(text)
        }
    }
}
