import Foundation

/// The reference model's own reading of dates and local date-times, with nothing but
/// Foundation's `Calendar` and `TimeZone` (never the engine's civil calendar).
enum ModelClock {
    /// A calendar day, compared as (year, month, day).
    struct Day: Hashable, Comparable, CustomStringConvertible {
        var year: Int, month: Int, day: Int
        static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
        var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    }

    /// How a local date-time reads in a zone.
    enum Reading: Equatable {
        case one(Date)
        /// The spring-forward gap: the time does not exist; `Date` is the wall time read with
        /// the offset in force before the jump.
        case gap(Date)
        /// The autumn fold: the time happens twice, first then second.
        case fold(Date, Date)
    }

    static let utc: Calendar = calendar(TimeZone(identifier: "Etc/UTC")!)

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `YYYY-MM-DD` naming a day that exists, else nil.
    static func day(_ text: String) -> Day? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = utc.date(from: components),
              utc.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// A parsed `YYYY-MM-DDTHH:MM`, with `Z` or `±HH:MM` when given.
    struct LocalDateTime {
        var day: Day
        var hour: Int, minute: Int
        var offset: Int?

        /// The wall-clock reading as if the zone were UTC.
        var wall: Date {
            utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
        }
    }

    static func dateTime(_ text: String) -> LocalDateTime? {
        let halves = text.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2, let day = day(String(halves[0])) else { return nil }
        var rest = String(halves[1])
        var offset: Int?
        if rest.hasSuffix("Z") {
            offset = 0
            rest.removeLast()
        } else if rest.count == 11, let sign = rest.dropFirst(5).first, sign == "+" || sign == "-" {
            guard let (hours, minutes) = clock(String(rest.suffix(5))) else { return nil }
            offset = (sign == "+" ? 1 : -1) * (hours * 3600 + minutes * 60)
            rest = String(rest.prefix(5))
        }
        guard let (hour, minute) = clock(rest) else { return nil }
        return LocalDateTime(day: day, hour: hour, minute: minute, offset: offset)
    }

    private static func clock(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.count == 5, parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else { return nil }
        return (hour, minute)
    }

    /// The instants a zone-less local date-time names in `zone`: the wall time read with each
    /// offset the zone uses within a day of it, kept when the zone really shows that wall time
    /// at that instant.
    static func read(_ value: LocalDateTime, in zone: TimeZone) -> Reading {
        if let offset = value.offset { return .one(value.wall.addingTimeInterval(TimeInterval(-offset))) }
        let calendar = calendar(zone)
        let wanted = DateComponents(year: value.day.year, month: value.day.month, day: value.day.day,
                                    hour: value.hour, minute: value.minute)
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
        let base = value.wall
        let offsets = Set([-86_400.0, 0, 86_400].map { zone.secondsFromGMT(for: base.addingTimeInterval($0)) })
        let found = offsets.map { base.addingTimeInterval(TimeInterval(-$0)) }
            .filter { calendar.dateComponents(fields, from: $0) == wanted }
            .sorted()
        switch found.count {
        case 0:
            let before = zone.secondsFromGMT(for: base.addingTimeInterval(-86_400))
            return .gap(base.addingTimeInterval(TimeInterval(-before)))
        case 1: return .one(found[0])
        default: return .fold(found[0], found[found.count - 1])
        }
    }

    /// The instant the model uses for a stored value: the first occurrence of a folded time,
    /// the wall time read before the jump for a time in a gap.
    static func instant(_ text: String, in zone: TimeZone) -> Date? {
        guard let value = dateTime(text) else { return nil }
        switch read(value, in: zone) {
        case .one(let date), .gap(let date), .fold(let date, _): return date
        }
    }

    /// The first instant of `day` in `zone`.
    static func midnight(_ day: Day, in zone: TimeZone) -> Date {
        calendar(zone).startOfDay(for: calendar(zone).date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!)
    }

    /// Today in `zone` at `now`.
    static func today(at now: Date, in zone: TimeZone) -> Day {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The day `days` after `day`.
    static func adding(_ days: Int, to day: Day) -> Day {
        let date = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let parts = utc.dateComponents([.year, .month, .day], from: utc.date(byAdding: .day, value: days, to: date)!)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }
}
