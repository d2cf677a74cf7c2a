import Foundation

/// A Nuxeo Cloud hosting region, which fixes the default time zone, the standard maintenance
/// window's wall clock and the hotfix calendar.
///
/// "CET", "EST" and "JST" are only labels: each region follows its IANA zone's wall-clock time
/// all year, daylight saving time included (docs/domain.md, "Maintenance windows").
public enum Region: String, CaseIterable, Sendable, Codable {
    /// Europe, `Europe/Paris`.
    case eu
    /// United States, `America/New_York`.
    case us
    /// Japan, `Asia/Tokyo`.
    case jp

    /// Parses a region name, exactly as written (`eu`, `us`, `jp`).
    ///
    /// - Throws: ``SchedulingError/unknownRegion(_:)`` naming the text and the valid regions.
    public init(parsing text: String) throws {
        guard let region = Region(rawValue: text) else { throw SchedulingError.unknownRegion(text) }
        self = region
    }

    /// The IANA identifier of the region's zone.
    public var timeZoneIdentifier: String {
        switch self {
        case .eu: return "Europe/Paris"
        case .us: return "America/New_York"
        case .jp: return "Asia/Tokyo"
        }
    }

    /// The region's zone.
    public var timeZone: TimeZone {
        guard let zone = Self.zones[self] else {
            preconditionFailure("the time zone \(timeZoneIdentifier) of region \(rawValue) is missing from this system's time zone data")
        }
        return zone
    }

    /// The label the support pages use for the region's clock: `CET`, `EST` or `JST`.
    public var label: String {
        switch self {
        case .eu: return "CET"
        case .us: return "EST"
        case .jp: return "JST"
        }
    }

    /// The zone's abbreviations by UTC offset in seconds, standard and daylight saving time.
    ///
    /// Foundation on Linux names zones `GMT+1` rather than `CET`, so the abbreviations of the
    /// region zones are kept here; an offset not listed (historical times) has no abbreviation.
    var abbreviations: [Int: String] {
        switch self {
        case .eu: return [3600: "CET", 7200: "CEST"]
        case .us: return [-18_000: "EST", -14_400: "EDT"]
        case .jp: return [32_400: "JST"]
        }
    }

    /// The region whose zone has exactly this identifier, if any.
    static func owning(timeZoneIdentifier identifier: String) -> Region? {
        allCases.first { $0.timeZoneIdentifier == identifier }
    }

    private static let zones: [Region: TimeZone] = Dictionary(
        uniqueKeysWithValues: allCases.compactMap { region in
            TimeZone(identifier: region.timeZoneIdentifier).map { (region, $0) }
        }
    )
}
