import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every event of a customer's upgrade, in order.",
        discussion: "Example:\n  ltsflow history acme\n  ltsflow history acme --json\n  ltsflow history acme --upgrade 3   (a past upgrade; ids from ltsflow upgrades acme)"
    )
    @Argument(help: "The customer id.") var customer: String
    @Option(help: ArgumentHelp("One of the customer's upgrades (default: the one under way, else the latest).", valueName: "id"))
    var upgrade: Int64?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (upgrade, events) = try await global.tracker(readOnly: true).history(customer: customer, upgrade: upgrade)
        if json { return try JSONOutput.print(JSON.array(events.map { JSON.event($0) })) }
        Terminal.print(Terminal.styled("\(customer) — upgrade \(upgrade.id), LTS \(upgrade.from) → \(upgrade.to), \(upgrade.status.rawValue) — \(events.count) events", .bold))
        var table = Table("#", "AT (UTC)", "ACTOR", "STAGE", "CHANGE", "NOTE")
        for stored in events {
            let event = stored.event
            var change = event.verb.rawValue
            if let from = event.from, let to = event.to { change = "\(event.verb.rawValue): \(from.rawValue) → \(to.rawValue)" }
            let note = CustomerReport.historyNote(event)
            table.add([String(stored.sequence), ISO8601.short(event.at), event.actor, event.stage ?? "-", change, note],
                      style: event.verb.isAutomatic ? .dim : nil)
        }
        Terminal.print(table.render())
    }
}

struct Why: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Say why a stage (or every open stage) cannot move, and who it waits on.",
        discussion: "Example:\n  ltsflow why acme\n  ltsflow why acme production-scheduling"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "A stage; without it, every open stage.") var stage: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let view = try await global.tracker(readOnly: true).view(customer: customer)
        var stages = view.openStages
        if let stage {
            guard let found = view.stages.first(where: { $0.definition.id == stage }) else {
                throw EngineError.unknownStage(stage, valid: view.definition.stages.map(\.id))
            }
            stages = [found]
        }
        if json {
            return try JSONOutput.print(JSON.why(stages))
        }
        if stages.isEmpty { Terminal.print("No stage is open: \(view.upgrade.status == .finished ? "the upgrade is finished" : "nothing can move")."); return }
        for stage in stages {
            Terminal.print(Terminal.styled("\(stage.definition.id) (\(stage.state.status.rawValue), owner \(stage.definition.owner.rawValue))", .bold))
            if stage.blockers.isEmpty && stage.waitingOn.isEmpty {
                let line: String = switch stage.state.status {
                case .ready: "  nothing blocks it: ltsflow advance \(customer) \(stage.definition.id)"
                case .active: "  nothing blocks it: ltsflow complete \(customer) \(stage.definition.id)"
                case .pending, .blocked, .done, .skipped: "  \(stage.state.status.rawValue)\(stage.state.note.map { ": \(Terminal.clean($0))" } ?? "")"
                }
                Terminal.print(line)
            }
            if !stage.waitingOn.isEmpty { Terminal.print("  waits on \(stage.waitingOn.joined(separator: ", "))") }
            for warning in stage.warnings { Terminal.print("  ! \(Terminal.clean(warning)) [warning]") }
            for blocker in stage.blockers {
                let ticket = blocker.ticket.map { ", \($0)" } ?? ""
                Terminal.print("  - \(Terminal.clean(blocker.message)) [\(blocker.kind.rawValue), on \(blocker.owner.rawValue)\(ticket)]")
            }
        }
    }
}
