import ArgumentParser
import LTSFlowCore

/// `--csm NAME` and `--mine` (the acting user: as `--as`, LTSFLOW_ACTOR or the login name give
/// it on SQLite; the database login on PostgreSQL): only the customers assigned to that CSM. Not both.
struct PeopleFilter: ParsableArguments {
    @Option(help: ArgumentHelp("Only the customers assigned to this CSM.", valueName: "name")) var csm: String?
    @Flag(help: "Only the customers assigned to you (the name --as, LTSFLOW_ACTOR or your login gives; on PostgreSQL the database login).") var mine = false

    func validate() throws {
        if csm != nil && mine { throw ValidationError("--csm and --mine cannot be used together: --mine means --csm <you>") }
    }

    /// The CSM to keep, or nil for every customer.
    func name(_ tracker: Tracker) -> String? {
        mine ? tracker.actor : csm
    }
}
