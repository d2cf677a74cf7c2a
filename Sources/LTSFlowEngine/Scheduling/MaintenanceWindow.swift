import Foundation

/// One maintenance window: the UTC interval `[start, end)` and how its ends read locally.
///
/// Windows are made by ``Schedule``: a window on ``date`` opens at its local start time on that
/// day and closes at its local end time (the next day when it crosses midnight), each end
/// resolved on its own by ``resolve(_:_:in:)``. Its real length therefore changes on the nights
/// the clocks do: the US window on 2026-11-01 lasts 3 hours, 04:00Z–07:00Z.
///
/// Encoded as the items of `windows --json` (docs/cli.md): `region`, `timeZone`, `date`,
/// `startUTC`, `endUTC` (RFC 3339 UTC), `startLocal`, `endLocal` (`2026-11-01T00:00-04:00`, the
/// local date-time followed by its offset) and `hotfix` (`null`, `"preprod"` or `"prod"`).
public struct MaintenanceWindow: Sendable, Hashable, Encodable {
    /// The region whose hotfix calendar the window is checked against.
    public let region: Region
    /// The local date the window belongs to: the day it opens.
    public let date: LocalDate
    /// The IANA identifier of the zone whose wall clock the window follows.
    public let timeZone: String
    /// The first instant inside the window.
    public let start: Date
    /// The first instant after the window.
    public let end: Date
    /// The wall clock at ``start``.
    public let startLocal: ZonedDateTime
    /// The wall clock at ``end``; in a gap this is the real reading after the jump.
    public let endLocal: ZonedDateTime
    /// The hotfix whose window of ``region`` overlaps this window, if any.
    public let hotfix: HotfixKind?

    init(region: Region, date: LocalDate, zone: TimeZone, start: Date, end: Date, hotfix: HotfixKind?) {
        self.region = region
        self.date = date
        self.timeZone = zone.identifier
        self.start = start
        self.end = end
        self.startLocal = ZonedDateTime(start, in: zone)
        self.endLocal = ZonedDateTime(end, in: zone)
        self.hotfix = hotfix
    }

    /// The real length of the window, which differs from the nominal one on clock-change nights.
    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// Whether `instant` is inside the window: at or after ``start`` and before ``end``.
    public func contains(_ instant: Date) -> Bool {
        start <= instant && instant < end
    }

    /// Whether the two windows share at least one instant (half-open intervals: a window ending
    /// when the other starts does not overlap it).
    public func overlaps(_ other: MaintenanceWindow) -> Bool {
        start < other.end && other.start < end
    }

    private enum CodingKeys: String, CodingKey {
        case region, timeZone, date, startUTC, endUTC, startLocal, endLocal, hotfix
    }

    /// Encodes the keys of `windows --json`; `hotfix` is written as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(region, forKey: .region)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(date, forKey: .date)
        try container.encode(UTCText.rfc3339(start), forKey: .startUTC)
        try container.encode(UTCText.rfc3339(end), forKey: .endUTC)
        try container.encode(startLocal, forKey: .startLocal)
        try container.encode(endLocal, forKey: .endLocal)
        try container.encode(hotfix, forKey: .hotfix)
    }
}
