import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct Blocked: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocked",
        abstract: "List what is blocked, on whom and since when: manual blocks, failing guards, overdue stages.",
        discussion: """
        Examples:
          ltsflow blocked
          ltsflow blocked --owner cloud-team
          ltsflow blocked --customer acme --json
          ltsflow blocked --mine
        """
    )
    @Option(help: "Only blockers waiting on this owner: csm, customer, cloud-team or support.") var owner: Owner?
    @Option(help: "Only this customer.") var customer: String?
    @OptionGroup var people: PeopleFilter
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        if json {
            // Decoded and written out as the upgrades come, on a writing thread (helped by this
            // one when it falls behind) while this one reads on, 256 kB at a time: the list
            // grows with the portfolio.
            let stream = BlockedJSONStream()
            var batch: [BlockerList] = []
            do {
                try await tracker.forEachBlockerList(owner: owner, customer: customer, csm: people.name(tracker)) { list in
                    batch.append(list)
                    if batch.count == BlockedJSONStream.batchSize {
                        stream.send(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            } catch {
                stream.abandon()
                throw error
            }
            stream.send(batch)
            return try stream.finish()
        }
        var table = Table("CUSTOMER", "STAGE", "KIND", "OWNER", "SINCE", "TICKET", "REASON")
        var count = 0
        try await tracker.forEachBlocker(owner: owner, customer: customer, csm: people.name(tracker)) { customer, blocker in
            count += 1
            table.add([customer, blocker.stage, blocker.kind.rawValue, blocker.owner.rawValue,
                       ISO8601.age(since: blocker.since, now: tracker.now), blocker.ticket ?? "-", blocker.message],
                      style: blocker.kind == .manual ? .red : nil)
        }
        Terminal.print(table.render())
        Terminal.print("\(count) blocker\(count == 1 ? "" : "s")")
    }
}

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database: integrity, and every upgrade's state against the replay of its history.",
        discussion: "Example:\n  ltsflow doctor"
    )
    @Flag(help: "Print JSON: {\"ok\": …, \"problems\": […]}.") var json = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let problems = try await global.tracker(readOnly: true).doctor()
        if json {
            try JSONOutput.print(JSON.object(["ok": .bool(problems.isEmpty), "problems": .array(problems.map(JSON.string))]))
            if !problems.isEmpty { throw CLIError.reported(1) }
            return
        }
        if problems.isEmpty {
            Terminal.print("ok: every upgrade's state equals the replay of its events")
            return
        }
        for problem in problems { Terminal.error("problem: \(Terminal.clean(problem))") }
        Terminal.error("\(problems.count) problem\(problems.count == 1 ? "" : "s") found")
        throw CLIError.reported(1)
    }
}
