import Foundation
import Testing
@testable import LTSFlowCore

@Suite struct StoreDateTests {
    @Test func writesRFC3339UTCWithMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_799_999_999.123)
        #expect(StoreDate.text(date) == "2027-01-15T07:59:59.123Z")
        #expect(StoreDate.text(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(StoreDate.text(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test func readsBackExactlyWhatNormalizedGives() {
        for seconds in stride(from: -86_400.0 * 400, to: 86_400.0 * 365 * 60, by: 86_400.0 * 97.377_7) {
            let date = Date(timeIntervalSince1970: seconds + 0.000_4567)
            let text = StoreDate.text(date)
            #expect(StoreDate.parse(text) == StoreDate.normalized(date), "\(text)")
            #expect(StoreDate.text(StoreDate.parse(text) ?? .distantPast) == text)
        }
    }

    @Test(arguments: ["", "2027-01-15", "2027-01-15T08:39:59Z", "2027-13-15T08:39:59.123Z", "2027-01-15 08:39:59.123Z", "2027-01-15T08:39:59.12xZ"])
    func refusesOtherText(_ text: String) {
        #expect(StoreDate.parse(text) == nil)
        #expect(!Self.isValid(text))
    }

    static func isValid(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer(StoreDate.isValid)
    }

    /// `isValid` (the check of kept blocker lists as they are read) accepts exactly what `parse`
    /// reads: every byte of a stored instant replaced in turn by digits, separators and other bytes.
    @Test func isValidAcceptsExactlyWhatParseReads() {
        let stored = Array("2027-03-01T09:30:59.123Z".utf8)
        #expect(stored.withUnsafeBufferPointer(StoreDate.isValid))
        let replacements = Array("0123456789-T:.Z /".utf8) + [0, 0x7f, 0xff]
        var accepted = 0, refused = 0
        for position in stored.indices {
            for byte in replacements {
                var text = stored
                text[position] = byte
                let parsed = text.withUnsafeBufferPointer { StoreDate.parse(bytes: $0) } != nil
                #expect(text.withUnsafeBufferPointer(StoreDate.isValid) == parsed, "\(String(decoding: text, as: UTF8.self))")
                if parsed { accepted += 1 } else { refused += 1 }
            }
        }
        // Both kinds were tried: months 13 and up, hours 24 and up, minutes 60 and up are refused.
        #expect(accepted > 50 && refused > 300)
        for text in ["2027-13-01T09:30:59.123Z", "2027-00-01T09:30:59.123Z", "2027-03-32T09:30:59.123Z",
                     "2027-03-01T24:30:59.123Z", "2027-03-01T09:60:59.123Z", "2027-03-01T09:30:60.123Z"] {
            #expect(!Self.isValid(text), "\(text)")
        }
    }
}
