/// Which monthly hotfix a window is reserved for (docs/domain.md, "Hotfixes").
public enum HotfixKind: String, CaseIterable, Sendable, Codable {
    /// Pre-production hotfixes, in the window of the first Friday of the month.
    case preprod
    /// Production hotfixes, in the window of the second Friday of the month.
    case prod

    /// Which Friday of the month the hotfix uses: 1 for pre-production, 2 for production.
    public var fridayOfMonth: Int {
        switch self {
        case .preprod: return 1
        case .prod: return 2
        }
    }
}
