import Foundation

/// A range of search-cluster versions an LTS version supports, such as Elasticsearch 6.5–6.8.
///
/// Each bound is a dotted version that covers every version under it: `max: 7` reaches the last
/// 7.x, `min: 7.7` starts at 7.7.0. A cluster is in the range only if every version it may
/// denote is, so `elasticsearch 7` is not in 7.7–7.x (it could be 7.0) but `elasticsearch 7.9`
/// and `elasticsearch 7.9.2` are.
public struct SearchClusterRange: Sendable, Hashable, CustomStringConvertible {
    public var product: SearchCluster.Product
    /// The lowest version supported, as written in the catalog.
    public var min: [Int]
    /// The highest version supported, as written in the catalog (equal to `min` for one line).
    public var max: [Int]
    /// The search-client package that brings this support (LTS 2025), if the catalog names one.
    public var client: String?

    /// Creates a range; `min` and `max` must not be empty.
    public init(product: SearchCluster.Product, min: [Int], max: [Int]? = nil, client: String? = nil) {
        precondition(!min.isEmpty && !(max?.isEmpty ?? false), "a range bound needs a version")
        self.product = product
        self.min = min
        self.max = max ?? min
        self.client = client
    }

    /// Whether every version `cluster` may denote lies in this range.
    ///
    /// - Parameter cluster: the customer's cluster, as precise as it was recorded.
    /// - Returns: `true` when the product matches and the cluster is between the bounds.
    public func contains(_ cluster: SearchCluster) -> Bool {
        cluster.product == product
            && Self.compare(cluster.version, pad: 0, min, pad: 0) >= 0
            && Self.compare(cluster.version, pad: Int.max, max, pad: Int.max) <= 0
    }

    /// Whether the range holds at least one version (`min` is not above `max`).
    var isValid: Bool {
        Self.compare(min, pad: 0, max, pad: Int.max) <= 0
    }

    /// `elasticsearch 6.5–6.8`, `elasticsearch 7.7–7.x`, `opensearch 1.3`, `elasticsearch 9.x`.
    ///
    /// The client package is not part of the text; ``LTSVersion/supportedClustersText`` adds it.
    public var description: String {
        let low = Self.text(min)
        let high = Self.text(max)
        return "\(product.rawValue) " + (low == high ? low : "\(low)–\(high)")
    }

    /// A bound with a single part covers a whole major line, so it reads `7.x`.
    private static func text(_ version: [Int]) -> String {
        let dotted = version.map(String.init).joined(separator: ".")
        return version.count == 1 ? dotted + ".x" : dotted
    }

    /// Compares two versions part by part, extending each with its padding value: `0` for the
    /// lowest version a prefix denotes, `Int.max` for the highest.
    static func compare(_ left: [Int], pad leftPad: Int, _ right: [Int], pad rightPad: Int) -> Int {
        for index in 0..<Swift.max(left.count, right.count) {
            let l = index < left.count ? left[index] : leftPad
            let r = index < right.count ? right[index] : rightPad
            if l != r { return l < r ? -1 : 1 }
        }
        // Equal over the written parts; the paddings decide what lies beyond them.
        return leftPad == rightPad ? 0 : (leftPad < rightPad ? -1 : 1)
    }
}
