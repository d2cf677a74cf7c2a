#if WebBoard
import Foundation
import LTSFlowServer
import Testing

/// WCAG AA: every text colour on its background has a contrast ratio of at least 4.5:1
/// (WCAG 2.1, "relative luminance" and "contrast ratio", computed here from the definitions).
@Suite struct AccessibilityTests {
    static func channel(_ value: Int) -> Double {
        let c = Double(value) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    static func luminance(_ hex: String) throws -> Double {
        let digits = try #require(Int(hex.dropFirst(), radix: 16), "\(hex) is not #rrggbb")
        #expect(hex.count == 7)
        return 0.2126 * channel(digits >> 16 & 0xFF) + 0.7152 * channel(digits >> 8 & 0xFF) + 0.0722 * channel(digits & 0xFF)
    }

    static func ratio(_ a: String, _ b: String) throws -> Double {
        let (x, y) = (try luminance(a), try luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test func theFormulaGivesTheKnownRatios() throws {
        #expect(abs(try Self.ratio("#000000", "#ffffff") - 21) < 0.001)
        #expect(abs(try Self.ratio("#777777", "#ffffff") - 4.48) < 0.01)
    }

    @Test(arguments: Palette.all.map(\.name))
    func everyPairMeetsAA(name: String) throws {
        let pair = try #require(Palette.all.first { $0.name == name })
        let ratio = try Self.ratio(pair.text, pair.background)
        #expect(ratio >= 4.5, "\(pair.name): \(pair.text) on \(pair.background) is \(ratio):1")
    }

    @Test func theStylesheetUsesThePalette() {
        for pair in Palette.all {
            #expect(Stylesheet.text.contains(pair.text), "\(pair.name)")
            #expect(Stylesheet.text.contains(pair.background), "\(pair.name)")
        }
        for pair in Palette.statuses {
            #expect(Stylesheet.text.contains(".status-\(pair.name), .timeline .status-\(pair.name) { background: \(pair.background); color: \(pair.text); }"))
        }
    }
}

@Suite struct HTMLTests {
    @Test func textIsEscapedInContentAndAttributes() {
        let html = HTML.el("a", ["href": "/x?a=1&b=\"2\"", "title": nil], text: "<b>'Tom' & \"Jerry\"</b>")
        #expect(html.rendered == "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;b&gt;&#39;Tom&#39; &amp; &quot;Jerry&quot;&lt;/b&gt;</a>")
    }

    @Test func onlyConstantsAreRaw() {
        #expect(HTML.raw("&nbsp;").rendered == "&nbsp;")
        #expect(HTML("&nbsp;").rendered == "&amp;nbsp;")
    }

    @Test func loopbackHostsAreKnown() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] { #expect(BoardServer.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "10.0.0.1", "::", "example.com", "127.0.0.256", "127.0.0", "128.0.0.1"] {
            #expect(!BoardServer.isLoopback(host), "\(host)")
        }
    }
}
#endif
