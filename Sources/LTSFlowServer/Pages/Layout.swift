import Foundation
import LTSFlowCore
import LTSFlowEngine

/// The frame of every page: landmarks (banner, navigation, main, contentinfo), a skip link, the
/// stylesheet served by the tool itself, and no script.
enum Layout {
    enum Section: String {
        case board, blocked, agenda, none
    }

    static func page(title: String, section: Section, asOf: Date?, @HTMLBuilder _ content: () -> [HTML]) -> HTML {
        let body = content()
        return .document(.el("html", ["lang": "en"]) {
            HTML.el("head") {
                HTML.void("meta", ["charset": "utf-8"])
                HTML.void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
                HTML.el("title", text: "\(title) · ltsflow")
                HTML.void("link", ["rel": "stylesheet", "href": Stylesheet.path])
                HTML.void("link", ["rel": "icon", "href": Stylesheet.iconPath, "type": "image/svg+xml"])
            }
            HTML.el("body") {
                HTML.el("a", ["class": "skip", "href": "#main"], text: "Skip to the content")
                HTML.el("header", ["class": "site"]) {
                    HTML.el("span", ["class": "brand"], text: "ltsflow")
                    HTML.el("nav", ["aria-label": "Main"]) {
                        HTML.el("ul") {
                            link("Board", "/", current: section == .board)
                            link("Blocked", "/blocked", current: section == .blocked)
                            link("Agenda", "/agenda", current: section == .agenda)
                            link("Portfolio report (Markdown)", "/report.md", current: false)
                            link("Calendar (iCalendar)", "/calendar.ics", current: false)
                            link("API", "/api/v1/openapi.json", current: false)
                        }
                    }
                }
                HTML.element("main", ["id": "main"], body)
                HTML.el("footer") {
                    if let asOf {
                        HTML.el("p", ["class": "asof"], text: "As of \(UTCText.minute(asOf)) UTC. Read-only; ltsflow serve.")
                    }
                }
            }
        })
    }

    private static func link(_ title: String, _ href: String, current: Bool) -> HTML {
        .el("li") { HTML.el("a", ["href": href, "aria-current": current ? "page" : nil], text: title) }
    }

    /// A filter as links, "Title: all a b c", the one in force marked with `aria-current`.
    ///
    /// - Parameters:
    ///   - current: The value in force, nil for "all".
    ///   - href: The link of a value (nil: every value).
    static func filterGroup(_ title: String, values: [String], current: String?, href: (String?) -> String) -> HTML {
        let id = "filter-\(title.lowercased())"
        return .el("div") {
            HTML.el("span", ["id": id], text: title + ": ")
            HTML.el("ul", ["aria-labelledby": id]) {
                HTML.el("li") { HTML.el("a", ["href": href(nil), "aria-current": current == nil ? "true" : nil], text: "all") }
                for value in values {
                    HTML.el("li") { HTML.el("a", ["href": href(value), "aria-current": current == value ? "true" : nil], text: value) }
                }
            }
        }
    }

    /// The CSM of the filter `csm` as the portfolio writes it (`?csm=ALICE` is Alice), or as
    /// given when no customer has that CSM.
    static func csm(_ given: String?, among csms: [String]) -> String? {
        given.map { given in csms.first { Customer.csmKey($0) == Customer.csmKey(given) } ?? given }
    }

    /// A status as a word in a coloured badge: the word carries the meaning, the colour repeats it.
    static func status(_ word: String) -> HTML {
        .el("span", ["class": "status status-\(word)"], text: word)
    }

    /// `/customers/ID`, the id percent-encoded as a path segment.
    static func customerPath(_ id: String, suffix: String = "") -> String {
        "/customers/" + URLText.segment(id) + suffix
    }
}

/// Percent-encoding for the links the pages write.
enum URLText {
    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `?a=1&b=2` of the non-nil values, in the order given; empty when none.
    static func query(_ items: [(String, String?)]) -> String {
        let parts = items.compactMap { key, value in value.map { "\(key)=\(segment($0))" } }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
