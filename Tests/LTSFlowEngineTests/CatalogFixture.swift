import Foundation
@testable import LTSFlowEngine

/// Helpers shared by the catalog tests: the real catalog file and instants written as text.
enum CatalogFixture {
    /// `workflows/nuxeo-lts-catalog.yaml`, found from this file's path.
    static let realCatalogURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../workflows/nuxeo-lts-catalog.yaml")
        .standardized

    static func realCatalog() throws -> LTSCatalog {
        let text = try String(contentsOf: realCatalogURL, encoding: .utf8)
        return try LTSCatalog.parse(yaml: text, file: "workflows/nuxeo-lts-catalog.yaml")
    }

    /// An instant written in ISO 8601; a bare date is midnight UTC.
    static func instant(_ text: String) -> Date {
        let full = text.count == 10 ? text + "T00:00:00Z" : text
        guard let date = ISO8601DateFormatter().date(from: full) else {
            preconditionFailure("bad test instant \(text)")
        }
        return date
    }
}
