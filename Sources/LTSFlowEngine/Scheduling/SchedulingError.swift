import Foundation

/// A value the scheduling module refuses, with one sentence naming it and what would be valid.
///
/// Parsing is strict: a refused value is never guessed at or normalised. The messages are meant
/// to be printed as they are by the command line.
public enum SchedulingError: Error, LocalizedError, Equatable, Sendable {
    /// Not a `YYYY-MM-DD` date, or not a real calendar day.
    case invalidDate(String)
    /// Not an `HH:MM` time between 00:00 and 23:59.
    case invalidTime(String)
    /// Not a `YYYY-MM` month.
    case invalidMonth(String)
    /// Not an `HH:MM-HH:MM` window.
    case invalidWindow(String)
    /// A window whose end equals its start.
    case emptyWindow(String)
    /// Not one of the regions `eu`, `us`, `jp`.
    case unknownRegion(String)
    /// Not an IANA time zone identifier; `suggestion` is the zone the value probably meant.
    case unknownTimeZone(String, suggestion: String?)

    public var errorDescription: String? {
        switch self {
        case .invalidDate(let text):
            return "\(Self.quoted(text)) is not a valid date: expected YYYY-MM-DD, a real calendar day from 0001-01-01 to 9999-12-31, such as 2027-03-12."
        case .invalidTime(let text):
            return "\(Self.quoted(text)) is not a valid time: expected HH:MM from 00:00 to 23:59, such as 00:30."
        case .invalidMonth(let text):
            return "\(Self.quoted(text)) is not a valid month: expected YYYY-MM with a month from 01 to 12, such as 2027-03."
        case .invalidWindow(let text):
            return "\(Self.quoted(text)) is not a valid maintenance window: expected HH:MM-HH:MM with times from 00:00 to 23:59, such as 00:00-02:00."
        case .emptyWindow(let text):
            return "\(Self.quoted(text)) is an empty maintenance window: the end must differ from the start, such as 00:00-02:00, and an end before the start crosses midnight, as in 22:30-01:00."
        case .unknownRegion(let text):
            let valid = Region.allCases.map(\.rawValue).joined(separator: ", ")
            return "\(Self.quoted(text)) is not a region: use one of \(valid)."
        case .unknownTimeZone(let text, let suggestion):
            let hint = suggestion.map { " Did you mean \($0)?" } ?? ""
            return "\(Self.quoted(text)) is not an IANA time zone: use an Area/Location identifier such as Europe/Paris, America/New_York or Asia/Tokyo.\(hint)"
        }
    }

    /// Quotes a user's value, showing control characters escaped so the message stays one line.
    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "'" {
                escaped += scalar.escaped(asASCII: false)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return "'\(escaped)'"
    }
}
