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
    }
}
