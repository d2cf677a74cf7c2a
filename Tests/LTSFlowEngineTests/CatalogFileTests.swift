import Foundation
import Testing
@testable import LTSFlowEngine

/// One row of the expected lifecycle table (docs/domain.md, "LTS versions and lifecycle" and
/// "Compatibility matrix"), written independently of the file.
struct ExpectedVersion: Sendable, CustomTestStringConvertible {
    var id: String
    var platform: String
    var title: String
    var released: String
    var maintenance: String?
    var endOfLife: String
    var defaultCluster: String
    var java: String

    var testDescription: String { title }
}

@Suite struct CatalogFileTests {
    static let expected: [ExpectedVersion] = [
        .init(id: "2015", platform: "7.10", title: "LTS 2015", released: "2015-11", maintenance: nil,
              endOfLife: "around 2018 (date not published)", defaultCluster: "elasticsearch 1.7", java: "8"),
        .init(id: "2016", platform: "8.10", title: "LTS 2016", released: "2016-12", maintenance: nil,
              endOfLife: "around 2019 (date not published)", defaultCluster: "elasticsearch 2.4", java: "8"),
        .init(id: "2017", platform: "9.10", title: "LTS 2017", released: "2017-12", maintenance: nil,
              endOfLife: "around 2020 (date not published)", defaultCluster: "elasticsearch 5.6", java: "8"),
        .init(id: "2019", platform: "10.10", title: "LTS 2019", released: "2019-01-21", maintenance: nil,
              endOfLife: "around 2022 (date not published)", defaultCluster: "elasticsearch 6.8", java: "8, 11"),
        .init(id: "2021", platform: "2021.x", title: "LTS 2021", released: "2021-01-21", maintenance: "2023-07-18",
              endOfLife: "2025-04-07", defaultCluster: "elasticsearch 7.17", java: "11"),
        .init(id: "2023", platform: "2023.x", title: "LTS 2023", released: "2023-07-18", maintenance: "2025-07-18",
              endOfLife: "2027-07-18", defaultCluster: "elasticsearch 8.7", java: "17"),
        .init(id: "2025", platform: "2025.x", title: "LTS 2025", released: "2025-03-31", maintenance: "2027-04-02",
              endOfLife: "2028-04-28", defaultCluster: "elasticsearch 9", java: "21"),
    ]

    @Test func theRealCatalogLoadsWithTheSevenVersionsInUpgradeOrder() throws {
        let catalog = try CatalogFixture.realCatalog()
        #expect(catalog.versions.map(\.id) == Self.expected.map(\.id))
        #expect(catalog.maintenanceWarningMonths == 6)
    }

    @Test(arguments: expected)
    func versionFactsMatchTheDomain(_ row: ExpectedVersion) throws {
        let version = try #require(try CatalogFixture.realCatalog().version(row.id))
        #expect(version.platform == row.platform)
        #expect(version.title == row.title)
        #expect(version.released.description == row.released)
        #expect(version.maintenanceFrom?.description == row.maintenance)
        #expect(version.endOfLife.description == row.endOfLife)
        #expect(version.defaultSearchCluster.description == row.defaultCluster)
        #expect(version.services.java == row.java)
        #expect(version.supports(version.defaultSearchCluster))
    }

    @Test func anApproximateEndOfLifeLastsUntilTheEndOfItsYear() throws {
        let version = try #require(try CatalogFixture.realCatalog().version("2019"))
        #expect(!version.isPastEndOfLife(at: CatalogFixture.instant("2022-12-31T23:59:59Z")))
        #expect(version.isPastEndOfLife(at: CatalogFixture.instant("2023-01-01")))
        #expect(version.endOfLife.phrase == "around 2022 (date not published)")
    }

    @Test func everyHopStartsWithTheHotfixRuleAndEndsWithTheGenericSteps() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2015", to: "2025", searchCluster: nil, now: CatalogFixture.instant("2016-01-01"))
        #expect(plan.hops.count == 6)
        for hop in plan.hops {
            #expect(hop.notes.first == "\(hop.from.title) is on its latest hotfix: each hop assumes it.")
            #expect(hop.notes.contains("Back up the \(hop.from.title) environment before upgrading."))
            #expect(hop.notes.contains("The customer requests a new Cloud Console project for \(hop.to.title) (\(hop.to.platform))."))
            #expect(hop.notes.contains("Change the Studio project's target platform to \(hop.to.platform) and tag it."))
            #expect(hop.notes.contains("Carry over nuxeo.conf."))
            #expect(hop.notes.contains("Reinstall the Marketplace packages."))
            #expect(hop.notes.last == "Check the logs after the first start.")
            #expect(hop.notes.contains { $0.hasPrefix("Search cluster: ") })
            #expect(hop.notes.contains { $0.hasPrefix("Repository re-index: ") })
            // Only the hop leaving 10.10 asks for the migrations to be completed first.
            let migrations = "The trash and comment migrations are completed on LTS 2019."
            #expect(hop.notes.contains(migrations) == (hop.from.id == "2019"))
        }
    }

    @Test func theHopFrom2021To2023HasItsWholeChecklist() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2021", to: "2023", searchCluster: nil, now: CatalogFixture.instant("2024-01-01"))
        #expect(plan.hops.count == 1)
        #expect(plan.hops[0].notes == [
            "LTS 2021 is on its latest hotfix: each hop assumes it.",
            "Search cluster: per the compatibility matrix (Elasticsearch 7.17, OpenSearch 1.3 or Elasticsearch 8.7).",
            "Repository re-index: not stated on the upgrade page.",
            "Replace Redis with Kafka.",
            "Move to Java 17.",
            "On large repositories, create the MongoDB indexes before the first start.",
            "Java: 11 on LTS 2021 → 17 on LTS 2023.",
            "MongoDB (recommended): 4.4 on LTS 2021 → 6.0 on LTS 2023.",
            "Kafka: 1.x–3.x on LTS 2021 → required (KRaft mode from 2023.33) on LTS 2023.",
            "Redis: 2.8–6.0 on LTS 2021 → removed on LTS 2023.",
            "Back up the LTS 2021 environment before upgrading.",
            "The customer requests a new Cloud Console project for LTS 2023 (2023.x).",
            "Change the Studio project's target platform to 2023.x and tag it.",
            "Port custom code to 2023.x.",
            "Deploy LTS 2023.",
            "Carry over nuxeo.conf.",
            "Reinstall the Marketplace packages.",
            "Check the logs after the first start.",
        ])
    }

    @Test func hopNotesFollowTheUpgradePages() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2015", to: "2025", searchCluster: nil, now: CatalogFixture.instant("2016-01-01"))
        let expected: [(String, String, String)] = [
            ("2015", "Search cluster: upgrade to Elasticsearch 2.3.", "Repository re-index: required."),
            ("2016", "Search cluster: upgrade to Elasticsearch 5.6.", "Repository re-index: required."),
            ("2017", "Search cluster: upgrade to Elasticsearch 6.x.",
             "Repository re-index: only if the mapping changes (the trash migration asks for one)."),
            ("2019", "Search cluster: upgrade to Elasticsearch 7.7–7.9.",
             "Repository re-index: only if the mapping was adapted or the indexes were created on Elasticsearch 5.x."),
            ("2021", "Search cluster: per the compatibility matrix (Elasticsearch 7.17, OpenSearch 1.3 or Elasticsearch 8.7).",
             "Repository re-index: not stated on the upgrade page."),
            ("2023", "Search cluster: not needed for OpenSearch 1, Elasticsearch 7 or Elasticsearch 8.",
             "Repository re-index: not stated on the upgrade page."),
        ]
        for (hop, row) in zip(plan.hops, expected) {
            #expect(hop.from.id == row.0)
            #expect(hop.notes.contains(row.1))
            #expect(hop.notes.contains(row.2))
        }
        #expect(plan.hops[2].notes.contains("Run the trash and comment migrations."))
        #expect(plan.hops[3].notes.contains("Migrate Web UI customisations to Polymer 3."))
        #expect(plan.hops[5].notes.contains("Move to Jakarta EE 10 and Java 21."))
    }

    @Test func aPlanEncodesToTheJSONOfThePlanCommand() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2019", to: "2023", searchCluster: "elasticsearch 7.9", now: CatalogFixture.instant("2025-01-10"))
        let data = try JSONEncoder().encode(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["from"] as? String == "2019")
        #expect(object["to"] as? String == "2023")
        #expect(object["currentSearchCluster"] as? String == "elasticsearch 7.9")
        #expect(object["searchClusterAssumed"] as? Bool == false)
        let hops = try #require(object["hops"] as? [[String: Any]])
        #expect(hops.map { $0["from"] as? String } == ["2019", "2021"])
        #expect(hops.map { $0["to"] as? String } == ["2021", "2023"])
        #expect((hops[0]["notes"] as? [String])?.isEmpty == false)
        let search = try #require(object["searchCoordination"] as? [String: Any])
        #expect(search["required"] as? Bool == true)
        #expect((search["reason"] as? String)?.hasPrefix("elasticsearch 7.9 is not supported by LTS 2023") == true)
    }
}
