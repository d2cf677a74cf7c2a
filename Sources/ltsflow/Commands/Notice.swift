import ArgumentParser
import Foundation
import LTSFlowCore
import LTSFlowReports

struct Notice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Draft the cutover notice to the customer's contacts (Markdown, or an e-mail with the event attached).",
        discussion: """
        The date and time in the customer's zone and in UTC, the expected duration, the target
        LTS, the deployment ticket and what the customer should do. Needs cutover.at recorded.
        eml is an RFC 5322 message to the contacts with the event as text/calendar (METHOD:PUBLISH),
        marked as a draft (X-Unsent) for a mail client to open, check and send.
        Examples:
          ltsflow notice acme
          ltsflow notice acme --format eml --output acme-cutover.eml
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, eml
    }

    @Argument(help: "The customer id.") var customer: String
    @Option(help: "markdown or eml.") var format: Format = .markdown
    @Option(help: "Write to this file instead of stdout.") var output: String?
    @Option(help: ArgumentHelp("The sender's address for eml (default: a placeholder to replace).", valueName: "address"))
    var sender: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        let notice = CutoverNoticeText(try await tracker.notice(customer: customer))
        let text = format == .markdown ? notice.markdown() : notice.message(now: tracker.now, from: sender)
        if let output {
            try Files.writeText(text, to: output)
            Terminal.error("wrote \(output)")
        } else {
            Terminal.write(text)
        }
    }
}
