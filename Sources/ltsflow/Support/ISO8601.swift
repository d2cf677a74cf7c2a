import Foundation
import LTSFlowEngine
import LTSFlowReports

/// RFC 3339 times for JSON and for LTSFLOW_NOW.
enum ISO8601 {
    /// `2027-03-01T09:00:00Z`.
    static func string(_ date: Date) -> String {
        JSON.rfc3339(date)
    }

    /// `2027-03-01T09:00:00Z` exactly, with every field in range, read without building a
    /// formatter (the usual form of LTSFLOW_NOW; building an `ISO8601DateFormatter` costs a
    /// quarter of a short command). Anything else is nil: ``parse(_:)`` decides.
    static func parseUTCSeconds(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x5A else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? { CivilCalendar.digits(bytes, at: start, count: count) }
        guard let year = number(0, 4), year >= 1600, let month = number(5, 2), (1...12).contains(month),
              let day = number(8, 2), let hour = number(11, 2), hour < 24, let minute = number(14, 2), minute < 60,
              let second = number(17, 2), second < 60,
              (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * CivilCalendar.secondsPerDay + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Accepts `2027-03-01T09:00:00Z`, with fractional seconds, with an offset, or a bare date
    /// (midnight UTC). The date and time must exist as written: `ISO8601DateFormatter` alone
    /// would turn `2027-02-30` into March 2nd and `24:30` into the next day.
    static func parse(_ text: String) -> Date? {
        guard let date = lenientParse(text) else { return nil }
        // Written back in the text's own offset, the date must read as it was written.
        let fields = String(text.prefix(text.count == 10 ? 10 : 19))
        var rest = text.dropFirst(fields.count)
        if rest.first == "." { rest = rest.dropFirst().drop { $0.isNumber } }
        var offset = 0
        if let sign = rest.first, sign == "+" || sign == "-" {
            let parts = rest.dropFirst().split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
            offset = (hours * 3_600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: offset)
        formatter.dateFormat = fields.count == 10 ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date) == fields ? date : nil
    }

    private static func lenientParse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return text.count == 10 ? formatter.date(from: text) : nil
    }

    /// `2026-11-29 14:05` in UTC, for tables.
    static func short(_ date: Date?) -> String {
        guard let date else { return "-" }
        return UTCText.minute(date)
    }

    /// "3d", "5h", "12m": how long ago, for tables.
    static func age(since date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        let seconds = max(0, now.timeIntervalSince(date))
        if seconds >= 86_400 { return "\(Int(seconds / 86_400))d" }
        if seconds >= 3_600 { return "\(Int(seconds / 3_600))h" }
        return "\(Int(seconds / 60))m"
    }
}
