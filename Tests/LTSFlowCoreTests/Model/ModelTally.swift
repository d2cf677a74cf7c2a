import Foundation

/// What the sequences exercised: each kind of step accepted and refused, the automatic steps,
/// finished upgrades, local times in a gap or a fold. The default run must have seen every
/// entry of ``ModelTally/required``, so a generator that stops reaching a case fails the test.
struct ModelTally {
    private(set) var counts: [String: Int] = [:]

    /// Every case the default run must reach. While the core refuses to buy a sandbox for a
    /// stage skipped automatically (``ModelSwitches/contractEditRefusedWhileSkipped``), no stage
    /// can ever be restored: that automatic step is unreachable, which is the bug.
    static func required(_ switches: ModelSwitches) -> [String] {
        all.filter { !(switches.contractEditRefusedWhileSkipped && $0 == "event restore") }
            + (switches.everyMomentRules ? ["set refused by an every-moment rule"] : [])
    }

    private static let all: [String] = {
        let steps = ["upgrade start", "start", "complete", "advance", "block", "unblock", "skip", "reopen", "force", "set",
                     "edit zone", "edit window"]
        return steps.flatMap { ["\($0) accepted", "\($0) refused"] } + ["edit sandbox accepted"]
            + ["event ready", "event wait", "event auto-skip", "event restore", "event reopen",
               "unblock to ready", "unblock to active", "upgrade finished",
               "time in a gap", "time in a fold", "time with an offset"]
    }()

    func missing(_ switches: ModelSwitches) -> [String] { Self.required(switches).filter { counts[$0, default: 0] == 0 } }

    mutating func count(_ step: Step, _ answer: Answer, zone: TimeZone) {
        counts["\(step.name) \(answer == .accepted ? "accepted" : "refused")", default: 0] += 1
        if answer == .refused(.rule) { counts["\(step.name) refused by an every-moment rule", default: 0] += 1 }
        guard case .set(let assignments) = step else { return }
        for value in assignments.compactMap({ ModelClock.dateTime($0.value) }) {
            switch ModelClock.read(value, in: zone) {
            case .gap: counts["time in a gap", default: 0] += 1
            case .fold: counts["time in a fold", default: 0] += 1
            case .one: if value.offset != nil { counts["time with an offset", default: 0] += 1 }
            }
        }
    }

    mutating func count(events: [HistoryEvent], finished: Bool) {
        for event in events {
            counts["event \(event.verb)", default: 0] += 1
            if event.verb == "unblock" { counts["unblock to \(event.to ?? "?")", default: 0] += 1 }
        }
        if finished { counts["upgrade finished", default: 0] += 1 }
    }

    mutating func merge(_ other: ModelTally) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    var report: String {
        counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: "\n")
    }
}
