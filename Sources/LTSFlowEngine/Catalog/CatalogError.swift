import Foundation

/// Why the catalog refused to plan an upgrade. Each message names the bad value and what would
/// be valid, so the CLI can print it as is.
public enum CatalogError: Error, LocalizedError, Equatable, Sendable {
    /// The text names no LTS version; `valid` lists the versions as `2019 (10.10)`.
    case unknownVersion(String, valid: [String])
    /// Source and target are the same version (by title).
    case sameVersion(String)
    /// The target is older than the source (titles).
    case backwards(from: String, to: String)
    /// The target is past its end of life on the planning date.
    ///
    /// - `endOfLife`: the date as a phrase, `on 2025-04-07` or `around 2022 (date not published)`.
    /// - `now`: the planning day, `2026-11-29`.
    /// - `alternatives`: titles of newer versions that are still supported then.
    case pastEndOfLife(String, endOfLife: String, now: String, alternatives: [String])
    /// The search-cluster text could not be read.
    case badSearchCluster(String)

    public var errorDescription: String? {
        switch self {
        case .unknownVersion(let query, let valid):
            return "unknown LTS version `\(query)`; valid versions: \(valid.joined(separator: ", "))"
                + " (also written `LTS 2023` or `lts-2023`)"
        case .sameVersion(let title):
            return "\(title) is both the source and the target: choose a newer LTS as the target"
                + " (hotfixes within an LTS need no upgrade plan)"
        case .backwards(let from, let to):
            return "cannot plan from \(from) back to \(to): upgrades only go to a newer LTS;"
                + " did you swap the source and the target?"
        case .pastEndOfLife(let title, let endOfLife, let now, let alternatives):
            let choice = alternatives.isEmpty
                ? "no newer LTS is supported on that date"
                : "choose a supported target: \(alternatives.joined(separator: ", "))"
            return "\(title) reached its end of life \(endOfLife) and cannot be a target on \(now); \(choice)"
        case .badSearchCluster(let text):
            let products = SearchCluster.Product.allCases.map(\.rawValue).joined(separator: ", ")
            return "cannot read the search cluster `\(text)`: write a product and a version, such as"
                + " `elasticsearch 7.17` or `opensearch 1.3` (products: \(products))"
        }
    }
}
