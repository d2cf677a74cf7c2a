import Foundation

/// A wall-clock time of day to the minute, with no date or zone, such as `00:30`.
///
/// Text is parsed strictly: exactly `HH:MM` with ASCII digits, hours 00–23 and minutes 00–59, so
/// `24:30`, `24:00`, `1:00` and `01:00:00` are refused.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// 0 to 23.
    public let hour: Int
    /// 0 to 59.
    public let minute: Int

    /// Midnight, `00:00`.
    public static let midnight = LocalTime(unchecked: 0, 0)

    /// Creates a time from its parts.
    ///
    /// - Throws: ``SchedulingError/invalidTime(_:)`` when the hour is outside 0...23 or the
    ///   minute outside 0...59.
    public init(hour: Int, minute: Int) throws {
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw SchedulingError.invalidTime("\(CivilCalendar.padded(hour, 2)):\(CivilCalendar.padded(minute, 2))")
        }
        self.init(unchecked: hour, minute)
    }

    /// Parses `HH:MM` strictly.
    ///
    /// - Parameter text: The time, such as `00:30`.
    /// - Throws: ``SchedulingError/invalidTime(_:)`` naming the text.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hour = CivilCalendar.digits(bytes, at: 0, count: 2),
              let minute = CivilCalendar.digits(bytes, at: 3, count: 2),
              let time = try? LocalTime(hour: hour, minute: minute)
        else { throw SchedulingError.invalidTime(text) }
        self = time
    }

    init(unchecked hour: Int, _ minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Seconds from midnight to this time on a day without a clock change.
    var secondsSinceMidnight: Int { hour * 3600 + minute * 60 }

    /// Minutes from midnight, 0 to 1439.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String { "\(CivilCalendar.padded(hour, 2)):\(CivilCalendar.padded(minute, 2))" }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute)
    }

    /// Decodes from an `HH:MM` string, strictly.
    public init(from decoder: any Decoder) throws {
        self = try CivilCalendar.decode(from: decoder, parse: LocalTime.init(parsing:))
    }

    /// Encodes as an `HH:MM` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
