import Foundation
import LTSFlowEngine
import Testing

/// The expected answers of `Fixtures/scheduling.json`, computed by
/// `scripts/make-scheduling-fixtures.py` with Python's `zoneinfo` and `dateutil`, never with the
/// Swift code under test.
struct SchedulingFixtures: Decodable, Sendable {
    /// A window of a region or of a customer with overrides.
    struct WindowRow: Decodable, Sendable, CustomTestStringConvertible {
        let `case`: String
        let region: String
        let timeZone: String
        let window: String
        let date: String
        let startUTC: String
        let endUTC: String
        let startLocal: String
        let endLocal: String
        let startLabel: String
        let endLabel: String
        let minutes: Int
        let hotfix: String?

        var testDescription: String { "\(`case`): \(region) \(timeZone) \(window) on \(date)" }
    }

    /// A local date-time resolved with fold=0, and the reading of the instant it gives.
    struct ConversionRow: Decodable, Sendable, CustomTestStringConvertible {
        let timeZone: String
        let local: String
        let utc: String
        let readLocal: String
        let readOffset: Int
        let readLabel: String
        /// `once`, `gap` (the clocks jump from `gapFrom` to `gapTo`) or `fold` (it happens again
        /// at `secondUTC`).
        let kind: String
        let gapFrom: String?
        let gapTo: String?
        let secondUTC: String?

        var testDescription: String { "\(local) in \(timeZone)" }
    }

    /// A region's hotfix month.
    struct HotfixRow: Decodable, Sendable, CustomTestStringConvertible {
        let region: String
        let month: String
        let preprod: String
        let prod: String
        let preprodNotice: String
        let prodNotice: String
        let preprodStartUTC: String
        let preprodEndUTC: String
        let prodStartUTC: String
        let prodEndUTC: String

        var testDescription: String { "\(region) \(month)" }
    }

    let generator: String
    let tzdata: String
    let windows: [WindowRow]
    let conversions: [ConversionRow]
    let hotfixes: [HotfixRow]

    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/scheduling.json")

    /// The fixtures, or why they could not be read (reported by `SchedulingFixtureTests`).
    static let loaded: Result<SchedulingFixtures, any Error> = Result {
        try JSONDecoder().decode(SchedulingFixtures.self, from: Data(contentsOf: url))
    }

    /// Rows for `@Test(arguments:)`; empty when the file cannot be read, which a test reports.
    static func rows<Row>(_ section: KeyPath<SchedulingFixtures, [Row]>) -> [Row] {
        (try? loaded.get())?[keyPath: section] ?? []
    }
}

/// Parses the fixtures' RFC 3339 UTC instants with Foundation's own parser, not the module's.
func utcInstant(_ text: String) throws -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return try #require(formatter.date(from: text), "not an RFC 3339 instant: \(text)")
}

/// Splits `YYYY-MM-DDTHH:MM` into the module's date and time.
func localDateTime(_ text: String) throws -> (LocalDate, LocalTime) {
    let parts = text.split(separator: "T", omittingEmptySubsequences: false).map(String.init)
    try #require(parts.count == 2, "not a local date-time: \(text)")
    return (try LocalDate(parsing: parts[0]), try LocalTime(parsing: parts[1]))
}

/// The JSON object a value encodes to, as strings (`null` as `nil`).
func encodedObject(_ value: some Encodable) throws -> [String: String?] {
    let data = try JSONEncoder().encode(value)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return object.mapValues { $0 is NSNull ? nil : "\($0)" }
}
