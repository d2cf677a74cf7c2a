import Foundation
import Testing
@testable import LTSFlowEngine

/// An ordered pair of LTS versions and what planning it must give, written by hand from
/// docs/domain.md, "Hops", "LTS versions and lifecycle" and "Search coordination" (never computed
/// by the code under test).
struct PairCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        /// The versions the hops pass through, source first, and whether the source's default
        /// cluster needs search coordination for the target.
        case plan(chain: [String], searchCoordination: Bool)
        /// The target is older than the source.
        case backwards
    }

    var from: String
    var to: String
    var expected: Expected

    var testDescription: String { "\(from) → \(to)" }
}

@Suite struct CatalogPlanTests {
    /// Every ordered pair of the seven versions. Default clusters: 2015 es 1.7, 2016 es 2.4,
    /// 2017 es 5.6, 2019 es 6.8, 2021 es 7.17, 2023 es 8.7. Only es 7.17 (in 2023 and 2025) and
    /// es 8.7 (in 2025, opensearch1 client) survive a hop.
    static let pairs: [PairCase] = [
        .init(from: "2015", to: "2016", expected: .plan(chain: ["2015", "2016"], searchCoordination: true)),
        .init(from: "2015", to: "2017", expected: .plan(chain: ["2015", "2016", "2017"], searchCoordination: true)),
        .init(from: "2015", to: "2019", expected: .plan(chain: ["2015", "2016", "2017", "2019"], searchCoordination: true)),
        .init(from: "2015", to: "2021", expected: .plan(chain: ["2015", "2016", "2017", "2019", "2021"], searchCoordination: true)),
        .init(from: "2015", to: "2023", expected: .plan(chain: ["2015", "2016", "2017", "2019", "2021", "2023"], searchCoordination: true)),
        .init(from: "2015", to: "2025", expected: .plan(chain: ["2015", "2016", "2017", "2019", "2021", "2023", "2025"], searchCoordination: true)),
        .init(from: "2016", to: "2015", expected: .backwards),
        .init(from: "2016", to: "2017", expected: .plan(chain: ["2016", "2017"], searchCoordination: true)),
        .init(from: "2016", to: "2019", expected: .plan(chain: ["2016", "2017", "2019"], searchCoordination: true)),
        .init(from: "2016", to: "2021", expected: .plan(chain: ["2016", "2017", "2019", "2021"], searchCoordination: true)),
        .init(from: "2016", to: "2023", expected: .plan(chain: ["2016", "2017", "2019", "2021", "2023"], searchCoordination: true)),
        .init(from: "2016", to: "2025", expected: .plan(chain: ["2016", "2017", "2019", "2021", "2023", "2025"], searchCoordination: true)),
        .init(from: "2017", to: "2015", expected: .backwards),
        .init(from: "2017", to: "2016", expected: .backwards),
        .init(from: "2017", to: "2019", expected: .plan(chain: ["2017", "2019"], searchCoordination: true)),
        .init(from: "2017", to: "2021", expected: .plan(chain: ["2017", "2019", "2021"], searchCoordination: true)),
        .init(from: "2017", to: "2023", expected: .plan(chain: ["2017", "2019", "2021", "2023"], searchCoordination: true)),
        .init(from: "2017", to: "2025", expected: .plan(chain: ["2017", "2019", "2021", "2023", "2025"], searchCoordination: true)),
        .init(from: "2019", to: "2015", expected: .backwards),
        .init(from: "2019", to: "2016", expected: .backwards),
        .init(from: "2019", to: "2017", expected: .backwards),
        .init(from: "2019", to: "2021", expected: .plan(chain: ["2019", "2021"], searchCoordination: true)),
        .init(from: "2019", to: "2023", expected: .plan(chain: ["2019", "2021", "2023"], searchCoordination: true)),
        .init(from: "2019", to: "2025", expected: .plan(chain: ["2019", "2021", "2023", "2025"], searchCoordination: true)),
        .init(from: "2021", to: "2015", expected: .backwards),
        .init(from: "2021", to: "2016", expected: .backwards),
        .init(from: "2021", to: "2017", expected: .backwards),
        .init(from: "2021", to: "2019", expected: .backwards),
        .init(from: "2021", to: "2023", expected: .plan(chain: ["2021", "2023"], searchCoordination: false)),
        .init(from: "2021", to: "2025", expected: .plan(chain: ["2021", "2023", "2025"], searchCoordination: false)),
        .init(from: "2023", to: "2015", expected: .backwards),
        .init(from: "2023", to: "2016", expected: .backwards),
        .init(from: "2023", to: "2017", expected: .backwards),
        .init(from: "2023", to: "2019", expected: .backwards),
        .init(from: "2023", to: "2021", expected: .backwards),
        .init(from: "2023", to: "2025", expected: .plan(chain: ["2023", "2025"], searchCoordination: false)),
        .init(from: "2025", to: "2015", expected: .backwards),
        .init(from: "2025", to: "2016", expected: .backwards),
        .init(from: "2025", to: "2017", expected: .backwards),
        .init(from: "2025", to: "2019", expected: .backwards),
        .init(from: "2025", to: "2021", expected: .backwards),
        .init(from: "2025", to: "2023", expected: .backwards),
    ]

    /// A day on which no version is past its end of life (LTS 2015 lasts until the end of 2018).
    static let early = CatalogFixture.instant("2015-12-01")

    @Test func thePairTableCoversEveryOrderedPair() {
        #expect(Self.pairs.count == 7 * 6)
        #expect(Set(Self.pairs.map { "\($0.from)>\($0.to)" }).count == 42)
    }

    @Test(arguments: pairs)
    func planningAnOrderedPair(_ pair: PairCase) throws {
        let catalog = try CatalogFixture.realCatalog()
        switch pair.expected {
        case .plan(let chain, let coordination):
            let plan = try catalog.plan(from: pair.from, to: pair.to, searchCluster: nil, now: Self.early)
            #expect(plan.from.id == pair.from)
            #expect(plan.to.id == pair.to)
            #expect(plan.hops.map(\.from.id) == Array(chain.dropLast()))
            #expect(plan.hops.map(\.to.id) == Array(chain.dropFirst()))
            #expect(plan.searchClusterAssumed)
            #expect(plan.currentSearchCluster == catalog.version(pair.from)?.defaultSearchCluster)
            #expect(plan.searchCoordination.required == coordination)
            #expect(plan.searchCoordination.reason.hasPrefix(
                "\(plan.currentSearchCluster) is \(coordination ? "not " : "")supported by LTS \(pair.to)"))
        case .backwards:
            #expect(throws: CatalogError.backwards(from: "LTS \(pair.from)", to: "LTS \(pair.to)")) {
                try catalog.plan(from: pair.from, to: pair.to, searchCluster: nil, now: Self.early)
            }
        }
    }

    @Test(arguments: ["2015", "2016", "2017", "2019", "2021", "2023", "2025"])
    func theSameVersionIsRefused(_ id: String) throws {
        let catalog = try CatalogFixture.realCatalog()
        #expect(throws: CatalogError.sameVersion("LTS \(id)")) {
            try catalog.plan(from: id, to: "lts-\(id)", searchCluster: nil, now: Self.early)
        }
    }

    @Test func aliasesOfOneVersionAreTheSameVersion() throws {
        let catalog = try CatalogFixture.realCatalog()
        #expect(throws: CatalogError.sameVersion("LTS 2019")) {
            try catalog.plan(from: "10.10", to: "LTS 2019", searchCluster: nil, now: Self.early)
        }
    }

    @Test(arguments: [("2020", "2023"), ("2019", "11.1"), ("", "2023"), ("2019", "LTS 2024")])
    func unknownVersionsAreRefusedWithTheValidOnes(_ from: String, _ to: String) throws {
        let catalog = try CatalogFixture.realCatalog()
        let bad = catalog.version(from) == nil ? from : to
        let valid = ["2015 (7.10)", "2016 (8.10)", "2017 (9.10)", "2019 (10.10)", "2021", "2023", "2025"]
        #expect(throws: CatalogError.unknownVersion(bad, valid: valid)) {
            try catalog.plan(from: from, to: to, searchCluster: nil, now: Self.early)
        }
    }

    @Test func anUnreadableClusterIsRefused() throws {
        let catalog = try CatalogFixture.realCatalog()
        #expect(throws: CatalogError.badSearchCluster("solr 8")) {
            try catalog.plan(from: "2019", to: "2023", searchCluster: "solr 8", now: CatalogFixture.instant("2025-01-10"))
        }
    }

    @Test func refusalsSayWhatIsValid() {
        #expect(CatalogError.unknownVersion("2020", valid: ["2019 (10.10)", "2021"]).errorDescription
            == "unknown LTS version `2020`; valid versions: 2019 (10.10), 2021 (also written `LTS 2023` or `lts-2023`)")
        #expect(CatalogError.backwards(from: "LTS 2023", to: "LTS 2021").errorDescription
            == "cannot plan from LTS 2023 back to LTS 2021: upgrades only go to a newer LTS; did you swap the source and the target?")
        #expect(CatalogError.pastEndOfLife("LTS 2021", endOfLife: "on 2025-04-07", now: "2026-11-29", alternatives: ["LTS 2023", "LTS 2025"]).errorDescription
            == "LTS 2021 reached its end of life on 2025-04-07 and cannot be a target on 2026-11-29; choose a supported target: LTS 2023, LTS 2025")
        #expect(CatalogError.badSearchCluster("solr 8").errorDescription?.contains("such as `elasticsearch 7.17`") == true)
        #expect(CatalogError.sameVersion("LTS 2021").errorDescription?.hasPrefix("LTS 2021 is both the source and the target") == true)
    }
}
