import Foundation

/// A small seeded generator (SplitMix64): the same seed gives the same sequence on every
/// machine, so a failure is replayed from its seed alone.
struct SeededRandom {
    private var state: UInt64

    /// The seed is scrambled first: SplitMix64 states of consecutive seeds would otherwise give
    /// the same sequence shifted by one draw.
    init(seed: UInt64) {
        state = seed
        state = next() ^ 0xD1B5_4A32_D192_ED03
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// An item drawn with the given weights.
    mutating func weighted<T>(_ items: [(Int, T)]) -> T {
        var left = int(0...items.reduce(0) { $0 + $1.0 } - 1)
        for (weight, item) in items {
            if left < weight { return item }
            left -= weight
        }
        return items[items.count - 1].1
    }
}

/// The night a sequence is about: its commands, facts and clock stay around it.
struct FocusNight: Sendable {
    var name: String
    /// The local date of the clock change (or of New Year's Eve).
    var date: String
    var zones: [String]

    static let all: [FocusNight] = [
        FocusNight(name: "EU spring forward", date: "2027-03-28", zones: ["Europe/Paris", "Europe/London"]),
        FocusNight(name: "EU fall back", date: "2027-10-31", zones: ["Europe/Paris", "Europe/London"]),
        FocusNight(name: "US spring forward", date: "2027-03-14", zones: ["America/New_York", "America/Los_Angeles"]),
        FocusNight(name: "US fall back", date: "2027-11-07", zones: ["America/New_York", "America/Los_Angeles"]),
        FocusNight(name: "year end", date: "2027-12-31", zones: ["Pacific/Auckland", "Asia/Kolkata", "America/Los_Angeles"]),
    ]

    /// Every zone a sequence may move the customer to.
    static let zones = ["Europe/Paris", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
                        "Australia/Sydney", "Pacific/Auckland", "Etc/UTC"]

    /// Noon UTC two days before the night.
    var firstMoment: Date {
        let day = ModelClock.day(date)!
        return ModelClock.utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day - 2, hour: 12))!
    }
}

/// Draws the steps of one sequence: every verb, facts around the focus night (valid, invalid,
/// removed, in the gap and the fold), customer edits, and "now" moving forward between steps.
struct StepGenerator {
    var random: SeededRandom
    let focus: FocusNight

    /// How much shorter than in a default sequence (150 steps) the steps between times are.
    let stretch: Int

    init(seed: UInt64, steps: Int) {
        stretch = max(1, steps / 150)
        random = SeededRandom(seed: seed)
        focus = FocusNight.all[Int(seed % UInt64(FocusNight.all.count))]
    }

    /// The customer every sequence starts with.
    mutating func firstCustomer() -> Step {
        .addCustomer(zone: random.chance(80) ? random.pick(focus.zones) : random.pick(FocusNight.zones), sandbox: random.chance(60))
    }

    /// The time of the next step: mostly minutes, sometimes hours, now and then a day. A
    /// sequence longer than the default takes shorter steps, so that every sequence spans a few
    /// weeks around its night (and stays inside the target LTS's support).
    mutating func later(than now: Date) -> Date {
        let range = random.weighted([(70, 1...60), (25, 61...360), (5, 1_200...1_800)])
        let minutes = max(1, random.int(range) / stretch)
        return now.addingTimeInterval(TimeInterval(minutes * 60))
    }

    /// - Parameter state: What the customer's upgrade looks like now, to aim some steps at it.
    mutating func next(now: Date, zone: TimeZone, state: Snapshot) -> Step {
        let verb = random.weighted([(18, "advance"), (8, "start"), (10, "complete"), (6, "block"), (6, "unblock"), (5, "skip"),
                                    (6, "reopen"), (5, "force"), (22, "set"), (6, "zone"), (2, "window"), (4, "sandbox"),
                                    (4, "upgrade")])
        switch verb {
        case "advance": return .advance(random.chance(20) ? nil : stage())
        case "start": return .start(random.chance(15) ? nil : stage())
        case "complete": return .complete(random.chance(15) ? nil : stage())
        case "block": return withReason { .block($0, reason: $1) }
        case "unblock": return .unblock(stage())
        case "skip": return withReason { .skip($0, reason: $1) }
        case "reopen":
            if random.chance(15) { return .reopen(nil, reason: reason()) }
            return withReason { .reopen($0, reason: $1) }
        case "force": return withReason { .force($0, reason: $1) }
        case "set": return .set((0..<random.int(1...2)).map { _ in assignment(now: now, zone: zone) })
        case "zone":
            // Half the moves go to one of the two zones furthest apart (UTC-8/-7 and UTC+12/+13), so
            // a date-time read in the new zone moves by most of a day and can break a done rule.
            if random.chance(8) { return .editZone(random.pick(["Mars/Olympus", "Paris"])) }
            if random.chance(40), state.stages["rehearse"] == "done", let goAt = state.facts["go.at"] {
                // The zone in which the rehearsal's time comes latest: it may not have come yet.
                return .editZone(FocusNight.zones.max { zoneLater($0, than: $1, goAt) }!)
            }
            return .editZone(random.chance(50) ? random.pick(["America/Los_Angeles", "Pacific/Auckland"]) : random.pick(FocusNight.zones))
        case "window": return .editWindow(random.pick(["22:00-02:00", "01:00-05:00", "", "00:00-02:00", "25:00-02:00", "03:00-03:00"]))
        case "sandbox": return .editSandbox(random.chance(50))
        default: return .startUpgrade
        }
    }

    private func zoneLater(_ a: String, than b: String, _ value: String) -> Bool {
        let first = ModelClock.instant(value, in: TimeZone(identifier: a)!) ?? .distantPast
        return first < (ModelClock.instant(value, in: TimeZone(identifier: b)!) ?? .distantPast)
    }

    private mutating func stage() -> String {
        random.chance(4) ? random.pick(["nope", "Intake"]) : random.pick(ModelWorkflow.stageIDs)
    }

    private mutating func reason() -> String {
        let number = random.int(1...99)
        return random.weighted([(85, "reason \(number)"), (5, "  spaced reason  "), (5, ""), (5, "   ")])
    }

    /// A stage and a reason, never an unknown stage with a missing reason (the spec does not
    /// say which of the two a refusal names first).
    private mutating func withReason(_ make: (String, String) -> Step) -> Step {
        let stage = stage()
        let reason = reason()
        if ModelWorkflow.stage(stage) == nil, reason.trimmingCharacters(in: .whitespaces).isEmpty { return make(stage, "late") }
        return make(stage, reason)
    }

    private mutating func assignment(now: Date, zone: TimeZone) -> Step.Assignment {
        let key = random.weighted([(3, "go.when"), (35, "go.at"), (13, "ref.ticket"), (16, "lab.start"), (16, "lab.end"), (17, "notice.sent")])
        if random.chance(10) { return Step.Assignment(key: key, value: "") }
        switch ModelWorkflow.fact(key)?.kind {
        case .ticket?: return Step.Assignment(key: key, value: random.chance(90) ? "REF-\(random.int(1...999))" : random.pick(["REF1", "-12"]))
        case .date? where key == "notice.sent": return Step.Assignment(key: key, value: day(around: ModelClock.today(at: now, in: zone), spread: 2))
        case .date?: return Step.Assignment(key: key, value: day(around: ModelClock.day(focus.date)!, spread: 5))
        case .dateTime?, nil: return Step.Assignment(key: key, value: dateTime(now: now, zone: zone))
        }
    }

    private mutating func day(around center: ModelClock.Day, spread: Int) -> String {
        random.chance(8) ? random.pick(["2027-02-30", "2027-13-01", "tomorrow"]) : ModelClock.adding(random.int(-spread...spread), to: center).description
    }

    /// Around the focus night (the gap and the fold included), around now in the customer's
    /// zone (so that `date-passed` turns), with an explicit offset, or not a date-time at all.
    private mutating func dateTime(now: Date, zone: TimeZone) -> String {
        switch random.int(0...99) {
        case 0..<50:
            let day = random.chance(70) ? ModelClock.day(focus.date)! : ModelClock.adding(random.pick([-1, 1]), to: ModelClock.day(focus.date)!)
            return "\(day)T" + String(format: "%02d:%02d", random.pick([1, 1, 2, 2, 0, 3, 4, 12, 23]), random.pick([0, 30]))
        case 50..<75:
            let moment = now.addingTimeInterval(TimeInterval(random.int(-24...6) * 15 * 60))
            let local = ModelClock.calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: moment)
            return String(format: "%04d-%02d-%02dT%02d:%02d", local.year!, local.month!, local.day!, local.hour!, local.minute! / 15 * 15)
        case 75..<90:
            let day = ModelClock.adding(random.int(-1...1), to: ModelClock.day(focus.date)!)
            return "\(day)T" + String(format: "%02d:%02d", random.int(0...23), random.pick([0, 15, 30])) + random.pick(["Z", "+01:00", "-05:00", "+05:30"])
        default:
            return random.pick(["2027-02-29T10:00", "2027-03-28T24:00", "2027-03-28 02:30", "soon"])
        }
    }
}
