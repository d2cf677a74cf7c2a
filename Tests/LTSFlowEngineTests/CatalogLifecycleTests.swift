import Foundation
import Testing
@testable import LTSFlowEngine

/// A target at a planning instant: refused past end of life, otherwise the warnings expected.
struct LifecycleCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        case refused(endOfLife: String, alternatives: [String])
        case accepted(warnings: [String])
    }

    var from: String
    var to: String
    var now: String
    var expected: Expected

    var testDescription: String { "\(from) → \(to) at \(now)" }
}

@Suite struct CatalogLifecycleTests {
    static let cases: [LifecycleCase] = [
        // LTS 2021: end of life 2025-04-07, its last day still counts.
        .init(from: "2019", to: "2021", now: "2026-11-29",
              expected: .refused(endOfLife: "on 2025-04-07", alternatives: ["LTS 2023", "LTS 2025"])),
        .init(from: "2019", to: "2021", now: "2025-04-08",
              expected: .refused(endOfLife: "on 2025-04-07", alternatives: ["LTS 2023", "LTS 2025"])),
        .init(from: "2019", to: "2021", now: "2025-04-07T23:59:59Z",
              expected: .accepted(warnings: [
                  "LTS 2021 is in maintenance since 2023-07-18 (end of life 2025-04-07); a newer LTS is available: LTS 2023, LTS 2025",
              ])),
        // LTS 2023: accepted until 2027-07-18 included.
        .init(from: "2021", to: "2023", now: "2027-07-18T23:59:59Z",
              expected: .accepted(warnings: [
                  "LTS 2023 is in maintenance since 2025-07-18 (end of life 2027-07-18)",
              ])),
        .init(from: "2021", to: "2023", now: "2027-07-19",
              expected: .refused(endOfLife: "on 2027-07-18", alternatives: ["LTS 2025"])),
        .init(from: "2021", to: "2023", now: "2026-11-29",
              expected: .accepted(warnings: [
                  "LTS 2023 is in maintenance since 2025-07-18 (end of life 2027-07-18); a newer LTS is available: LTS 2025",
              ])),
        // Six months before maintenance, inclusive; a newer LTS is only named once released.
        .init(from: "2021", to: "2023", now: "2025-01-18",
              expected: .accepted(warnings: [
                  "LTS 2023 enters maintenance on 2025-07-18, within 6 months (end of life 2027-07-18)",
              ])),
        .init(from: "2021", to: "2023", now: "2025-04-01",
              expected: .accepted(warnings: [
                  "LTS 2023 enters maintenance on 2025-07-18, within 6 months (end of life 2027-07-18); a newer LTS is available: LTS 2025",
              ])),
        .init(from: "2021", to: "2023", now: "2025-01-17T23:59:59Z", expected: .accepted(warnings: [])),
        .init(from: "2023", to: "2025", now: "2026-10-02",
              expected: .accepted(warnings: [
                  "LTS 2025 enters maintenance on 2027-04-02, within 6 months (end of life 2028-04-28)",
              ])),
        .init(from: "2023", to: "2025", now: "2026-10-01", expected: .accepted(warnings: [])),
        .init(from: "2023", to: "2025", now: "2028-04-29",
              expected: .refused(endOfLife: "on 2028-04-28", alternatives: [])),
        // Versions whose end of life was not published: the end of that year.
        .init(from: "2017", to: "2019", now: "2022-12-31T23:59:59Z", expected: .accepted(warnings: [])),
        .init(from: "2017", to: "2019", now: "2023-01-01",
              expected: .refused(endOfLife: "around 2022 (date not published)", alternatives: ["LTS 2021"])),
        .init(from: "2015", to: "2016", now: "2020-06-01",
              expected: .refused(endOfLife: "around 2019 (date not published)", alternatives: ["LTS 2017", "LTS 2019"])),
        // A target not released yet is planned, with a warning; alternatives must be released.
        .init(from: "2023", to: "2025", now: "2025-01-10",
              expected: .accepted(warnings: ["LTS 2025 is not released yet (release date: 2025-03-31)"])),
    ]

    @Test(arguments: cases)
    func targetLifecycleAtPlanningTime(_ row: LifecycleCase) throws {
        let catalog = try CatalogFixture.realCatalog()
        let now = CatalogFixture.instant(row.now)
        switch row.expected {
        case .refused(let endOfLife, let alternatives):
            let day = String(row.now.prefix(10))
            #expect(throws: CatalogError.pastEndOfLife("LTS \(row.to)", endOfLife: endOfLife, now: day, alternatives: alternatives)) {
                try catalog.plan(from: row.from, to: row.to, searchCluster: nil, now: now)
            }
        case .accepted(let warnings):
            let plan = try catalog.plan(from: row.from, to: row.to, searchCluster: nil, now: now)
            #expect(plan.warnings == warnings)
        }
    }

    @Test func anEndOfLifeSourceCanStillBeUpgraded() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2019", to: "2025", searchCluster: nil, now: CatalogFixture.instant("2026-11-29"))
        #expect(plan.hops.map(\.to.id) == ["2021", "2023", "2025"])
    }

    @Test func theLastDayFormatIsTheUTCDay() {
        #expect(LifecycleDate.day(of: CatalogFixture.instant("2026-11-29T23:30:00Z")).description == "2026-11-29")
        #expect(LifecycleDate.day(of: CatalogFixture.instant("2026-11-29T23:30:00-05:00")).description == "2026-11-30")
    }

    @Test(arguments: [
        ("2025-04-07", true, "2025-04-07"), ("2015-11", true, "2015-11"), ("2015-11", false, nil),
        ("2025-02-30", false, nil), ("2025-2-3", false, nil), ("07/04/2025", false, nil), ("2024-02-29", false, "2024-02-29"),
        ("2025-13-01", false, nil), (" 2025-04-07 ", false, "2025-04-07"),
    ] as [(String, Bool, String?)])
    func lifecycleDatesAreStrict(_ text: String, _ allowMonth: Bool, _ expected: String?) {
        #expect(LifecycleDate.parse(text, allowMonth: allowMonth)?.description == expected)
    }
}
