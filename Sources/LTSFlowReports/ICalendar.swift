import Foundation

/// One event of an exported calendar.
public struct CalendarEvent: Sendable, Hashable {
    /// When the event happens: an instant range, or whole days.
    public enum Time: Sendable, Hashable {
        /// UTC start and end.
        case instant(start: Date, end: Date)
        /// Whole days, `end` exclusive (`YYYY-MM-DD` values).
        case days(start: String, endExclusive: String)
    }

    /// Stable across runs: the same upgrade and event always get the same UID, so calendar
    /// clients update events rather than duplicate them.
    public var uid: String
    public var time: Time
    public var summary: String
    public var description: String
    public var categories: [String]

    public init(uid: String, time: Time, summary: String, description: String = "", categories: [String] = []) {
        self.uid = uid
        self.time = time
        self.summary = summary
        self.description = description
        self.categories = categories
    }
}

/// iCalendar (RFC 5545) text: CRLF line ends, lines folded at 75 octets without splitting a
/// UTF-8 character, TEXT values escaped, times in UTC.
public enum ICalendar {
    /// Renders a calendar; `stamp` is the DTSTAMP of every event ("now", for determinism).
    public static func render(_ events: [CalendarEvent], name: String, stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ltsflow//ltsflow//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))",
        ]
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(escape(event.uid))")
            lines.append("DTSTAMP:\(utc(stamp))")
            switch event.time {
            case .instant(let start, let end):
                lines.append("DTSTART:\(utc(start))")
                lines.append("DTEND:\(utc(end))")
            case .days(let start, let end):
                lines.append("DTSTART;VALUE=DATE:\(start.replacingOccurrences(of: "-", with: ""))")
                lines.append("DTEND;VALUE=DATE:\(end.replacingOccurrences(of: "-", with: ""))")
            }
            lines.append("SUMMARY:\(escape(event.summary))")
            if !event.description.isEmpty { lines.append("DESCRIPTION:\(escape(event.description))") }
            if !event.categories.isEmpty { lines.append("CATEGORIES:\(event.categories.map(escape).joined(separator: ","))") }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20270311T233000Z`.
    static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines; other control
    /// characters are removed.
    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            default:
                if scalar.properties.generalCategory == .control { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Folds a content line into lines of at most 75 octets, continuation lines starting with a
    /// space, never splitting a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            let limit = pieces.isEmpty ? 75 : 74 // the leading space counts
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        pieces.append(current)
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}
