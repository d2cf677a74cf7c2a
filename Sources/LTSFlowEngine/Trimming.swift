/// Trimming exactly as Foundation's `CharacterSet.whitespaces` and `.whitespacesAndNewlines` do
/// (on Linux: Unicode category Zs, the tab and U+200B), without them: a short command trims a
/// handful of values, and the first use of a character set costs more than the rest of a
/// `set` (it builds Foundation's Unicode tables). `TrimmingTests` compares the two.
extension StringProtocol {
    /// Without leading and trailing blanks: spaces (Zs), tabs and zero-width spaces.
    public func trimmingBlanks() -> String {
        trimming(Self.isBlank)
    }

    /// Without leading and trailing blanks and line breaks (U+000A–U+000D, U+0085, U+2028,
    /// U+2029).
    public func trimmingBlanksAndNewlines() -> String {
        trimming { scalar in
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
            default: Self.isBlank(scalar)
            }
        }
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
