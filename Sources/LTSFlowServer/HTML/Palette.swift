/// The board's colours: every pair of text and background colour the stylesheet uses, so that
/// a test can check each against WCAG AA (a contrast ratio of at least 4.5:1 for normal text).
public enum Palette {
    /// A text colour on a background colour, as `#rrggbb`.
    public struct Pair: Sendable {
        public var name: String
        public var text: String
        public var background: String
    }

    public static let page = Pair(name: "page", text: "#1b1f24", background: "#ffffff")
    public static let muted = Pair(name: "muted", text: "#4a5058", background: "#ffffff")
    public static let column = Pair(name: "column", text: "#1b1f24", background: "#eef1f4")
    public static let columnMuted = Pair(name: "column-muted", text: "#454b52", background: "#eef1f4")
    public static let link = Pair(name: "link", text: "#0a4ea3", background: "#ffffff")
    public static let linkOnColumn = Pair(name: "link-on-column", text: "#0a4ea3", background: "#eef1f4")
    public static let header = Pair(name: "header", text: "#ffffff", background: "#20303f")
    public static let headerLink = Pair(name: "header-link", text: "#dbe8f5", background: "#20303f")
    public static let current = Pair(name: "current-filter", text: "#ffffff", background: "#0a4ea3")

    /// The badge of each status word: upgrade states (blocked, waiting, active, ready, finished,
    /// cancelled, none), stage statuses (pending, ready, active, blocked, done, skipped) and an
    /// overdue agenda item.
    public static let statuses: [Pair] = [
        Pair(name: "blocked", text: "#ffffff", background: "#b02a1f"),
        Pair(name: "waiting", text: "#ffffff", background: "#8a4600"),
        Pair(name: "active", text: "#ffffff", background: "#1d4f91"),
        Pair(name: "ready", text: "#ffffff", background: "#0b6466"),
        Pair(name: "finished", text: "#ffffff", background: "#1f6b33"),
        Pair(name: "done", text: "#ffffff", background: "#1f6b33"),
        Pair(name: "cancelled", text: "#ffffff", background: "#5a6168"),
        Pair(name: "none", text: "#ffffff", background: "#5a6168"),
        Pair(name: "pending", text: "#ffffff", background: "#5a6168"),
        Pair(name: "skipped", text: "#ffffff", background: "#5a6168"),
        Pair(name: "overdue", text: "#ffffff", background: "#b02a1f"),
    ]

    /// Every pair the stylesheet uses.
    public static var all: [Pair] {
        [page, muted, column, columnMuted, link, linkOnColumn, header, headerLink, current] + statuses
    }
}
