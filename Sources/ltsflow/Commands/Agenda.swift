import ArgumentParser
import Foundation
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports

struct Agenda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "List every dated thing of the upgrades under way in the next days, soonest first.",
        discussion: """
        Notices and deployment tickets due (and overdue), sandboxes ending, scheduled pre-production
        upgrades, restores and cutovers, and the hotfix nights that touch an upgrade; in each
        customer's local time and in UTC.
        Examples:
          ltsflow agenda
          ltsflow agenda --days 30 --mine
          ltsflow agenda --csm "Dana Scully" --json
        """
    )
    @Option(help: ArgumentHelp("How many days ahead (default 14).", valueName: "N")) var days = AgendaItem.defaultDays
    @OptionGroup var people: PeopleFilter
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard AgendaItem.dayRange.contains(days) else { throw ValidationError("--days must be between 0 and 366, e.g. --days 14") }
    }

    func run() async throws {
        let tracker = try await global.tracker(readOnly: true)
        let items = try await tracker.agenda(days: days, csm: people.name(tracker))
        if json { return try JSONOutput.print(JSON.array(items.map(JSON.agendaItem))) }
        var table = Table("LOCAL", "UTC", "CUSTOMER", "KIND", "OWNER", "WHAT")
        for item in items {
            let local = item.local
            table.add([
                "\(local.date) \(local.time) \(local.label)", UTCText.minute(item.at), item.customer.id, item.kind.rawValue,
                item.owner.rawValue, item.summary,
            ], style: item.overdue ? .red : nil)
        }
        Terminal.print(table.render())
        Terminal.print("\(items.count) item\(items.count == 1 ? "" : "s") in the next \(days) day\(days == 1 ? "" : "s")")
    }
}
