import Foundation

/// Parsing and reading of fact values by type.
///
/// Facts are stored as canonical text (what the person typed, normalised) so that history shows
/// exactly what was recorded; the typed readings below are computed when a guard needs them.
public enum FactValue {
    /// Checks `text` against the fact's type and returns its canonical form.
    ///
    /// - Throws: ``EngineError/badFactValue(key:value:format:)`` naming the expected format.
    public static func canonical(_ text: String, of fact: FactDefinition) throws(EngineError) -> String {
        let trimmed = text.trimmingBlanksAndNewlines()
        let bad = EngineError.badFactValue(key: fact.key, value: text, format: fact.type.format)
        switch fact.type {
        case .date:
            guard let date = try? LocalDate(parsing: trimmed) else { throw bad }
            return date.description
        case .datetime:
            guard let value = LocalDateTime(parsing: trimmed) else { throw bad }
            return value.description
        case .text:
            guard !trimmed.isEmpty, trimmed.count <= 2_000, !trimmed.unicodeScalars.contains(where: isControl) else { throw bad }
            return trimmed
        case .ticket:
            let upper = trimmed.uppercased()
            let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, upper.count <= 40,
                  let project = parts.first, let first = project.first, first.isLetter, first.isASCII,
                  project.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { throw bad }
            return upper
        case .searchCluster:
            guard let cluster = SearchCluster(trimmed) else { throw bad }
            return cluster.description
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}

/// A date-time as recorded in a fact: local wall-clock time in the customer's zone, or with an
/// explicit UTC offset.
public struct LocalDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime
    /// Seconds east of UTC when the text carried an offset (`Z`, `+01:00`); nil means the
    /// customer's zone.
    public var offsetSeconds: Int?

    /// Parses `YYYY-MM-DDTHH:MM`, optionally followed by `Z` or `±HH:MM`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let date = try? LocalDate(parsing: String(parts[0])) else { return nil }
        var rest = String(parts[1])
        var offset: Int?
        if rest.hasSuffix("Z") {
            offset = 0
            rest.removeLast()
        } else if rest.count == 11, let sign = rest.dropFirst(5).first, sign == "+" || sign == "-" {
            let zone = String(rest.suffix(6))
            guard let parsed = try? LocalTime(parsing: String(zone.dropFirst())), parsed.minute % 15 == 0, parsed.hour <= 14 else { return nil }
            offset = (sign == "+" ? 1 : -1) * (parsed.hour * 3600 + parsed.minute * 60)
            rest = String(rest.prefix(5))
        }
        guard let time = try? LocalTime(parsing: rest) else { return nil }
        self.date = date
        self.time = time
        self.offsetSeconds = offset
    }

    public var description: String {
        let base = "\(date)T\(time)"
        guard let offsetSeconds else { return base }
        if offsetSeconds == 0 { return base + "Z" }
        let magnitude = abs(offsetSeconds)
        return base + (offsetSeconds < 0 ? "-" : "+") + String(format: "%02d:%02d", magnitude / 3600, magnitude % 3600 / 60)
    }

    /// The instant, reading a zone-less value in `zone` by the fold=0 rule.
    public func instant(in zone: TimeZone) -> Date {
        if let offsetSeconds {
            return LocalClock.resolve(date, time, offsetSeconds: offsetSeconds)
        }
        return LocalClock.resolve(date, time, in: zone)
    }
}

/// Reading local times as instants and back, for fact guards and their sentences.
enum LocalClock {
    /// A local date-time with a fixed offset.
    static func resolve(_ date: LocalDate, _ time: LocalTime, offsetSeconds: Int) -> Date {
        let wall = date.daysSinceEpoch * 86_400 + time.minutesSinceMidnight * 60
        return Date(timeIntervalSince1970: TimeInterval(wall - offsetSeconds))
    }

    /// A local date-time in a zone, by the fold=0 rule of the scheduling module.
    static func resolve(_ date: LocalDate, _ time: LocalTime, in zone: TimeZone) -> Date {
        LTSFlowEngine.resolve(date, time, in: zone)
    }

    /// "2027-03-12 00:30 CET (2027-03-11 23:30 UTC)".
    static func describe(_ instant: Date, in zone: TimeZone) -> String {
        let local = ZonedDateTime(instant, in: zone)
        let utc = ZonedDateTime(instant, in: TimeZone(identifier: "UTC")!)
        return "\(local.date) \(local.time) \(local.label) (\(utc.date) \(utc.time) UTC)"
    }
}

extension LocalDate {
    /// Calendar days from this date to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }
}
