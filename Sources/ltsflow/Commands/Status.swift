import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the portfolio (one line per customer) or every stage of one customer's upgrade.",
        discussion: """
        Examples:
          ltsflow status
          ltsflow status acme
          ltsflow status acme --json
          ltsflow status acme --upgrade 3   (a past upgrade: ltsflow upgrades acme)
          ltsflow status --mine
        """
    )
    @Argument(help: "A customer id; without it, the whole portfolio.") var customer: String?
    @Option(help: ArgumentHelp("One of the customer's upgrades (default: the one under way, else the latest).", valueName: "id"))
    var upgrade: Int64?
    @OptionGroup var people: PeopleFilter
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if upgrade != nil && customer == nil { throw ValidationError("--upgrade needs a customer: ltsflow status CUSTOMER --upgrade ID") }
        if customer != nil && (people.csm != nil || people.mine) {
            throw ValidationError("--csm and --mine filter the portfolio: leave out the customer, or leave them out")
        }
    }

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        if let customer {
            let view = try await tracker.view(customer: customer, upgrade: upgrade)
            if json { return try JSONOutput.print(JSON.upgrade(view)) }
            StatusText.printUpgrade(view, now: tracker.now)
        } else {
            let rows = try await tracker.portfolio(csm: people.name(tracker))
            if json { return try JSONOutput.print(JSON.array(rows.map { JSON.portfolioRow($0.customer, $0.view) })) }
            StatusText.printPortfolio(rows, now: tracker.now)
        }
    }
}

/// Human output of `status`.
enum StatusText {
    static func style(_ status: StageStatus) -> Terminal.Style? {
        switch status {
        case .pending: .dim
        case .ready: .cyan
        case .active: .yellow
        case .blocked: .red
        case .done: .green
        case .skipped: .dim
        }
    }

    static func printUpgrade(_ view: UpgradeView, now: Date) {
        let upgrade = view.upgrade
        let finished = upgrade.status.isOver ? ", \(upgrade.status.rawValue) \(ISO8601.short(upgrade.finishedAt)) UTC" : ""
        Terminal.print(Terminal.styled("\(Terminal.clean(view.customer.name)) (\(view.customer.id)) — LTS \(upgrade.from) → \(upgrade.to) — \(upgrade.workflowID)\(finished)", .bold))
        let customer = view.customer
        Terminal.print("Upgrade \(upgrade.id) · runs \(customer.lts.map { "LTS \($0)" } ?? "an unrecorded LTS") · CSM \(customer.csm.map { Terminal.clean($0) } ?? "none")")
        var table = Table("STAGE", "STATUS", "OWNER", "STARTED (UTC)", "FINISHED (UTC)", "IN STAGE", "NOTE")
        for stage in view.stages {
            let state = stage.state
            var status = state.status.rawValue
            if state.forced { status += " (forced)" }
            if state.status == .skipped && state.automatic { status += " (auto)" }
            let inStage = state.status.isOpen ? ISO8601.age(since: state.startedAt ?? state.since, now: now) : "-"
            table.add([stage.definition.id, status, (state.blockOwner ?? stage.definition.owner).rawValue,
                       ISO8601.short(state.startedAt), ISO8601.short(state.finishedAt), inStage, note(stage)],
                      style: style(state.status))
        }
        Terminal.print(table.render())
        printChecklist(view.checklist)
    }

    /// The plan's checklist with its ticks and ids (for `check` and `uncheck`).
    static func printChecklist(_ checklist: [ChecklistEntry]) {
        guard !checklist.isEmpty else { return }
        let ticked = checklist.filter(\.ticked).count
        Terminal.print("Checklist (\(ticked)/\(checklist.count) ticked; ltsflow check CUSTOMER ID):")
        for entry in checklist {
            let by = entry.tickedBy.map { " — \(Terminal.clean($0)), \(ISO8601.short(entry.tickedAt))" } ?? ""
            Terminal.print("  [\(entry.ticked ? "x" : " ")] \(entry.item.id)  \(entry.item.text)\(by)")
        }
    }

    /// The most useful line about a stage: its blockers, what it waits on, or its reason.
    static func note(_ stage: StageView) -> String {
        if !stage.blockers.isEmpty {
            return stage.blockers.map { blocker in
                var text = blocker.message
                if let ticket = blocker.ticket { text += " [\(ticket)]" }
                return text
            }.joined(separator: "; ")
        }
        if !stage.waitingOn.isEmpty { return "waits on \(stage.waitingOn.joined(separator: ", "))" }
        if !stage.warnings.isEmpty { return "warning: " + stage.warnings.joined(separator: "; ") }
        return stage.state.note ?? ""
    }

    static func printPortfolio(_ rows: [(customer: Customer, view: UpgradeView?)], now: Date) {
        var table = Table("CUSTOMER", "NAME", "REGION", "CSM", "UPGRADE", "STAGE", "STATUS", "OWNER", "SINCE")
        for (customer, view) in rows {
            guard let view else {
                table.add([customer.id, customer.name, customer.region, customer.csm ?? "-", customer.lts.map { "on \($0)" } ?? "-", "-",
                           "no upgrade", "-", "-"], style: .dim)
                continue
            }
            let summary = view.summary
            table.add([customer.id, customer.name, customer.region, customer.csm ?? "-", "\(view.upgrade.from) → \(view.upgrade.to)",
                       summary.stages.isEmpty ? "-" : summary.stages.joined(separator: ", "), summary.state.rawValue,
                       summary.owner?.rawValue ?? "-", ISO8601.age(since: summary.since, now: now)],
                      style: summary.state == .blocked ? .red : summary.state == .finished ? .green : nil)
        }
        Terminal.print(table.render())
        let counts = Dictionary(grouping: rows.compactMap { $0.view?.summary.state }, by: { $0 }).mapValues(\.count)
        let words = UpgradeSummary.State.allCases.compactMap { key in counts[key].map { "\($0) \(key.rawValue)" } }
        Terminal.print("\(rows.count) customers" + (words.isEmpty ? "" : ": " + words.joined(separator: ", ")))
    }
}
