import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowCore

extension Owner: ExpressibleByArgument {}

/// Runs a command on a customer's upgrade and prints what changed.
enum Change {
    static func run(_ command: Command, customer: String, global: GlobalOptions) async throws {
        let tracker = try global.tracker()
        let result: ChangeResult
        do {
            result = try await tracker.perform(command, customer: customer)
        } catch StoreError.unknownCustomer(let id, let suggestions) {
            throw await swapped(command, customer: id, tracker: tracker) ?? StoreError.unknownCustomer(id, suggestions: suggestions)
        }
        for event in result.events {
            Terminal.print(describe(event))
        }
        for warning in result.warnings {
            Terminal.error("warning: \(Terminal.clean(warning))")
        }
    }

    /// `ltsflow advance intake acme`: the first argument is a stage and the second a customer.
    static func swapped(_ command: Command, customer: String, tracker: Tracker) async -> CLIError? {
        guard let stage = command.stage, tracker.library.workflows.values.contains(where: { $0.definition.stage(customer) != nil }),
              (try? await tracker.customer(stage)) != nil else { return nil }
        return .usage("'\(customer)' is a stage and '\(stage)' a customer: the customer comes first, "
            + "as in ltsflow \(command.name) \(stage) \(customer)")
    }

    /// "intake: ready → active", automatic steps marked, reasons shown.
    static func describe(_ event: Event) -> String {
        guard let stage = event.stage, let from = event.from, let to = event.to else {
            if event.verb == .set {
                return "set " + event.data.keys.sorted().map { key in
                    let value = event.data[key] ?? ""
                    return value.isEmpty ? "\(key) (removed)" : "\(key)=\(Terminal.clean(value))"
                }.joined(separator: ", ")
            }
            return event.verb.rawValue
        }
        var line = "\(stage): \(from.rawValue) → \(Terminal.styled(to.rawValue, StatusText.style(to) ?? .bold))"
        if event.verb.isAutomatic { line += " (automatic)" }
        if event.verb == .force { line += " (forced)" }
        if let note = event.note, !note.isEmpty { line += " — \(Terminal.clean(note))" }
        return line
    }
}

struct StartStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a ready stage (or the only ready one).",
        discussion: "Example:\n  ltsflow start acme sandbox-upgrade"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage; without it, the only ready stage.") var stage: String?
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.start(stage: stage), customer: customer, global: global) }
}

struct CompleteStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Complete an active (or ready) stage once its guards hold.",
        discussion: "Example:\n  ltsflow complete acme production-scheduling"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage; without it, the only active stage.") var stage: String?
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.complete(stage: stage), customer: customer, global: global) }
}

struct AdvanceStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move a stage one step forward: ready → active, active → done.",
        discussion: """
        Without a stage, moves the only stage that can move; if several can, says which and changes nothing.
        Example:
          ltsflow advance acme
          ltsflow advance acme preprod-restore
        """
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage; without it, the only one that can move.") var stage: String?
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.advance(stage: stage), customer: customer, global: global) }
}

struct ReopenStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Take a done or skipped stage back; the stages after it return to pending.",
        discussion: "Example:\n  ltsflow reopen acme sandbox-validation \\\n    --reason \"regression found in pre-production\""
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage; without it, the stage finished last.") var stage: String?
    @Option(help: "Why it is reopened (required).") var reason: String
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.reopen(stage: stage, reason: reason), customer: customer, global: global) }
}

struct SkipStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip an optional stage, with a reason.",
        discussion: "Example:\n  ltsflow skip acme preprod-restore --reason \"no production data needed\""
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The optional stage.") var stage: String
    @Option(help: "Why it is skipped (required).") var reason: String
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.skip(stage: stage, reason: reason), customer: customer, global: global) }
}

struct BlockStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Block a ready or active stage, with a reason, who it waits on and a ticket.",
        discussion: "Example:\n  ltsflow block acme search-coordination \\\n    --reason \"waiting for the OpenSearch cluster\" --owner cloud-team \\\n    --ticket SUPNXP-1234"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage.") var stage: String
    @Option(help: "Why it is blocked (required).") var reason: String
    @Option(help: "Who it waits on: csm, customer, cloud-team or support (default: the stage's owner).") var owner: Owner?
    @Option(help: "A ticket key such as SUPNXP-1234.") var ticket: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let ticket, (try? FactValue.canonical(ticket, of: FactDefinition(key: "ticket", type: .ticket, title: "ticket"))) == nil {
            throw ValidationError("'\(ticket)' is not a ticket key: use PROJECT-NUMBER such as SUPNXP-1234")
        }
    }

    func run() async throws {
        let key = try ticket.map { try FactValue.canonical($0, of: FactDefinition(key: "ticket", type: .ticket, title: "ticket")) }
        try await Change.run(.block(stage: stage, reason: reason, owner: owner, ticket: key), customer: customer, global: global)
    }
}

struct UnblockStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock",
        abstract: "Return a blocked stage to where it was (ready or active).",
        discussion: "Example:\n  ltsflow unblock acme search-coordination"
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage.") var stage: String
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.unblock(stage: stage), customer: customer, global: global) }
}

struct ForceStage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force",
        abstract: "Complete a ready or active stage past its failing guards; the reason is recorded.",
        discussion: "Example:\n  ltsflow force acme production-scheduling \\\n    --reason \"customer agreed to 5 days' notice by phone\""
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "The stage.") var stage: String
    @Option(help: "Why the guards are overridden (required).") var reason: String
    @OptionGroup var global: GlobalOptions
    func run() async throws { try await Change.run(.force(stage: stage, reason: reason), customer: customer, global: global) }
}

struct SetFacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record facts: dates, date-times in the customer's zone, tickets, the search cluster.",
        discussion: """
        An empty value removes a fact. Dates are YYYY-MM-DD; date-times YYYY-MM-DDTHH:MM in the customer's zone,
        or with an offset (2027-03-12T00:30+01:00). A local time the clocks skip is refused; one they show twice
        needs its offset. A fact that records something that happened can't be after today. A change that would
        break a rule of a finished stage is refused, naming the stage to reopen.

        Facts of the default workflow (nuxeo-lts-upgrade):
          sandbox.start           date YYYY-MM-DD
          sandbox.end             date YYYY-MM-DD
          search.cluster          search cluster, e.g. "elasticsearch 7.17"
          search.target           search cluster the target LTS supports
          search.ticket           ticket key, e.g. SUPNXP-1234
          restore.ticket          ticket key
          preprod.upgrade-at      local date-time YYYY-MM-DDTHH:MM
          preprod.ticket          ticket key
          preprod.ticket-filed    date YYYY-MM-DD, recorded (not after today)
          cutover.at              local date-time YYYY-MM-DDTHH:MM
          cutover.notice-sent     date YYYY-MM-DD, recorded (not after today)
          cutover.ticket-filed    date YYYY-MM-DD, recorded (not after today)
          cutover.ticket          ticket key
        (ltsflow workflow show ID lists the facts of any workflow.)

        Example:
          ltsflow set acme sandbox.start=2027-01-04 sandbox.end=2027-02-26
          ltsflow set acme cutover.at=2027-03-12T00:30 cutover.ticket=SUPNXP-1234
        """
    )
    @Argument(help: "The customer id.") var customer: String
    @Argument(help: "KEY=VALUE pairs.") var assignments: [String]
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("give at least one KEY=VALUE, e.g. cutover.at=2027-03-12T00:30") }
        for text in assignments where FactAssignment(parsing: text) == nil {
            throw ValidationError("'\(text)' is not KEY=VALUE, e.g. cutover.at=2027-03-12T00:30")
        }
    }

    func run() async throws {
        try await Change.run(.set(assignments.compactMap(FactAssignment.init(parsing:))), customer: customer, global: global)
    }
}

extension Command {
    /// The stage argument as typed, if any.
    var stage: String? {
        switch self {
        case .start(let stage), .complete(let stage), .advance(let stage), .reopen(let stage, _): stage
        case .block(let stage, _, _, _), .unblock(let stage), .skip(let stage, _), .force(let stage, _): stage
        case .set: nil
        }
    }
}
