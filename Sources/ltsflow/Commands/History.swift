import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every event of a customer's upgrade, in order.",
        discussion: "Example:\n  ltsflow history acme\n  ltsflow history acme --json\n  ltsflow history acme --upgrade 3   (a past upgrade: ltsflow upgrades acme)"
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

extension Why {
    /// The command that clears a blocker: unblock a manual block; set the fact a failing guard
    /// names (or, when it names none, the first fact its stage's guards read). Nothing for a
    /// stage waiting for its time or overdue.
    static func clearing(_ blocker: Blocker, customer: String, definition: WorkflowDefinition) -> String? {
        switch blocker.kind {
        case .manual: return "ltsflow unblock \(customer) \(blocker.stage)"
        case .waiting, .overdue: return nil
        case .guard:
            let named = definition.facts.compactMap { fact in
                blocker.message.range(of: fact.key).map { (fact, $0.lowerBound) }
            }.min { $0.1 < $1.1 }?.0
            let stage = definition.stage(blocker.stage)
            guard let fact = named ?? stage?.guards.first.flatMap({ definition.fact($0.fact) }) else {
                return "ltsflow force \(customer) \(blocker.stage) --reason \"…\""
            }
            let example: String = switch fact.type {
            case .date: "YYYY-MM-DD"
            case .datetime: "YYYY-MM-DDTHH:MM"
            case .ticket: "SUPNXP-1234"
            case .searchCluster: "\"opensearch 1.3\""
            case .text: "\"…\""
            }
            return "ltsflow set \(customer) \(fact.key)=\(example)"
        }
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
                if let command = Self.clearing(blocker, customer: customer, definition: view.definition) {
                    Terminal.print("    to clear it: \(command)")
                }
            }
        }
    }
}
