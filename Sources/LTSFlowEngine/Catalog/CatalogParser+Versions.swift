import Foundation
import Yams

/// One entry of `versions`: its id when readable (hops are checked against it even when the
/// rest of the entry is broken), and the version when the whole entry is valid.
struct ParsedVersion {
    var id: String?
    var version: LTSVersion?
    var line: Int?
}

extension CatalogParser {
    static let versionKeys: Set = [
        "id", "platform", "title", "released", "maintenance-from", "end-of-life", "end-of-life-approx",
        "search-clusters", "default-search-cluster", "services", "before-leaving",
    ]
    static let rangeKeys: Set = ["product", "min", "max", "client"]
    static let serviceKeys: Set = ["java", "mongodb", "postgresql", "kafka", "redis"]

    /// Every entry of `versions`, then the checks across entries: names used twice and
    /// release dates out of order.
    mutating func versions(_ node: Node?) -> [ParsedVersion] {
        guard let node, let items = reader.sequence(node, at: "versions") else { return [] }
        guard !items.isEmpty else {
            reader.error("bad-value", "`versions` must list at least one LTS version", line: node.mark?.line)
            return []
        }
        let parsed = items.enumerated().map { version($1, at: "versions[\($0)]") }

        var owners: [String: Int] = [:]
        for (index, entry) in parsed.enumerated() {
            guard let version = entry.version else { continue }
            for alias in version.aliases {
                if let owner = owners[alias], owner != index {
                    reader.error("duplicate-id", "`versions[\(index)]` is named `\(alias)`, like `versions[\(owner)]`; an id, platform or title must name one version", line: entry.line)
                } else {
                    owners[alias] = index
                }
            }
        }
        for index in parsed.indices.dropFirst() {
            guard let earlier = parsed[index - 1].version, let later = parsed[index].version else { continue }
            if later.released.start <= earlier.released.start {
                reader.error("date-order", "`versions[\(index)]` (\(later.title)) is released \(later.released.phrase), not after \(earlier.title) (\(earlier.released)); list versions in upgrade order", line: parsed[index].line)
            }
        }
        return parsed
    }

    private mutating func version(_ node: Node, at path: String) -> ParsedVersion {
        let line = node.mark?.line
        guard let entries = reader.mapping(node, at: path, known: Self.versionKeys) else {
            return ParsedVersion(id: nil, version: nil, line: line)
        }
        func required(_ key: String) -> Node? { reader.require(entries, key, in: path, line: line) }
        let id = text(required("id"), at: "\(path).id")
        let platform = text(required("platform"), at: "\(path).platform")
        let title = text(required("title"), at: "\(path).title")
        let released = date(required("released"), at: "\(path).released", allowMonth: true)
        let maintenance = entries["maintenance-from"].flatMap { date($0, at: "\(path).maintenance-from") }
        let endOfLife = self.endOfLife(entries, at: path, line: line)
        let ranges = searchClusters(required("search-clusters"), at: "\(path).search-clusters")
        let defaultCluster = cluster(required("default-search-cluster"), at: "\(path).default-search-cluster", ranges: ranges)
        let services = self.services(required("services"), at: "\(path).services")
        let beforeLeaving = templates(entries["before-leaving"], at: "\(path).before-leaving")

        guard let id, let platform, let title, let released, let endOfLife, let ranges, let defaultCluster,
              let services, let beforeLeaving
        else { return ParsedVersion(id: id, version: nil, line: line) }

        // Lifecycle dates must follow each other: released, maintenance, end of life.
        let steps: [(String, Date)] = [("released", released.start)]
            + (maintenance.map { [("maintenance-from", $0.start)] } ?? [])
            + [("end of life", endOfLife.end)]
        for (earlier, later) in zip(steps, steps.dropFirst()) where later.1 <= earlier.1 {
            reader.error("date-order", "`\(path)` (\(title)) has its \(later.0) date before its \(earlier.0) date", line: line)
        }
        let version = LTSVersion(
            id: id, platform: platform, title: title, released: released, maintenanceFrom: maintenance,
            endOfLife: endOfLife, searchClusters: ranges, defaultSearchCluster: defaultCluster,
            services: services, beforeLeaving: beforeLeaving)
        return ParsedVersion(id: id, version: version, line: line)
    }

    /// `end-of-life` (a date) or `end-of-life-approx` (a year), exactly one of them.
    private mutating func endOfLife(_ entries: [(key: String, value: Node)], at path: String, line: Int?) -> LifecycleDate? {
        switch (entries["end-of-life"], entries["end-of-life-approx"]) {
        case (nil, nil):
            reader.error("missing-key", "`\(path)` needs `end-of-life` (a date) or `end-of-life-approx` (a year)", line: line)
            return nil
        case (.some, .some(let approx)):
            reader.error("bad-value", "`\(path)` has both `end-of-life` and `end-of-life-approx`; keep one", line: approx.mark?.line)
            return nil
        case (.some(let exact), nil):
            return date(exact, at: "\(path).end-of-life")
        case (nil, .some(let approx)):
            guard let text = text(approx, at: "\(path).end-of-life-approx") else { return nil }
            guard text.count == 4, let year = Int(text), (1900...9999).contains(year) else {
                reader.error("bad-date", "`\(path).end-of-life-approx` must be a year such as 2018, not `\(text)`", line: approx.mark?.line)
                return nil
            }
            return .aroundYear(year)
        }
    }

    private mutating func date(_ node: Node?, at path: String, allowMonth: Bool = false) -> LifecycleDate? {
        guard let node, let text = text(node, at: path) else { return nil }
        guard let date = LifecycleDate.parse(text, allowMonth: allowMonth) else {
            let shape = allowMonth ? "YYYY-MM-DD (or YYYY-MM when only the month is known)" : "YYYY-MM-DD"
            reader.error("bad-date", "`\(path)` must be a date written \(shape), not `\(text)`", line: node.mark?.line)
            return nil
        }
        return date
    }

    // MARK: Search clusters and services

    private mutating func searchClusters(_ node: Node?, at path: String) -> [SearchClusterRange]? {
        guard let node, let items = reader.sequence(node, at: path) else { return nil }
        guard !items.isEmpty else {
            reader.error("bad-value", "`\(path)` must list at least one supported search cluster", line: node.mark?.line)
            return nil
        }
        let ranges = items.enumerated().compactMap { range($1, at: "\(path)[\($0)]") }
        return ranges.count == items.count ? ranges : nil
    }

    private mutating func range(_ node: Node, at path: String) -> SearchClusterRange? {
        guard let entries = reader.mapping(node, at: path, known: Self.rangeKeys) else { return nil }
        let line = node.mark?.line
        var product: SearchCluster.Product?
        if let name = text(reader.require(entries, "product", in: path, line: line), at: "\(path).product") {
            product = SearchCluster.Product(rawValue: name.lowercased())
            if product == nil {
                let valid = SearchCluster.Product.allCases.map(\.rawValue).joined(separator: ", ")
                reader.error("bad-value", "`\(path).product` must be one of \(valid), not `\(name)`", line: entries["product"]?.mark?.line)
            }
        }
        let min = bound(reader.require(entries, "min", in: path, line: line), at: "\(path).min")
        let max = entries["max"].map { bound($0, at: "\(path).max") }
        let client = entries["client"].flatMap { text($0, at: "\(path).client") }
        guard let product, let min, let max = max ?? min else { return nil }
        let range = SearchClusterRange(product: product, min: min, max: max, client: client)
        guard range.isValid else {
            reader.error("bad-value", "`\(path)` has `min` above `max`", line: line)
            return nil
        }
        return range
    }

    private mutating func bound(_ node: Node?, at path: String) -> [Int]? {
        guard let node, let text = text(node, at: path) else { return nil }
        guard let version = SearchCluster.parseVersion(text) else {
            reader.error("bad-value", "`\(path)` must be a dotted version such as `7.17` or `7`, not `\(text)`", line: node.mark?.line)
            return nil
        }
        return version
    }

    private mutating func cluster(_ node: Node?, at path: String, ranges: [SearchClusterRange]?) -> SearchCluster? {
        guard let node, let text = text(node, at: path) else { return nil }
        guard let cluster = SearchCluster(text) else {
            reader.error("bad-value", "`\(path)` must be a product and a version such as `elasticsearch 7.17`, not `\(text)`", line: node.mark?.line)
            return nil
        }
        if let ranges, !ranges.contains(where: { $0.contains(cluster) }) {
            let supported = ranges.map(\.description).joined(separator: ", ")
            reader.error("bad-value", "`\(path)` is `\(cluster)`, which the version does not support (supported: \(supported))", line: node.mark?.line)
            return nil
        }
        return cluster
    }

    private mutating func services(_ node: Node?, at path: String) -> LTSVersion.Services? {
        guard let node, let entries = reader.mapping(node, at: path, known: Self.serviceKeys) else { return nil }
        let line = node.mark?.line
        var values: [String: String] = [:]
        for key in Self.serviceKeys.sorted() {
            values[key] = text(reader.require(entries, key, in: path, line: line), at: "\(path).\(key)")
        }
        guard let java = values["java"], let mongodb = values["mongodb"], let postgresql = values["postgresql"],
              let kafka = values["kafka"], let redis = values["redis"]
        else { return nil }
        return LTSVersion.Services(java: java, mongodb: mongodb, postgresql: postgresql, kafka: kafka, redis: redis)
    }
}
