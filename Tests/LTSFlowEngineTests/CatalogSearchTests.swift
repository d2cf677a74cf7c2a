import Foundation
import Testing
@testable import LTSFlowEngine

/// A cluster and a target LTS, with whether coordination is required (docs/domain.md,
/// "Compatibility matrix").
struct ClusterTargetCase: Sendable, CustomTestStringConvertible {
    var cluster: String
    var target: String
    var required: Bool

    var testDescription: String { "\(cluster) → LTS \(target): \(required ? "required" : "skipped")" }
}

@Suite struct CatalogSearchTests {
    @Test(arguments: [
        ("elasticsearch 7.9", SearchCluster.Product.elasticsearch, [7, 9]),
        ("Elasticsearch 7.17", .elasticsearch, [7, 17]),
        ("opensearch 1.3", .opensearch, [1, 3]),
        ("OpenSearch 2", .opensearch, [2]),
        ("  ELASTICSEARCH   6.8.23 ", .elasticsearch, [6, 8, 23]),
        ("opensearch 1.3.x", .opensearch, [1, 3]),
        ("elasticsearch v7.10", .elasticsearch, [7, 10]),
    ])
    func clustersAreReadFromWhatPeopleType(_ text: String, _ product: SearchCluster.Product, _ version: [Int]) {
        #expect(SearchCluster(text) == SearchCluster(product: product, version: version))
    }

    @Test(arguments: [
        "", "elasticsearch", "7.9", "solr 8", "elasticsearch seven", "elasticsearch 7..9",
        "elasticsearch 7.9 beta", "elasticsearch -7", "elasticsearch x", "elasticsearch 7.x.1", "opensearch2",
        "elasticsearch 1234567",
    ])
    func unreadableClustersAreRejected(_ text: String) {
        #expect(SearchCluster(text) == nil)
    }

    @Test func aClusterPrintsAsItsCanonicalText() {
        #expect(SearchCluster("Elasticsearch 7.17")?.description == "elasticsearch 7.17")
        #expect(SearchCluster("OpenSearch 2.x")?.description == "opensearch 2")
    }

    static let matrix: [ClusterTargetCase] = [
        .init(cluster: "elasticsearch 1.5", target: "2015", required: false),
        .init(cluster: "elasticsearch 1.7.5", target: "2015", required: false),
        .init(cluster: "elasticsearch 1.4", target: "2015", required: true),
        .init(cluster: "elasticsearch 1", target: "2015", required: true),
        .init(cluster: "elasticsearch 2.4", target: "2016", required: false),
        .init(cluster: "elasticsearch 2.5", target: "2016", required: true),
        .init(cluster: "elasticsearch 5.6", target: "2017", required: false),
        .init(cluster: "elasticsearch 5.6.16", target: "2017", required: false),
        .init(cluster: "elasticsearch 5.5", target: "2017", required: true),
        .init(cluster: "elasticsearch 6.5", target: "2019", required: false),
        .init(cluster: "elasticsearch 6.8", target: "2019", required: false),
        .init(cluster: "elasticsearch 6.4", target: "2019", required: true),
        .init(cluster: "elasticsearch 6", target: "2019", required: true),
        .init(cluster: "elasticsearch 7.9", target: "2019", required: true),
        .init(cluster: "elasticsearch 7.7", target: "2021", required: false),
        .init(cluster: "elasticsearch 7.9", target: "2021", required: false),
        .init(cluster: "elasticsearch 7.17", target: "2021", required: false),
        .init(cluster: "elasticsearch 7.6", target: "2021", required: true),
        .init(cluster: "elasticsearch 7", target: "2021", required: true),
        .init(cluster: "elasticsearch 8.7", target: "2021", required: true),
        .init(cluster: "opensearch 1.3", target: "2021", required: true),
        .init(cluster: "elasticsearch 6.8", target: "2021", required: true),
        .init(cluster: "opensearch 1.3", target: "2023", required: false),
        .init(cluster: "opensearch 1.3.10", target: "2023", required: false),
        .init(cluster: "elasticsearch 7.17", target: "2023", required: false),
        .init(cluster: "elasticsearch 8.7", target: "2023", required: false),
        .init(cluster: "elasticsearch 7.9", target: "2023", required: true),
        .init(cluster: "elasticsearch 8.8", target: "2023", required: true),
        .init(cluster: "opensearch 2", target: "2023", required: true),
        .init(cluster: "elasticsearch 6.8", target: "2023", required: true),
        .init(cluster: "opensearch 1.3", target: "2025", required: false),
        .init(cluster: "opensearch 2", target: "2025", required: false),
        .init(cluster: "opensearch 3.1", target: "2025", required: false),
        .init(cluster: "opensearch 4", target: "2025", required: true),
        .init(cluster: "elasticsearch 7.9", target: "2025", required: false),
        .init(cluster: "elasticsearch 8.7", target: "2025", required: false),
        .init(cluster: "elasticsearch 9.1", target: "2025", required: false),
        .init(cluster: "elasticsearch 6.8", target: "2025", required: true),
        .init(cluster: "elasticsearch 10", target: "2025", required: true),
    ]

    @Test(arguments: matrix)
    func coordinationIsRequiredExactlyWhenTheTargetDoesNotSupportTheCluster(_ row: ClusterTargetCase) throws {
        let catalog = try CatalogFixture.realCatalog()
        let target = try #require(catalog.version(row.target))
        let cluster = try #require(SearchCluster(row.cluster))
        #expect(catalog.searchCoordination(current: cluster, target: target).required == row.required)
    }

    @Test func reasonsNameTheClusterAndTheTarget() throws {
        let catalog = try CatalogFixture.realCatalog()
        func reason(_ cluster: String, _ target: String) throws -> String {
            try catalog.searchCoordination(current: #require(SearchCluster(cluster)), target: #require(catalog.version(target))).reason
        }
        #expect(try reason("elasticsearch 6.8", "2023")
            == "elasticsearch 6.8 is not supported by LTS 2023 (supported: opensearch 1.3, elasticsearch 7.17,"
            + " elasticsearch 8.7); coordinate the cluster change with the Nuxeo Cloud team")
        #expect(try reason("opensearch 1.3", "2025")
            == "opensearch 1.3 is supported by LTS 2025, so no search-cluster change is needed (client package: opensearch1 or opensearch2)")
        #expect(try reason("elasticsearch 9.1", "2025")
            == "elasticsearch 9.1 is supported by LTS 2025, so no search-cluster change is needed (client package: elasticsearch9)")
        #expect(try reason("elasticsearch 7.9", "2021")
            == "elasticsearch 7.9 is supported by LTS 2021, so no search-cluster change is needed")
        #expect(try reason("opensearch 1.3", "2021")
            == "opensearch 1.3 is not supported by LTS 2021 (supported: elasticsearch 7.7–7.x); coordinate the cluster change with the Nuxeo Cloud team")
        #expect(try reason("elasticsearch 6.8", "2025")
            == "elasticsearch 6.8 is not supported by LTS 2025 (supported: opensearch 1.x, elasticsearch 7.x–8.x with the"
            + " opensearch1 package; opensearch 1.x–3.x, elasticsearch 7.x with the opensearch2 package; elasticsearch 9.x"
            + " with the elasticsearch9 package); coordinate the cluster change with the Nuxeo Cloud team")
    }

    @Test func defaultClustersAreTheNewestEachVersionSupports() throws {
        let catalog = try CatalogFixture.realCatalog()
        let defaults = try ["2015", "2016", "2017", "2019", "2021", "2023", "2025"].map {
            try catalog.defaultSearchCluster(for: #require(catalog.version($0))).description
        }
        #expect(defaults == [
            "elasticsearch 1.7", "elasticsearch 2.4", "elasticsearch 5.6", "elasticsearch 6.8",
            "elasticsearch 7.17", "elasticsearch 8.7", "elasticsearch 9",
        ])
    }

    @Test func theSpecExamplePlanNeedsCoordinationAndFlagsAnUnusualSourceCluster() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2019", to: "2023", searchCluster: "elasticsearch 7.9", now: CatalogFixture.instant("2025-01-10"))
        #expect(plan.hops.map(\.to.id) == ["2021", "2023"])
        #expect(plan.searchCoordination.required)
        #expect(!plan.searchClusterAssumed)
        #expect(plan.currentSearchCluster == SearchCluster(product: .elasticsearch, version: [7, 9]))
        #expect(plan.warnings.first
            == "elasticsearch 7.9 is not a cluster LTS 2019 supports (supported: elasticsearch 6.5–6.8); check the recorded search cluster")
    }

    @Test func aGivenSupportedClusterSkipsCoordination() throws {
        let plan = try CatalogFixture.realCatalog()
            .plan(from: "2021", to: "2025", searchCluster: "Elasticsearch 7.17", now: CatalogFixture.instant("2025-06-01"))
        #expect(!plan.searchCoordination.required)
        #expect(plan.warnings.isEmpty)
    }

    @Test(arguments: [
        ([1, 5], [1, 7], "elasticsearch 1.5–1.7"), ([5, 6], [5, 6], "elasticsearch 5.6"),
        ([7, 7], [7], "elasticsearch 7.7–7.x"), ([9], [9], "elasticsearch 9.x"), ([7], [8], "elasticsearch 7.x–8.x"),
    ] as [([Int], [Int], String)])
    func rangesReadAsTheMatrixWritesThem(_ min: [Int], _ max: [Int], _ text: String) {
        #expect(SearchClusterRange(product: .elasticsearch, min: min, max: max).description == text)
    }
}
