import Foundation
import Testing
@testable import LTSFlowEngine

/// A broken catalog made from the valid fixture by one edit, with the code it must raise and
/// the text of the line the diagnostic must point at.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    var name: String
    var code: String
    /// Replaces `replace` with `with` in the valid fixture; an empty `replace` uses `with` as the
    /// whole file.
    var replace: String
    var with: String
    /// Text on the line the diagnostic names; `nil` when it has no line.
    var lineOf: String?

    var testDescription: String { "\(code): \(name)" }

    var yaml: String {
        replace.isEmpty ? with : CatalogDiagnosticsTests.valid.replacingOccurrences(of: replace, with: with)
    }
}

@Suite struct CatalogDiagnosticsTests {
    static let valid = """
        maintenance-warning-months: 6
        every-hop:
          before:
            - "{from} is on its latest hotfix."
          steps:
            - "Deploy {to} ({to-platform})."
        versions:
          - id: "2021"
            platform: "2021.x"
            title: LTS 2021
            released: 2021-01-21
            maintenance-from: 2023-07-18
            end-of-life: 2025-04-07
            search-clusters:
              - { product: elasticsearch, min: "7.7", max: "7" }
            default-search-cluster: elasticsearch 7.17
            services: { java: "11", mongodb: "4.4", postgresql: "13", kafka: "1.x–3.x", redis: "2.8–6.0" }
          - id: "2023"
            platform: "2023.x"
            title: LTS 2023
            released: 2023-07-18
            end-of-life-approx: 2027
            search-clusters:
              - { product: opensearch, min: "1.3" }
            default-search-cluster: opensearch 1.3
            services: { java: "17", mongodb: "6.0", postgresql: "13", kafka: required, redis: removed }
            before-leaving:
              - "Check {from-platform}."
        hops:
          - from: "2021"
            to: "2023"
            search-cluster: per the matrix
            reindex: not stated
            steps:
              - "Move to Java 17."

        """

    static let hop = """
          - from: "2021"
            to: "2023"
            search-cluster: per the matrix
            reindex: not stated
            steps:
              - "Move to Java 17."

        """

    static let cases: [DiagnosticCase] = [
        // From the YAML reader, passed through.
        .init(name: "not YAML", code: "yaml-syntax", replace: "", with: "versions: [\n  - id: 1\n", lineOf: nil),
        .init(name: "empty file", code: "empty-file", replace: "", with: "", lineOf: nil),
        .init(name: "services not a mapping", code: "wrong-type",
              replace: #"services: { java: "17", mongodb: "6.0", postgresql: "13", kafka: required, redis: removed }"#,
              with: "services: none", lineOf: "services: none"),
        .init(name: "unknown key", code: "unknown-key", replace: "title: LTS 2023", with: "title: LTS 2023\n    colour: blue",
              lineOf: "colour: blue"),
        // Yams refuses a repeated key while composing; the reader reports the first occurrence.
        .init(name: "key twice", code: "duplicate-key", replace: "title: LTS 2023", with: "title: LTS 2023\n    title: again",
              lineOf: "title: LTS 2023"),
        // Keys.
        .init(name: "no platform", code: "missing-key", replace: "    platform: \"2023.x\"\n", with: "",
              lineOf: "- id: \"2023\""),
        .init(name: "no end of life", code: "missing-key", replace: "    end-of-life-approx: 2027\n", with: "",
              lineOf: "- id: \"2023\""),
        .init(name: "no hops", code: "missing-key", replace: "hops:\n" + hop, with: "", lineOf: "maintenance-warning-months"),
        // Values.
        .init(name: "empty service", code: "bad-value", replace: "kafka: required", with: #"kafka: """#, lineOf: #"kafka: """#),
        .init(name: "unknown product", code: "bad-value", replace: "product: opensearch", with: "product: solr",
              lineOf: "product: solr"),
        .init(name: "version not dotted", code: "bad-value", replace: #"min: "1.3""#, with: #"min: "one""#, lineOf: #"min: "one""#),
        .init(name: "min above max", code: "bad-value", replace: #"min: "7.7", max: "7""#, with: #"min: "8", max: "7""#,
              lineOf: #"min: "8", max: "7""#),
        .init(name: "default cluster unsupported", code: "bad-value", replace: "default-search-cluster: opensearch 1.3",
              with: "default-search-cluster: opensearch 2", lineOf: "default-search-cluster: opensearch 2"),
        .init(name: "default cluster unreadable", code: "bad-value", replace: "default-search-cluster: opensearch 1.3",
              with: "default-search-cluster: opensearch", lineOf: "default-search-cluster: opensearch"),
        .init(name: "both ends of life", code: "bad-value", replace: "end-of-life: 2025-04-07",
              with: "end-of-life: 2025-04-07\n    end-of-life-approx: 2025", lineOf: "end-of-life-approx: 2025"),
        .init(name: "unknown placeholder", code: "bad-value", replace: "{from} is on", with: "{source} is on",
              lineOf: "{source} is on"),
        .init(name: "unclosed placeholder", code: "bad-value", replace: "Check {from-platform}.", with: "Check {from-platform.",
              lineOf: "Check {from-platform."),
        .init(name: "months not a number", code: "bad-value", replace: "maintenance-warning-months: 6",
              with: "maintenance-warning-months: six", lineOf: "maintenance-warning-months: six"),
        .init(name: "months negative", code: "bad-value", replace: "maintenance-warning-months: 6",
              with: "maintenance-warning-months: -1", lineOf: "maintenance-warning-months: -1"),
        .init(name: "no versions", code: "bad-value", replace: "", with: "maintenance-warning-months: 6\nevery-hop: {}\nversions: []\nhops: []\n",
              lineOf: nil),
        // Dates.
        .init(name: "no such day", code: "bad-date", replace: "released: 2023-07-18", with: "released: 2023-02-30",
              lineOf: "released: 2023-02-30"),
        .init(name: "loose date", code: "bad-date", replace: "maintenance-from: 2023-07-18", with: "maintenance-from: 2023-7-18",
              lineOf: "maintenance-from: 2023-7-18"),
        .init(name: "month-only end of life", code: "bad-date", replace: "end-of-life: 2025-04-07", with: "end-of-life: 2025-04",
              lineOf: "end-of-life: 2025-04"),
        .init(name: "approximate year as text", code: "bad-date", replace: "end-of-life-approx: 2027",
              with: "end-of-life-approx: around 2027", lineOf: "end-of-life-approx: around 2027"),
        .init(name: "maintenance before release", code: "date-order", replace: "maintenance-from: 2023-07-18",
              with: "maintenance-from: 2020-01-01", lineOf: "- id: \"2021\""),
        .init(name: "versions out of order", code: "date-order", replace: "released: 2023-07-18", with: "released: 2020-07-18",
              lineOf: "- id: \"2023\""),
        // Names and hops.
        .init(name: "title of another version", code: "duplicate-id", replace: "title: LTS 2023", with: "title: LTS 2021",
              lineOf: "- id: \"2023\""),
        .init(name: "hop twice", code: "duplicate-id", replace: "hops:\n" + hop, with: "hops:\n" + hop + hop,
              lineOf: nil),
        .init(name: "hop to an unknown version", code: "unknown-version", replace: "    to: \"2023\"\n    search",
              with: "    to: \"2024\"\n    search", lineOf: "to: \"2024\""),
        .init(name: "hop backwards", code: "bad-hop", replace: "- from: \"2021\"\n    to: \"2023\"",
              with: "- from: \"2023\"\n    to: \"2021\"", lineOf: "- from: \"2023\""),
        .init(name: "no hop between two versions", code: "missing-hop", replace: hop, with: "", lineOf: "hops:"),
        // Guards of the reader.
        .init(name: "too large", code: "file-too-large", replace: "", with: String(repeating: "#", count: 1_000_001), lineOf: nil),
        .init(name: "alias bomb", code: "yaml-too-large", replace: "", with: """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            """, lineOf: nil),
    ]

    @Test func theValidFixtureLoads() throws {
        let catalog = try LTSCatalog.parse(yaml: Self.valid, file: "fixture.yaml")
        #expect(catalog.versions.map(\.id) == ["2021", "2023"])
        #expect(catalog.versions[1].endOfLife == .aroundYear(2027))
    }

    @Test(arguments: cases)
    func eachProblemIsCaughtWithItsCodeAndLine(_ row: DiagnosticCase) throws {
        let yaml = row.yaml
        #expect(yaml != Self.valid, "the edit must change the fixture")
        let error = try #require(throws: DefinitionError.self) {
            try LTSCatalog.parse(yaml: yaml, file: "fixture.yaml")
        }
        let matching = error.errors.filter { $0.code == row.code }
        #expect(!matching.isEmpty, "codes found: \(error.errors.map(\.code))")
        #expect(matching.allSatisfy { $0.file == "fixture.yaml" && !$0.message.isEmpty })
        if let text = row.lineOf {
            let lines = yaml.components(separatedBy: "\n")
            let expected = try #require(lines.firstIndex { $0.contains(text) }).advanced(by: 1)
            #expect(matching.contains { $0.line == expected }, "lines: \(matching.map(\.line))")
        }
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() throws {
        let yaml = Self.valid
            .replacingOccurrences(of: "released: 2023-07-18", with: "released: someday")
            .replacingOccurrences(of: "product: opensearch", with: "product: solr")
            .replacingOccurrences(of: "    to: \"2023\"\n    search", with: "    to: \"2024\"\n    search")
        let error = try #require(throws: DefinitionError.self) {
            try LTSCatalog.parse(yaml: yaml, file: "fixture.yaml")
        }
        #expect(Set(error.errors.map(\.code)) == ["bad-date", "bad-value", "unknown-version"])
        #expect(error.errorDescription?.contains("fixture.yaml:21: error: `versions[1].released` must be a date") == true)
    }

    @Test func theMessagesSayWhatIsValid() throws {
        let yaml = Self.valid.replacingOccurrences(of: "    to: \"2023\"\n    search", with: "    to: \"2024\"\n    search")
        let error = try #require(throws: DefinitionError.self) {
            try LTSCatalog.parse(yaml: yaml, file: "fixture.yaml")
        }
        #expect(error.errors.map(\.message)
            == ["`hops[0].to` is `2024`, which is no version id of this catalog; valid ids: `2021`, `2023`"])
    }
}
