import Foundation

/// What a zone's wall clock shows at an instant: the local date, the time to the minute, the UTC
/// offset, and a short label.
///
/// This is the inverse of ``resolve(_:_:in:)`` for every time that exists exactly once. For a
/// nonexistent time the reading is the real one after the jump: the EU window on 2026-03-29 ends
/// at 01:00Z, which reads `2026-03-29T03:00+02:00` (CEST), not the nominal 02:00.
public struct ZonedDateTime: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// The local calendar day.
    public let date: LocalDate
    /// The local time, truncated to the minute.
    public let time: LocalTime
    /// Seconds east of UTC in force at the instant (`3600` for CET, `-14400` for EDT).
    public let utcOffset: Int
    /// The zone's abbreviation (`CET`, `CEST`, `EST`, `EDT`, `JST`) for the three region zones,
    /// else the UTC offset (`+01:00`, `-04:00`, `+13:45`).
    ///
    /// Only the region zones get letters because Foundation on Linux offers none (it says
    /// `GMT+1`); an offset is never ambiguous.
    public let label: String

    /// Reads the zone's wall clock at `instant`.
    ///
    /// - Parameters:
    ///   - instant: The moment to read; seconds are dropped (rounded towards the past).
    ///   - zone: The zone whose clock is read.
    public init(_ instant: Date, in zone: TimeZone) {
        // Rounded down from the interval `Date` stores (since 2001): `timeIntervalSince1970`
        // adds 978,307,200 s first and rounds the last instants before a whole second up to it.
        // The offset is the one of that whole second: the zone's offset at the instant itself
        // is already the next one in the last fraction of a second before a clock change.
        let second = Int(instant.timeIntervalSinceReferenceDate.rounded(.down)) + 978_307_200
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(second)))
        let wall = second + offset
        let days = CivilCalendar.floorDivide(wall, CivilCalendar.secondsPerDay)
        let seconds = wall - days * CivilCalendar.secondsPerDay
        self.date = LocalDate(daysSinceEpoch: days)
        self.time = LocalTime(unchecked: seconds / 3600, seconds % 3600 / 60)
        self.utcOffset = offset
        self.label = Region.owning(timeZoneIdentifier: zone.identifier)?.abbreviations[offset]
            ?? CivilCalendar.offsetText(offset)
    }

    /// `YYYY-MM-DDTHH:MM` followed by the UTC offset, such as `2026-11-01T00:00-04:00`: the
    /// date-time form of the facts (docs/workflows.md) with the offset that makes it an unambiguous
    /// instant.
    public var description: String {
        "\(date)T\(time)\(CivilCalendar.offsetText(utcOffset))"
    }

    /// Encodes as ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
