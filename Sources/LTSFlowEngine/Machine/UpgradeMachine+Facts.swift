import Foundation

extension UpgradeMachine {
    /// The `set` event: each value checked against its fact's type, and, in the customer's
    /// zone, against the clock (a local date-time that does not exist or happens twice) and the
    /// calendar (a recorded fact can't be in the future).
    func factEvent(_ assignments: [FactAssignment], state: UpgradeState, at now: Date, actor: String) throws(EngineError) -> Event {
        guard !assignments.isEmpty else {
            throw .refused(verb: "set", stage: nil, reasons: ["give at least one KEY=VALUE"])
        }
        var data: [String: String] = [:]
        var reasons: [String] = []
        for assignment in assignments {
            guard let fact = definition.fact(assignment.key) else {
                throw .unknownFact(assignment.key, valid: definition.facts.map(\.key))
            }
            let value = assignment.value.isEmpty ? "" : try FactValue.canonical(assignment.value, of: fact)
            data[fact.key] = value
            guard !value.isEmpty else { continue }
            if let reason = localTimeProblem(value, of: fact) ?? recordedProblem(value, of: fact, at: now) { reasons.append(reason) }
        }
        guard reasons.isEmpty else { throw .refused(verb: "set", stage: nil, reasons: reasons) }
        return Event(stage: nil, verb: .set, at: now, actor: actor, data: data)
    }

    /// A zone-less date-time in the spring-forward gap, or in the autumn fold, of the customer's
    /// zone: the first is refused outright, the second unless written with its offset.
    func localTimeProblem(_ value: String, of fact: FactDefinition) -> String? {
        guard fact.type == .datetime, let local = LocalDateTime(parsing: value), local.offsetSeconds == nil else { return nil }
        let zone = context.timeZone
        switch reading(local.date, local.time, in: zone) {
        case .unique:
            return nil
        case .gap(let from, let to):
            return "\(fact.key) \(value): \(local.time) does not exist on \(local.date) in \(zone.identifier): clocks jump from \(from) to \(to); choose another time"
        case .fold(let first, let second):
            func option(_ instant: Date) -> String {
                let reading = ZonedDateTime(instant, in: zone)
                return "\(LocalClock.describe(instant, in: zone)), written \(local.date)T\(local.time)\(Self.offsetText(reading.utcOffset))"
            }
            return "\(fact.key) \(value): \(local.time) happens twice on \(local.date) in \(zone.identifier) (the clocks go back): "
                + "first at \(option(first)), then at \(option(second)); give it with the offset you mean"
        }
    }

    /// A recorded fact (something that happened) later than today in the customer's zone, or,
    /// for a date-time, later than now.
    func recordedProblem(_ value: String, of fact: FactDefinition, at now: Date) -> String? {
        guard fact.recorded else { return nil }
        let zone = context.timeZone
        let today = ZonedDateTime(now, in: zone).date
        if fact.type == .date, let date = try? LocalDate(parsing: value), date > today {
            return "\(fact.key) \(date) is in the future: it records something that happened; today is \(today) in \(zone.identifier)"
        }
        if fact.type == .datetime, let local = LocalDateTime(parsing: value), local.instant(in: zone) > now {
            return "\(fact.key) \(value) is in the future: it records something that happened; it is now \(LocalClock.describe(now, in: zone))"
        }
        return nil
    }

    /// `+02:00`, `-05:00`, `Z`.
    static func offsetText(_ seconds: Int) -> String {
        if seconds == 0 { return "Z" }
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + CivilCalendar.padded(magnitude / 3600, 2) + ":" + CivilCalendar.padded(magnitude % 3600 / 60, 2)
    }
}
