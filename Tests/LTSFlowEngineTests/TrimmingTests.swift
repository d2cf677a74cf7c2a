import Foundation
import Testing
import LTSFlowEngine

/// The engine's own trimming removes exactly what Foundation's character sets remove: values a
/// person types (fact values, reasons, keys) are trimmed by it.
@Suite struct TrimmingTests {
    /// Every kind of blank and line break around and inside text, ASCII and not.
    static let samples: [String] = {
        let edges = [" ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
                     "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", "\u{1}", ""]
        let middles = ["", "SUPNXP-4242", "a b", "été\u{2003}x", "👩‍💻", "\u{301}", " \n "]
        var all: [String] = []
        for left in edges { for right in edges { for middle in middles { all.append(left + middle + right) } } }
        return all
    }()

    @Test func blanksAsFoundationWhitespaces() {
        for text in Self.samples {
            #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.dropFirst(0).trimmingBlanks() == text.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func blanksAndNewlinesAsFoundationWhitespacesAndNewlines() {
        for text in Self.samples {
            #expect(text.trimmingBlanksAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(Array(text.unicodeScalars))")
        }
    }
}

extension TrimmingTests {
    /// Every scalar Foundation counts as a blank or a line break is trimmed, and no other.
    @Test func everyScalarAsFoundation() {
        for value in 0...0x3100 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)x\(scalar)"
            #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            #expect(text.trimmingBlanksAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "U+\(String(value, radix: 16))")
        }
    }
}
