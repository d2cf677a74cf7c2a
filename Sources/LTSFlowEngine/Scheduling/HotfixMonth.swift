import Foundation

/// A region's hotfix calendar for one month (docs/domain.md, "Hotfixes").
///
/// Pre-production hotfixes are applied on the first Friday of the month and production hotfixes
/// on the second, both in the region's calendar and in the region's standard window on that
/// Friday (00:00–02:00 local, the night from Thursday into Friday). Customer contacts are emailed
/// one week before: 7 calendar days earlier in the region's zone, not 168 hours.
///
/// Encoded as the items of `hotfixes --json` (docs/cli.md): `region`, `month`, `preprod`, `prod`,
/// `preprodNotice`, `prodNotice`, dates as `YYYY-MM-DD`.
public struct HotfixMonth: Sendable, Hashable, Encodable {
    public let region: Region
    public let month: YearMonth
    /// The first Friday of the month.
    public let preprod: LocalDate
    /// The second Friday of the month.
    public let prod: LocalDate
    /// The day the pre-production notice is due: 7 days before ``preprod``.
    public let preprodNotice: LocalDate
    /// The day the production notice is due: 7 days before ``prod``.
    public let prodNotice: LocalDate
    /// The region's standard window on ``preprod``, flagged `.preprod`.
    public let preprodWindow: MaintenanceWindow
    /// The region's standard window on ``prod``, flagged `.prod`.
    public let prodWindow: MaintenanceWindow

    /// Days between a hotfix and its notice.
    public static let noticeDays = 7

    /// The calendar of `region` for `month`; made by ``Schedule/hotfixes(region:month:)``.
    init(region: Region, month: YearMonth) {
        let first = month.firstDay
        // ISO weekday 5 is Friday.
        let firstFriday = first.adding(days: (5 - first.isoWeekday + 7) % 7)
        let secondFriday = firstFriday.adding(days: 7)
        let standard = Schedule(region: region)
        self.region = region
        self.month = month
        self.preprod = firstFriday
        self.prod = secondFriday
        self.preprodNotice = firstFriday.adding(days: -Self.noticeDays)
        self.prodNotice = secondFriday.adding(days: -Self.noticeDays)
        self.preprodWindow = standard.window(on: firstFriday, flaggedAs: .preprod)
        self.prodWindow = standard.window(on: secondFriday, flaggedAs: .prod)
    }

    /// The Friday of the hotfix of that kind.
    public func date(of kind: HotfixKind) -> LocalDate {
        switch kind {
        case .preprod: return preprod
        case .prod: return prod
        }
    }

    /// The day the notice of the hotfix of that kind is due.
    public func notice(of kind: HotfixKind) -> LocalDate {
        switch kind {
        case .preprod: return preprodNotice
        case .prod: return prodNotice
        }
    }

    /// The window of the hotfix of that kind.
    public func window(of kind: HotfixKind) -> MaintenanceWindow {
        switch kind {
        case .preprod: return preprodWindow
        case .prod: return prodWindow
        }
    }

    private enum CodingKeys: String, CodingKey {
        case region, month, preprod, prod, preprodNotice, prodNotice
    }
}
