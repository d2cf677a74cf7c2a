import Foundation
import LTSFlowEngine

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
        // Most names, ids and reasons hold nothing this function changes: returned as they are
        // (a report writes tens of thousands of them).
        if text.utf8.allSatisfy(isInert) { return text }
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
        if scalar.isASCII, !isSpecial(UInt8(scalar.value)) { return false }
        if alwaysEscaped.contains(scalar) { return true }
        func isWord(_ other: Unicode.Scalar?) -> Bool { other.map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false }
        switch scalar {
        case "_": return !(isWord(before) && isWord(after))
        case "&": return after.map { $0 == "#" || $0.properties.isAlphabetic } ?? false
        case "\\": return after.map { asciiPunctuation.contains($0) } ?? false
        case ":": return after == "/"
        case ".": return endsWithWWW(written)
        case "#": return rest.allSatisfy { $0 == "#" || $0 == " " }
        default: return false
        }
    }

    /// A table cell: inline text with `|` escaped too, never empty (an empty cell reads as a dash).
    public static func cell(_ text: String) -> String {
        var escaped = escapingBars(inline(text))
        // Trimmed only when an end may be a blank (trimming costs more than the rest).
        if let first = escaped.unicodeScalars.first, let last = escaped.unicodeScalars.last,
           isNeverBlank(first), isNeverBlank(last) {
            return escaped
        }
        escaped = escaped.trimmingBlanks()
        return escaped.isEmpty ? "-" : escaped
    }

    /// Every `|` preceded by a backslash: Foundation's `replacingOccurrences(of: "|", with: "\\|")`,
    /// done byte by byte for ASCII text (where no `|` can be part of a longer character).
    private static func escapingBars(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "|")) else { return text }
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.replacingOccurrences(of: "|", with: "\\|") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "|") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True for a scalar that `CharacterSet.whitespaces` surely does not hold: any ASCII
    /// scalar but space and tab (the set is tab and the space separators, category Zs). Other
    /// scalars are left to ``trimmingBlanks()``.
    private static func isNeverBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar != " " && scalar != "\t"
    }

    /// An ASCII byte that ``inline(_:)`` never changes nor looks around: printable, and none of
    /// the characters it escapes or rewrites depending on their neighbours.
    private static func isInert(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && !isSpecial(byte)
    }

    /// The printable ASCII characters ``needsEscape(_:before:after:rest:written:)`` and
    /// ``inline(_:)`` act on; any other ASCII character is written as it is.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: "~"), UInt8(ascii: "$"),
             UInt8(ascii: "_"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "#"),
             UInt8(ascii: "@"):
            true
        default:
            false
        }
    }

    /// Whether the last three scalars written, lowercased, are "www".
    private static func endsWithWWW(_ written: String) -> Bool {
        let last = written.unicodeScalars.suffix(3)
        if last.count == 3, last.allSatisfy({ $0 == "w" || $0 == "W" }) { return true }
        if last.allSatisfy(\.isASCII) { return false }
        return String(String.UnicodeScalarView(last)).lowercased() == "www"
    }

    /// A code span that holds any text: the fence is longer than any run of backticks inside.
    /// In a table cell a `|` must still be escaped (GFM removes that backslash before reading
    /// the span).
    public static func code(_ text: String, inTable: Bool = false) -> String {
        let clean = text.unicodeScalars.contains(where: isUnsafe)
            ? String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? " " : $0 })) : text
        var longest = 0
        var run = 0
        if clean.utf8.contains(UInt8(ascii: "`")) {
            for character in clean {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let body = inTable ? escapingBars(clean) : clean
        // Padded only when the text needs it: a backtick at either end, or a space at both
        // (CommonMark strips one space from each side).
        let padded = clean.hasPrefix("`") || clean.hasSuffix("`") || clean.isEmpty || (clean.hasPrefix(" ") && clean.hasSuffix(" "))
        return padded ? "\(fence) \(body) \(fence)" : "\(fence)\(body)\(fence)"
    }

    /// Line breaks, other control characters and invisible format characters (bidirectional
    /// overrides) are never passed through.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII: only C0 controls and DEL are in these categories.
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        case .format: scalar.value != 0x200D // keep the joiner of emoji sequences
        default: false
        }
    }
}
