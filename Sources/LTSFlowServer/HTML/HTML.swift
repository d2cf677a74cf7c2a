/// A piece of HTML that is safe by construction.
///
/// Text given as a `String` is always escaped (``init(_:)``); element and attribute names are
/// `StaticString`s, so only the program's own constants can become markup. ``raw(_:)`` takes a
/// `StaticString` too: trusted constant markup such as an entity, never data.
public struct HTML: Sendable, Equatable, CustomStringConvertible {
    /// The markup, ready to send.
    public private(set) var rendered: String

    /// Text, escaped for an element's content (`&`, `<`, `>`, `"` and `'`).
    public init(_ text: String) {
        rendered = HTML.escape(text)
    }

    private init(markup: String) {
        rendered = markup
    }

    public static let empty = HTML(markup: "")

    /// Constant markup written in the program itself.
    public static func raw(_ markup: StaticString) -> HTML {
        HTML(markup: markup.description)
    }

    public var description: String { rendered }

    /// An element with escaped attribute values and children.
    public static func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:],
                               _ children: [HTML]) -> HTML {
        var out = "<\(name)"
        for (key, value) in attributes {
            guard let value else { continue }
            out += " \(key)=\"\(escape(value))\""
        }
        out += ">"
        for child in children { out += child.rendered }
        out += "</\(name)>"
        return HTML(markup: out)
    }

    /// An element that has no end tag (`meta`, `link`, `br`).
    public static func void(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:]) -> HTML {
        var out = "<\(name)"
        for (key, value) in attributes {
            guard let value else { continue }
            out += " \(key)=\"\(escape(value))\""
        }
        return HTML(markup: out + ">")
    }

    /// Pieces one after the other.
    public static func join(_ pieces: [HTML]) -> HTML {
        HTML(markup: pieces.map(\.rendered).joined())
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(markup: lhs.rendered + rhs.rendered)
    }

    /// A whole document: the doctype before the `html` element.
    public static func document(_ root: HTML) -> HTML {
        HTML(markup: "<!DOCTYPE html>\n" + root.rendered + "\n")
    }

    /// Escapes text for element content and double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needs = true
            break
        }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// Builds a list of ``HTML`` pieces with `if`, `for` and plain expressions.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> [HTML] { [html] }
    public static func buildExpression(_ html: [HTML]) -> [HTML] { html }
    public static func buildBlock(_ parts: [HTML]...) -> [HTML] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [HTML]?) -> [HTML] { part ?? [] }
    public static func buildEither(first: [HTML]) -> [HTML] { first }
    public static func buildEither(second: [HTML]) -> [HTML] { second }
    public static func buildArray(_ parts: [[HTML]]) -> [HTML] { parts.flatMap { $0 } }
}

extension HTML {
    /// `HTML.el("td", ["class": "x"]) { … }`: an element whose children come from a builder.
    public static func el(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:],
                          @HTMLBuilder _ children: () -> [HTML]) -> HTML {
        element(name, attributes, children())
    }

    /// An element holding one piece of escaped text.
    public static func el(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String) -> HTML {
        element(name, attributes, [HTML(text)])
    }
}
