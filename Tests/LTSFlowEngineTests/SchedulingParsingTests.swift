import Foundation
import LTSFlowEngine
import Testing

/// Strict parsing: what is refused, with which error, and what is accepted.
@Suite struct SchedulingParsingTests {
    /// A text a parser must refuse, with the error it must give.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let text: String
        let error: SchedulingError
        var testDescription: String { "'\(text)'" }
    }

    static let badDates = [
        "2027-02-30", "2026-13-01", "99999-01-01", "", "2025-02-29", "1900-02-29", "0000-01-01",
        "2026-00-10", "2026-01-00", "2026-04-31", "2026-1-01", "2026-01-1", "26-01-01",
        "2026/01/01", "2026-01-01T00:00", " 2026-01-01", "2026-01-01 ", "+2026-01-01",
        "-2026-01-01", "2026-01-0a", "２０２６-01-01", "२०२६-01-01", "2026-01-01\n",
    ].map { Refusal(text: $0, error: .invalidDate($0)) }

    @Test(arguments: badDates)
    func dateIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try LocalDate(parsing: refusal.text) }
    }

    @Test(arguments: ["2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "2026-11-01"])
    func dateIsAcceptedAndWrittenBackTheSame(_ text: String) throws {
        #expect(try LocalDate(parsing: text).description == text)
    }

    static let badTimes = [
        "24:30", "24:00", "12:60", "1:00", "01:0", "001:00", "01-00", "01.00", "", "01:00:00",
        " 01:00", "01:00 ", "-1:00", "+1:00", "１２:00", "0a:00", "01:5x",
    ].map { Refusal(text: $0, error: .invalidTime($0)) }

    @Test(arguments: badTimes)
    func timeIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try LocalTime(parsing: refusal.text) }
    }

    @Test(arguments: ["00:00", "23:59", "02:00", "12:30"])
    func timeIsAcceptedAndWrittenBackTheSame(_ text: String) throws {
        #expect(try LocalTime(parsing: text).description == text)
    }

    static let badWindows =
        [
            "00:00", "00:00-", "-02:00", "00:00–02:00", "00:00 - 02:00", "25:00-02:00",
            "00:00-24:00", "00:00-02:00-03:00", "0:00-2:00", "", "00:00_02:00", "00:00-02:0",
        ].map { Refusal(text: $0, error: .invalidWindow($0)) }
        + ["00:00-00:00", "22:30-22:30"].map { Refusal(text: $0, error: .emptyWindow($0)) }

    @Test(arguments: badWindows)
    func windowIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try WindowSpec(parsing: refusal.text) }
    }

    @Test func windowShapes() throws {
        let standard = try WindowSpec(parsing: "00:00-02:00")
        #expect(standard == .standard && !standard.crossesMidnight && standard.nominalMinutes == 120)
        let late = try WindowSpec(parsing: "22:30-01:00")
        #expect(late.crossesMidnight && late.nominalMinutes == 150 && late.description == "22:30-01:00")
        let almostADay = try WindowSpec(parsing: "02:00-01:59")
        #expect(almostADay.crossesMidnight && almostADay.nominalMinutes == 23 * 60 + 59)
        #expect(throws: SchedulingError.emptyWindow("02:00-02:00")) {
            try WindowSpec(start: LocalTime(hour: 2, minute: 0), end: LocalTime(hour: 2, minute: 0))
        }
    }

    static let badMonths = ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "", "0000-01", "2026/01"]
        .map { Refusal(text: $0, error: .invalidMonth($0)) }

    @Test(arguments: badMonths)
    func monthIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try YearMonth(parsing: refusal.text) }
    }

    static let badRegions = ["EU", "Eu", "asia", "", "eu ", "europe"].map { Refusal(text: $0, error: .unknownRegion($0)) }

    @Test(arguments: badRegions)
    func regionIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try Region(parsing: refusal.text) }
    }

    static let badZones: [Refusal] = [
        ("Foo/Bar", nil), ("Europe/Pari", nil), ("", nil), ("GMT+1", nil), ("UTC+1", nil), ("+01:00", nil),
        ("CET", "Europe/Paris"), ("CEST", "Europe/Paris"), ("EST", "America/New_York"),
        ("edt", "America/New_York"), ("JST", "Asia/Tokyo"), ("UTC", "Etc/UTC"), ("GMT", "Etc/UTC"),
        ("europe/paris", "Europe/Paris"), ("AMERICA/NEW_YORK", "America/New_York"),
        ("Europe/London ", "Europe/London"), ("Europe/../Paris", nil), ("EST5EDT", nil),
    ].map { Refusal(text: $0.0, error: .unknownTimeZone($0.0, suggestion: $0.1)) }

    @Test(arguments: badZones)
    func timeZoneIsRefused(_ refusal: Refusal) {
        #expect(throws: refusal.error) { try TimeZone(ianaIdentifier: refusal.text) }
        #expect(throws: refusal.error) { try Schedule(region: .eu, timeZone: refusal.text, window: nil) }
    }

    @Test(arguments: ["Europe/Paris", "Europe/London", "America/Argentina/Buenos_Aires", "Etc/UTC", "Asia/Kolkata", "US/Eastern"])
    func timeZoneIsAccepted(_ identifier: String) throws {
        #expect(try TimeZone(ianaIdentifier: identifier).identifier == identifier)
    }

    /// Every message names the refused value and says what would be valid, on one line.
    @Test(arguments: badDates + badTimes + badWindows + badMonths + badRegions + badZones)
    func errorMessageNamesTheValueAndWhatIsValid(_ refusal: Refusal) throws {
        let message = try #require(refusal.error.errorDescription)
        #expect(!message.contains("\n"))
        if refusal.text.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) {
            #expect(message.contains("'\(refusal.text)'"))
        }
        let example = ["such as", "use one of"].contains { message.contains($0) }
        #expect(example, "no valid example in: \(message)")
    }

    @Test func errorMessagesReadAsSentences() {
        #expect(SchedulingError.invalidDate("2027-02-30").localizedDescription
            == "'2027-02-30' is not a valid date: expected YYYY-MM-DD, a real calendar day from 0001-01-01 to 9999-12-31, such as 2027-03-12.")
        #expect(SchedulingError.unknownRegion("EU").localizedDescription == "'EU' is not a region: use one of eu, us, jp.")
        #expect(SchedulingError.unknownTimeZone("CET", suggestion: "Europe/Paris").localizedDescription
            == "'CET' is not an IANA time zone: use an Area/Location identifier such as Europe/Paris, America/New_York or Asia/Tokyo. Did you mean Europe/Paris?")
        #expect(SchedulingError.invalidDate("2026-01-01\n").localizedDescription.hasPrefix("'2026-01-01\\n' is not"))
    }

    @Test func valuesRoundTripThroughJSON() throws {
        let date = try LocalDate(parsing: "2026-11-01")
        let data = try JSONEncoder().encode([date])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11-01"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2027-02-30"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalTime].self, from: Data(#"["24:30"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([WindowSpec].self, from: Data(#"["02:00-02:00"]"#.utf8)) }
        let window = try WindowSpec(parsing: "22:30-01:00")
        #expect(try JSONDecoder().decode([WindowSpec].self, from: JSONEncoder().encode([window])) == [window])
        #expect(try JSONDecoder().decode([YearMonth].self, from: Data(#"["2027-03"]"#.utf8)) == [try YearMonth(year: 2027, month: 3)])
    }
}
