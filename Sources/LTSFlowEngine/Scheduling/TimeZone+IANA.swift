import Foundation

extension TimeZone {
    /// The zone with an IANA `Area/Location` identifier, such as `Europe/London`, refusing
    /// anything else.
    ///
    /// Foundation also accepts offsets (`GMT+1`, `UTC+1`) and bare abbreviations (`EST`, `CET`),
    /// which are not wall clocks a customer lives by: `EST` has no daylight saving time at all.
    /// Those, unknown names and wrongly cased names are refused, with the zone they probably meant
    /// when it can be told (`CET` → `Europe/Paris`, `europe/london` → `Europe/London`).
    ///
    /// - Parameter identifier: The IANA identifier, exactly as the time zone database spells it.
    /// - Throws: ``SchedulingError/unknownTimeZone(_:suggestion:)``.
    public init(ianaIdentifier identifier: String) throws {
        guard identifier.contains("/"), let zone = TimeZone(identifier: identifier) else {
            throw SchedulingError.unknownTimeZone(identifier, suggestion: Self.suggestion(for: identifier))
        }
        self = zone
    }

    /// The zone a refused identifier probably meant, if one can be told.
    private static func suggestion(for identifier: String) -> String? {
        let trimmed = identifier.trimmingBlanksAndNewlines()
        let upper = trimmed.uppercased()
        if let region = Region.allCases.first(where: { $0.abbreviations.values.contains(upper) }) {
            return region.timeZoneIdentifier
        }
        if ["UTC", "GMT", "Z", "ZULU"].contains(upper) { return "Etc/UTC" }
        if trimmed != identifier, trimmed.contains("/"), TimeZone(identifier: trimmed) != nil { return trimmed }
        return TimeZone.knownTimeZoneIdentifiers.first { $0.uppercased() == upper }
    }
}
