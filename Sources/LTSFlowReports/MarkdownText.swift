import Foundation

/// Escaping of untrusted text for each Markdown context, so that a name or a reason can never
/// break a table, inject HTML or a link, mention someone, or break a diagram.
public enum MarkdownText {
    /// Characters that can start emphasis, code, links, HTML, strikethrough or math wherever
    /// they stand in a line of GitHub Flavored Markdown: always escaped with a backslash.
    private static let alwaysEscaped: Set<Unicode.Scalar> = ["`", "*", "[", "<", "~", "$"]
    /// What a backslash escapes in CommonMark: before anything else it is a plain backslash.
    private static let asciiPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// Inline text with only what would change its meaning escaped, so that it also reads
    /// cleanly as plain text: every character of ``alwaysEscaped``; `_` unless it stands
    /// between letters or digits (GFM never reads intraword `_` as emphasis); `&` before a
    /// letter or `#` (an entity); `\` before punctuation; `:` before `/` and the `.` of `www.`
    /// (an escaped character stops GFM's URL autolinks); `#` when only `#` and blanks follow (a
    /// heading's closing sequence). `@` is followed by an invisible zero-width non-joiner, since
    /// an escape does not stop e-mail autolinks or mentions. Line breaks and control characters
    /// become spaces. Text is never placed at the start of a line, so list, heading and quote
    /// markers need no escape; `(`, `)`, `]`, `!` and `:` elsewhere mean nothing once `[` and
    /// `<` are escaped; a table cell escapes `|` too (``cell(_:)``).
    public static func inline(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars.map { isUnsafe($0) ? " " : $0 })
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, scalar) in scalars.enumerated() {
            let before = index > 0 ? scalars[index - 1] : nil
            let after = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar == "@" {
                result += "@\u{200C}"
                continue
            }
            if needsEscape(scalar, before: before, after: after, rest: scalars[(index + 1)...], written: result) {
                result += "\\"
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, before: Unicode.Scalar?, after: Unicode.Scalar?,
                                    rest: ArraySlice<Unicode.Scalar>, written: String) -> Bool {
        if alwaysEscaped.contains(scalar) { return true }
        func isWord(_ other: Unicode.Scalar?) -> Bool { other.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false }
        switch scalar {
        case "_": return !(isWord(before) && isWord(after))
        case "&": return after.map { $0 == "#" || $0.properties.isAlphabetic } ?? false
        case "\\": return after.map { asciiPunctuation.contains($0) } ?? false
        case ":": return after == "/"
        case ".": return String(String.UnicodeScalarView(written.unicodeScalars.suffix(3))).lowercased() == "www"
        case "#": return rest.allSatisfy { $0 == "#" || $0 == " " }
        default: return false
        }
    }

    /// A table cell: inline text with `|` escaped too, never empty (an empty cell reads as a dash).
    public static func cell(_ text: String) -> String {
        let escaped = inline(text).replacingOccurrences(of: "|", with: "\\|").trimmingCharacters(in: .whitespaces)
        return escaped.isEmpty ? "-" : escaped
    }

    /// A code span that holds any text: the fence is longer than any run of backticks inside.
    /// In a table cell a `|` must still be escaped (GFM removes that backslash before reading
    /// the span).
    public static func code(_ text: String, inTable: Bool = false) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? " " : $0 }))
        var longest = 0
        var run = 0
        for character in clean {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let body = inTable ? clean.replacingOccurrences(of: "|", with: "\\|") : clean
        // Padded only when the text needs it: a backtick at either end, or a space at both
        // (CommonMark strips one space from each side).
        let padded = clean.hasPrefix("`") || clean.hasSuffix("`") || clean.isEmpty || (clean.hasPrefix(" ") && clean.hasSuffix(" "))
        return padded ? "\(fence) \(body) \(fence)" : "\(fence)\(body)\(fence)"
    }

    /// Line breaks, other control characters and invisible format characters (bidirectional
    /// overrides) are never passed through.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        case .format: scalar.value != 0x200D // keep the joiner of emoji sequences
        default: false
        }
    }
}
