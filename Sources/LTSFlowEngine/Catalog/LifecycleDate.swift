import Foundation

/// A lifecycle date of an LTS version, as precise as its source publishes it.
///
/// Release dates of the oldest versions are known to the month, and their end of life only to
/// the year; the catalog keeps that precision rather than inventing a day. All arithmetic uses
/// the Gregorian calendar in UTC, so a date means the same instants on every machine.
public enum LifecycleDate: Sendable, Hashable, CustomStringConvertible {
    /// A published day, `YYYY-MM-DD`.
    case day(year: Int, month: Int, day: Int)
    /// A month whose day is not published, `YYYY-MM`.
    case month(year: Int, month: Int)
    /// A year given where no date is published (for example an end of life "around 2018").
    case aroundYear(Int)

    /// The Gregorian calendar in UTC used for every catalog date.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }()

    /// The first instant of the period (midnight UTC of its first day).
    public var start: Date {
        switch self {
        case .day(let year, let month, let day):
            return Self.instant(year: year, month: month, day: day)
        case .month(let year, let month):
            return Self.instant(year: year, month: month, day: 1)
        case .aroundYear(let year):
            return Self.instant(year: year, month: 1, day: 1)
        }
    }

    /// The first instant after the period: a day, a month or a whole year is included.
    ///
    /// An end of life on 2027-07-18 still allows that day; `end` is 2027-07-19T00:00Z.
    public var end: Date {
        switch self {
        case .day(let year, let month, let day) where year >= 1600 && year < 9999:
            return Self.instant(year: year, month: month, day: day).addingTimeInterval(86_400)
        case .month(let year, let month) where year >= 1600 && year < 9999:
            return Self.instant(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
        case .aroundYear(let year) where year >= 1600 && year < 9999:
            return Self.instant(year: year + 1, month: 1, day: 1)
        default:
            let component: Calendar.Component
            switch self {
            case .day: component = .day
            case .month: component = .month
            case .aroundYear: component = .year
            }
            return Self.calendar.date(byAdding: component, value: 1, to: start)!
        }
    }

    /// `2025-04-07`, `2015-11`, or `around 2018 (date not published)`.
    public var description: String {
        switch self {
        case .day(let year, let month, let day):
            return CivilCalendar.padded(year, 4) + "-" + CivilCalendar.padded(month, 2) + "-" + CivilCalendar.padded(day, 2)
        case .month(let year, let month):
            return CivilCalendar.padded(year, 4) + "-" + CivilCalendar.padded(month, 2)
        case .aroundYear(let year):
            return "around \(year) (date not published)"
        }
    }

    /// The date as it reads after a verb: `on 2025-04-07`, `in 2015-11`, `around 2018 (…)`.
    public var phrase: String {
        switch self {
        case .day: return "on \(description)"
        case .month: return "in \(description)"
        case .aroundYear: return description
        }
    }

    /// The UTC day an instant falls on, for naming the planning date in messages.
    static func day(of date: Date) -> LifecycleDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return .day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    // MARK: Parsing

    /// Reads `YYYY-MM-DD`, or `YYYY-MM` when `allowMonth` is set; `nil` for anything else,
    /// including dates that do not exist such as `2025-02-30`.
    static func parse(_ text: String, allowMonth: Bool = false) -> LifecycleDate? {
        let text = text.trimmingBlanks()
        if let (year, month, day) = components(text, format: "yyyy-MM-dd") {
            return .day(year: year, month: month, day: day)
        }
        if allowMonth, let (year, month, _) = components(text, format: "yyyy-MM") {
            return .month(year: year, month: month)
        }
        return nil
    }

    /// Reads exactly `yyyy-MM-dd` (or `yyyy-MM`, day 1) in ASCII digits, refusing lenient
    /// readings (`2025-2-3`) and days that do not exist (`2025-02-30`): what a strict
    /// `DateFormatter` that must round-trip the text accepts, without building one for every
    /// date (the formatters cost more than the rest of the catalog's parse).
    private static func components(_ text: String, format: String) -> (Int, Int, Int)? {
        let bytes = Array(text.utf8)
        let withDay = format == "yyyy-MM-dd"
        guard bytes.count == (withDay ? 10 : 7), bytes[4] == 0x2D, !withDay || bytes[7] == 0x2D else { return nil }
        guard let year = CivilCalendar.digits(bytes, at: 0, count: 4), let month = CivilCalendar.digits(bytes, at: 5, count: 2),
              (1...12).contains(month) else { return nil }
        // Foundation's calendar is Julian before October 1582: leave such dates to a formatter.
        if year < 1600 { return formatted(text, format: format) }
        guard withDay else { return (year, month, 1) }
        guard let day = CivilCalendar.digits(bytes, at: 8, count: 2), day >= 1,
              day <= CivilCalendar.daysInMonth(year: year, month: month) else { return nil }
        return (year, month, day)
    }

    /// The strict `DateFormatter` reading, for years where the Julian calendar still applies.
    private static func formatted(_ text: String, format: String) -> (Int, Int, Int)? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = format
        formatter.isLenient = false
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else {
            return nil
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return (year, month, day)
    }

    /// Midnight UTC of a day. Gregorian arithmetic on integers from 1600 on (where Foundation's
    /// calendar is Gregorian too); building the `Calendar` costs more than the catalog's other dates.
    private static func instant(year: Int, month: Int, day: Int) -> Date {
        guard year >= 1600 else { return calendar.date(from: DateComponents(year: year, month: month, day: day))! }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * CivilCalendar.secondsPerDay))
    }
}
