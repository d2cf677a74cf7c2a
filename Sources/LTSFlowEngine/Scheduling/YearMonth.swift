import Foundation

/// A calendar month, such as `2027-03`: the unit of the hotfix calendar.
///
/// Text is parsed strictly: exactly `YYYY-MM` with ASCII digits, a year from 0001 to 9999 and a
/// month from 01 to 12.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1 (January) to 12 (December).
    public let month: Int

    /// Creates a month from its parts.
    ///
    /// - Throws: ``SchedulingError/invalidMonth(_:)`` when the year is outside 1...9999 or the
    ///   month outside 1...12.
    public init(year: Int, month: Int) throws {
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw SchedulingError.invalidMonth("\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))")
        }
        self.init(unchecked: year, month)
    }

    /// Parses `YYYY-MM` strictly.
    ///
    /// - Parameter text: The month, such as `2027-03`.
    /// - Throws: ``SchedulingError/invalidMonth(_:)`` naming the text.
    public init(parsing text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = CivilCalendar.digits(bytes, at: 0, count: 4),
              let month = CivilCalendar.digits(bytes, at: 5, count: 2),
              let value = try? YearMonth(year: year, month: month)
        else { throw SchedulingError.invalidMonth(text) }
        self = value
    }

    init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    /// The first day of the month.
    public var firstDay: LocalDate {
        // Valid by construction: day 1 exists in every month.
        LocalDate(daysSinceEpoch: CivilCalendar.days(year: year, month: month, day: 1))
    }

    /// The month `months` months later (earlier when negative).
    public func adding(months: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + months
        return YearMonth(unchecked: CivilCalendar.floorDivide(index, 12), index - CivilCalendar.floorDivide(index, 12) * 12 + 1)
    }

    /// `YYYY-MM`.
    public var description: String { "\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))" }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// Decodes from a `YYYY-MM` string, strictly.
    public init(from decoder: any Decoder) throws {
        self = try CivilCalendar.decode(from: decoder, parse: YearMonth.init(parsing:))
    }

    /// Encodes as a `YYYY-MM` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
