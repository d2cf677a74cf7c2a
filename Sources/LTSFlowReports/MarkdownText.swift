import Foundation

/// Escaping of untrusted text for each Markdown context, so that a name or a reason can never
/// break a table, inject HTML or a link, mention someone, or break a diagram.
public enum MarkdownText {
    /// Characters that start emphasis, code, links, images, HTML, entities, strikethrough, math,
    /// mentions or table cells in GitHub Flavored Markdown, escaped with a backslash. Text is
    /// never placed at the start of a line, so list and heading markers need no escape.
    ///
    /// `:` and the `.` of `www.` are escaped because an escaped character stops GFM's URL
    /// autolinks (`https://…`, `www.…`). An escaped `@` does not stop e-mail autolinks or
    /// mentions, so `@` is followed by an invisible zero-width non-joiner instead.
    private static let punctuation: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "!", "|", "<", ">", "~", "&", "$", ":",
    ]

    /// Inline text: every Markdown punctuation escaped, line breaks and control characters
    /// turned into spaces, so the text is read literally on one line.
    public static func inline(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += " "
            } else if scalar == "@" {
                result += "@\u{200C}"
            } else if punctuation.contains(scalar) || (scalar == "." && String(String.UnicodeScalarView(result.unicodeScalars.suffix(3))).lowercased() == "www") {
                result += "\\"
                result.unicodeScalars.append(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A table cell: inline text, never empty (an empty cell reads as a dash).
    public static func cell(_ text: String) -> String {
        let escaped = inline(text).trimmingCharacters(in: .whitespaces)
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
        return "\(fence) \(body) \(fence)"
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
