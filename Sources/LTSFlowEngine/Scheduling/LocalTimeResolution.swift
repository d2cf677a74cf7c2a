import Foundation

/// The instant at which a zone's wall clock shows `time` on `date`, resolved like Python's
/// `zoneinfo` with `fold=0`.
///
/// Most local times happen exactly once. Around a clock change they do not:
/// - an **ambiguous** time (the clocks went back, so it happens twice) takes its **first**
///   occurrence, the one still using the offset in force before the change;
/// - a **nonexistent** time (the clocks jumped over it) is read with the UTC offset in force
///   **before** the jump, which lands on the instant of the jump or just after it.
///
/// For example, in `America/New_York` 2026-11-01 01:30 is 05:30Z (EDT, not the later 06:30Z
/// EST), and in `Europe/Paris` 2026-03-29 02:00 is 01:00Z (read as CET, +01:00), the very
/// instant the clocks jump to 03:00 CEST.
///
/// The rule is applied explicitly by probing `TimeZone.secondsFromGMT(for:)`, because
/// `Calendar.date(from:)` resolves these cases differently on Linux and on Apple platforms.
///
/// - Parameters:
///   - date: The local calendar day.
///   - time: The local wall-clock time on that day.
///   - zone: The zone whose clock is read.
/// - Returns: The UTC instant.
public func resolve(_ date: LocalDate, _ time: LocalTime, in zone: TimeZone) -> Date {
    // The wall-clock reading as seconds, as if the zone were UTC.
    let wall = date.daysSinceEpoch * CivilCalendar.secondsPerDay + time.secondsSinceMidnight
    func offset(atUTC seconds: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    func instant(_ offset: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(wall - offset))
    }
    // Every instant whose reading could be `wall` is within a day of it (offsets stay within
    // ±24 h), so the offsets a day either side are the ones before and after any clock change
    // that matters; zones never change their clocks twice within two days.
    let before = offset(atUTC: wall - CivilCalendar.secondsPerDay)
    let after = offset(atUTC: wall + CivilCalendar.secondsPerDay)
    // An offset is a reading of `wall` when the zone really uses it at `wall - offset`.
    // Both are when the time is ambiguous: fold=0 takes `before`, the first occurrence.
    if offset(atUTC: wall - before) == before { return instant(before) }
    if offset(atUTC: wall - after) == after { return instant(after) }
    // Neither: the time is in a gap, read with the offset before the jump.
    return instant(before)
}

/// How a zone's wall clock shows a local date-time: once, never (the clocks jumped over it),
/// or twice (the clocks went back over it).
public enum LocalReading: Sendable, Hashable {
    /// The time happens once, at this instant.
    case unique(Date)
    /// The time does not exist: on that day the clocks jump from `from` to `to`.
    case gap(from: LocalTime, to: LocalTime)
    /// The time happens twice: first with the offset before the change, then with the one after.
    case fold(first: Date, second: Date)
}

/// Whether a local date-time happens once, never or twice in `zone`, the same probing as
/// ``resolve(_:_:in:)`` (which reads it by the fold=0 rule whatever the answer).
public func reading(_ date: LocalDate, _ time: LocalTime, in zone: TimeZone) -> LocalReading {
    let wall = date.daysSinceEpoch * CivilCalendar.secondsPerDay + time.secondsSinceMidnight
    func offset(atUTC seconds: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    func instant(_ offset: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(wall - offset)) }
    let before = offset(atUTC: wall - CivilCalendar.secondsPerDay)
    let after = offset(atUTC: wall + CivilCalendar.secondsPerDay)
    let first = offset(atUTC: wall - before) == before
    let second = offset(atUTC: wall - after) == after
    switch (first, second) {
    case (true, true) where before != after: return .fold(first: instant(before), second: instant(after))
    case (true, _): return .unique(instant(before))
    case (false, true): return .unique(instant(after))
    case (false, false):
        // The jump: the first second using `after`, found between a day before and a day after.
        var low = wall - before - CivilCalendar.secondsPerDay
        var high = wall - after + CivilCalendar.secondsPerDay
        while high - low > 1 {
            let middle = (low + high) / 2
            if offset(atUTC: middle) == before { low = middle } else { high = middle }
        }
        func clock(_ seconds: Int) -> LocalTime {
            let minutes = ((seconds % CivilCalendar.secondsPerDay) + CivilCalendar.secondsPerDay) % CivilCalendar.secondsPerDay / 60
            return LocalTime(unchecked: minutes / 60, minutes % 60)
        }
        return .gap(from: clock(high + before), to: clock(high + after))
    }
}
