import Foundation

/// A customer's maintenance schedule: its region, the zone its window follows and the window's
/// wall-clock shape, with the region's hotfix calendar.
///
/// Everything here is arithmetic on values: no clock is read, so "now" is always passed in.
///
/// ```swift
/// let schedule = try Schedule(region: .eu, timeZone: "Europe/London", window: WindowSpec(parsing: "22:30-01:00"))
/// let window = schedule.window(on: try LocalDate(parsing: "2026-01-01"))
/// // 2026-01-01T22:30:00Z–2026-01-02T01:00:00Z, hotfix: .preprod (it overlaps the EU
/// // pre-production window of Friday 2026-01-02, 2026-01-01T23:00:00Z–01:00:00Z)
/// ```
public struct Schedule: Sendable, Hashable {
    /// The region whose hotfix calendar applies.
    public let region: Region
    /// The zone whose wall clock the window follows: the region's, unless overridden.
    public let timeZone: TimeZone
    /// The window's wall-clock shape: `00:00-02:00` unless overridden.
    public let windowSpec: WindowSpec

    /// The region's standard schedule: its own zone and the `00:00-02:00` window.
    public init(region: Region) {
        self.region = region
        self.timeZone = region.timeZone
        self.windowSpec = .standard
    }

    /// A customer's schedule, with its overrides.
    ///
    /// - Parameters:
    ///   - region: The customer's region, for the hotfix calendar.
    ///   - timeZone: An IANA `Area/Location` zone identifier replacing the region's, or `nil`.
    ///   - window: A window replacing `00:00-02:00`, or `nil`.
    /// - Throws: ``SchedulingError/unknownTimeZone(_:suggestion:)`` for a zone that is not an
    ///   IANA identifier (see ``Foundation/TimeZone/init(ianaIdentifier:)``).
    public init(region: Region, timeZone: String?, window: WindowSpec?) throws {
        self.region = region
        self.timeZone = try timeZone.map(TimeZone.init(ianaIdentifier:)) ?? region.timeZone
        self.windowSpec = window ?? .standard
    }

    // MARK: Windows

    /// The window on `date`, flagged when it overlaps a hotfix window of the region.
    ///
    /// It opens at the window's start time on `date` and closes at its end time on `date`, or on
    /// the next day when the window crosses midnight; each end is resolved on its own with the
    /// fold=0 rule of ``resolve(_:_:in:)``.
    public func window(on date: LocalDate) -> MaintenanceWindow {
        let window = window(on: date, flaggedAs: nil)
        guard let kind = Self.hotfixKind(overlapping: window) else { return window }
        return self.window(on: date, flaggedAs: kind)
    }

    /// The windows of `count` consecutive days from `date` on; empty when `count` is not positive.
    public func windows(from date: LocalDate, count: Int) -> [MaintenanceWindow] {
        guard count > 0 else { return [] }
        return (0..<count).map { window(on: date.adding(days: $0)) }
    }

    /// The window `instant` falls in, if any.
    public func window(containing instant: Date) -> MaintenanceWindow? {
        // A window opens on its own date, at or after that day's local midnight, and lasts less
        // than a day: only the windows of the instant's local date and the day before can hold it.
        let day = ZonedDateTime(instant, in: timeZone).date
        return [day.adding(days: -1), day].lazy.map(window(on:)).first { $0.contains(instant) }
    }

    /// The window on `date` with the given flag, without looking at the hotfix calendar.
    func window(on date: LocalDate, flaggedAs kind: HotfixKind?) -> MaintenanceWindow {
        let (start, end) = bounds(on: date)
        return MaintenanceWindow(region: region, date: date, zone: timeZone, start: start, end: end, hotfix: kind)
    }

    private func bounds(on date: LocalDate) -> (start: Date, end: Date) {
        let endDate = windowSpec.crossesMidnight ? date.adding(days: 1) : date
        return (resolve(date, windowSpec.start, in: timeZone), resolve(endDate, windowSpec.end, in: timeZone))
    }

    // MARK: Hotfixes

    /// The hotfix calendar of `region` for `month`: its two Fridays, their notice days and their
    /// windows.
    public static func hotfixes(region: Region, month: YearMonth) -> HotfixMonth {
        HotfixMonth(region: region, month: month)
    }

    /// The hotfix window of `region` that `instant` falls in, with its kind, if any.
    ///
    /// Guards use it to refuse a pre-production upgrade in the pre-production hotfix window, or a
    /// production cutover in the production one.
    public static func hotfixWindow(containing instant: Date, region: Region) -> (HotfixKind, MaintenanceWindow)? {
        let day = ZonedDateTime(instant, in: region.timeZone).date
        for month in months(around: day) {
            let hotfixes = hotfixes(region: region, month: month)
            for kind in HotfixKind.allCases where hotfixes.window(of: kind).contains(instant) {
                return (kind, hotfixes.window(of: kind))
            }
        }
        return nil
    }

    /// Whether `instant` is inside `window`: at or after its start and before its end.
    public static func isInside(_ instant: Date, window: MaintenanceWindow) -> Bool {
        window.contains(instant)
    }

    /// The kind of the hotfix window of the window's region that overlaps it, if any.
    private static func hotfixKind(overlapping window: MaintenanceWindow) -> HotfixKind? {
        for month in months(around: window.date) {
            let hotfixes = hotfixes(region: window.region, month: month)
            for kind in HotfixKind.allCases where window.overlaps(hotfixes.window(of: kind)) {
                return kind
            }
        }
        return nil
    }

    /// The months a window near `date` may share instants with: those of the days two either
    /// side, since zones differ by at most 26 hours and a window lasts less than a day.
    private static func months(around date: LocalDate) -> [YearMonth] {
        let first = date.adding(days: -2).yearMonth
        let last = date.adding(days: 2).yearMonth
        return first == last ? [first] : [first, last]
    }
}
