/// The wall-clock shape of a maintenance window: a local start and end time, such as `00:00-02:00`.
///
/// A window on date D starts at ``start`` on D. It ends at ``end`` on D when the end is after the
/// start, and at ``end`` on D+1 when the end is at or before the start (the window crosses
/// midnight, as in `22:30-01:00`). A window whose end equals its start is refused, so every
/// window lasts between 1 minute and 23 hours 59 minutes of wall-clock time; its real length
/// changes on the nights the clocks do.
public struct WindowSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The local time the window opens.
    public let start: LocalTime
    /// The local time the window closes; at or before ``start`` means the next day.
    public let end: LocalTime

    /// The standard window of every region, `00:00-02:00` (docs/domain.md, "Maintenance windows").
    public static let standard = WindowSpec(unchecked: .midnight, LocalTime(unchecked: 2, 0))

    /// Creates a window from its two ends.
    ///
    /// - Throws: ``SchedulingError/emptyWindow(_:)`` when `end` equals `start`.
    public init(start: LocalTime, end: LocalTime) throws {
        guard start != end else { throw SchedulingError.emptyWindow("\(start)-\(end)") }
        self.init(unchecked: start, end)
    }

    /// Parses `HH:MM-HH:MM` strictly, such as `00:00-02:00` or `22:30-01:00`.
    ///
    /// - Throws: ``SchedulingError/invalidWindow(_:)`` when the text is not two valid `HH:MM`
    ///   times joined by `-`, ``SchedulingError/emptyWindow(_:)`` when both ends are equal.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 11, bytes[5] == UInt8(ascii: "-"),
              let start = try? LocalTime(parsing: String(decoding: bytes[0..<5], as: UTF8.self)),
              let end = try? LocalTime(parsing: String(decoding: bytes[6...], as: UTF8.self))
        else { throw SchedulingError.invalidWindow(text) }
        try self.init(start: start, end: end)
    }

    private init(unchecked start: LocalTime, _ end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// Whether the window ends on the day after it starts.
    public var crossesMidnight: Bool { end <= start }

    /// The wall-clock length in minutes, as on a night without a clock change.
    public var nominalMinutes: Int {
        let minutes = end.minutesSinceMidnight - start.minutesSinceMidnight
        return minutes > 0 ? minutes : minutes + 24 * 60
    }

    /// `HH:MM-HH:MM`.
    public var description: String { "\(start)-\(end)" }

    /// Decodes from an `HH:MM-HH:MM` string, strictly.
    public init(from decoder: any Decoder) throws {
        self = try CivilCalendar.decode(from: decoder, parse: WindowSpec.init(parsing:))
    }

    /// Encodes as an `HH:MM-HH:MM` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
