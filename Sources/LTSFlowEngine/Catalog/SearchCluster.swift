import Foundation

/// A customer's search cluster: a product and its version, such as `elasticsearch 7.9`.
///
/// Read from what a CSM types (`Elasticsearch 7.17`, `OpenSearch 2`, `opensearch 1.3.x`), so
/// the product is case-insensitive and a version may stop at any part. A shorter version is less
/// precise, not a wildcard: `elasticsearch 7` could be 7.0, so it only counts as supported where
/// every 7.x is (see ``SearchClusterRange/contains(_:)``).
public struct SearchCluster: Sendable, Hashable, Codable, LosslessStringConvertible {
    /// The search engines Nuxeo supports.
    public enum Product: String, Sendable, Hashable, Codable, CaseIterable {
        case elasticsearch
        case opensearch
    }

    public var product: Product
    /// Dotted version parts, most significant first: `[7, 17]` for 7.17.
    public var version: [Int]

    /// Creates a cluster from its parts; `version` must not be empty.
    public init(product: Product, version: [Int]) {
        precondition(!version.isEmpty, "a search cluster needs a version")
        self.product = product
        self.version = version
    }

    /// Reads `PRODUCT VERSION` (case-insensitive, surrounding spaces ignored), or returns `nil`.
    ///
    /// - Parameter text: for example `elasticsearch 7.9`, `OpenSearch 2` or `opensearch 1.3.x`.
    public init?(_ text: String) {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace)
        guard words.count == 2,
              let product = Product(rawValue: String(words[0])),
              let version = Self.parseVersion(String(words[1]))
        else { return nil }
        self.init(product: product, version: version)
    }

    /// `elasticsearch 7.9`: product in lower case, then the version as given.
    public var description: String {
        "\(product.rawValue) \(version.map(String.init).joined(separator: "."))"
    }

    // MARK: Versions

    /// Reads a dotted version (`7`, `7.17`, `6.8.23`, optionally `v7`) into its parts.
    ///
    /// A trailing `.x` is accepted and dropped (`7.x` is `7`); any other text is refused.
    static func parseVersion(_ text: String) -> [Int]? {
        var text = Substring(text.trimmingBlanks().lowercased())
        if text.hasPrefix("v") { text = text.dropFirst() }
        var parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last == "x" { parts.removeLast() }
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 6, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        return numbers
    }

    // MARK: Codable

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let cluster = SearchCluster(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "`\(text)` is not a search cluster such as `elasticsearch 7.17`"))
        }
        self = cluster
    }

    /// Encodes as its text, `elasticsearch 7.9`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
