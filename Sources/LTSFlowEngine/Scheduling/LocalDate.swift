import Foundation

/// A calendar day with no time zone, such as the date of a maintenance window (`2026-11-01`).
///
/// Dates follow the proleptic Gregorian calendar. Text is parsed strictly: exactly `YYYY-MM-DD`
/// with ASCII digits, a year from 0001 to 9999 and a day that exists in its month, so
/// `2027-02-30`, `2026-13-01`, `99999-01-01` and the empty string are refused.
/// Arithmetic (``adding(days:)``) works on any day count and may leave that range.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1 (January) to 12 (December).
    public let month: Int
    /// 1 to the number of days of the month.
    public let day: Int

    /// Creates a date from its parts.
    ///
    /// - Throws: ``SchedulingError/invalidDate(_:)`` when the day does not exist or the year is
    ///   outside 1...9999.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else {
            throw SchedulingError.invalidDate("\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))-\(CivilCalendar.padded(day, 2))")
        }
        self.init(unchecked: year, month, day)
    }

    /// Parses `YYYY-MM-DD` strictly.
    ///
    /// - Parameter text: The date, such as `2027-03-12`; no spaces, signs or other separators.
    /// - Throws: ``SchedulingError/invalidDate(_:)`` naming the text.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = CivilCalendar.digits(bytes, at: 0, count: 4),
              let month = CivilCalendar.digits(bytes, at: 5, count: 2),
              let day = CivilCalendar.digits(bytes, at: 8, count: 2),
              let date = try? LocalDate(year: year, month: month, day: day)
        else { throw SchedulingError.invalidDate(text) }
        self = date
    }

    /// The date `days` days since 1970-01-01 (negative before it).
    init(daysSinceEpoch days: Int) {
        let civil = CivilCalendar.date(days: days)
        self.init(unchecked: civil.year, civil.month, civil.day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01, negative before it.
    var daysSinceEpoch: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// The day of the week, ISO 8601 numbering: 1 is Monday, 5 Friday, 7 Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 (day 0) was a Thursday (4); the second modulo keeps days before 1970 in 1...7.
        ((daysSinceEpoch + 3) % 7 + 7) % 7 + 1
    }

    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        days == 0 ? self : LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The month this date is in.
    public var yearMonth: YearMonth { YearMonth(unchecked: year, month) }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))-\(CivilCalendar.padded(day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes from a `YYYY-MM-DD` string, strictly.
    public init(from decoder: any Decoder) throws {
        self = try CivilCalendar.decode(from: decoder, parse: LocalDate.init(parsing:))
    }

    /// Encodes as a `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
