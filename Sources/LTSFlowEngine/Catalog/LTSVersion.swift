import Foundation

/// One Nuxeo LTS version of the catalog: names, lifecycle and what it runs with.
///
/// Values come from `workflows/nuxeo-lts-catalog.yaml` through ``LTSCatalog/parse(yaml:file:)``.
public struct LTSVersion: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// Versions of the services around Nuxeo, as the compatibility matrix words them.
    public struct Services: Sendable, Hashable {
        public var java: String
        public var mongodb: String
        public var postgresql: String
        public var kafka: String
        public var redis: String

        /// Each service with the label a checklist shows, in a fixed order.
        public var labelled: [(label: String, value: String)] {
            [
                ("Java", java),
                ("MongoDB (recommended)", mongodb),
                ("PostgreSQL (recommended)", postgresql),
                ("Kafka", kafka),
                ("Redis", redis),
            ]
        }
    }

    /// The LTS year, `2019`: what commands take and reports show.
    public var id: String
    /// The platform version, `10.10` or `2021.x`.
    public var platform: String
    /// How people name it, `LTS 2019`.
    public var title: String
    public var released: LifecycleDate
    /// When the version enters maintenance, if a date was published.
    public var maintenanceFrom: LifecycleDate?
    /// The last supported day (or year, when no date was published).
    public var endOfLife: LifecycleDate
    /// Supported search clusters; a cluster is supported if any range contains it.
    public var searchClusters: [SearchClusterRange]
    /// The cluster assumed when none was recorded: the newest this version supports.
    public var defaultSearchCluster: SearchCluster
    public var services: Services
    /// Checklist lines added to the hop that leaves this version (templates, see the catalog).
    public var beforeLeaving: [String]

    /// `LTS 2019 (10.10)`.
    public var description: String { "\(title) (\(platform))" }

    /// Whether this version supports `cluster` (docs/domain.md, "Compatibility matrix").
    public func supports(_ cluster: SearchCluster) -> Bool {
        searchClusters.contains { $0.contains(cluster) }
    }

    /// Whether the version is past its end of life at `now` (the last day still counts).
    public func isPastEndOfLife(at now: Date) -> Bool {
        now >= endOfLife.end
    }

    /// The supported clusters as one phrase, grouping ranges by their client package:
    /// `opensearch 1.3, elasticsearch 7.17, elasticsearch 8.7`, or for LTS 2025
    /// `opensearch 1.x, elasticsearch 7.x–8.x with the opensearch1 package; …`.
    public var supportedClustersText: String {
        var groups: [(client: String?, ranges: [String])] = []
        for range in searchClusters {
            if let index = groups.firstIndex(where: { $0.client == range.client }) {
                groups[index].ranges.append(range.description)
            } else {
                groups.append((range.client, [range.description]))
            }
        }
        return groups.map { group in
            let ranges = group.ranges.joined(separator: ", ")
            guard let client = group.client else { return ranges }
            return "\(ranges) with the \(client) package"
        }.joined(separator: "; ")
    }

    /// The client packages under which `cluster` is supported, in catalog order, without repeats.
    func clients(supporting cluster: SearchCluster) -> [String] {
        var clients: [String] = []
        for range in searchClusters where range.contains(cluster) {
            if let client = range.client, !clients.contains(client) { clients.append(client) }
        }
        return clients
    }

    /// The names a query may use for this version, normalised (see ``LTSCatalog/version(_:)``).
    var aliases: [String] {
        var names: [String] = []
        for name in [id, platform, title] {
            let key = LTSCatalog.normalise(name)
            if !key.isEmpty, !names.contains(key) { names.append(key) }
        }
        return names
    }

    /// Whether a normalised query names this version: an alias, or a release of a year-numbered
    /// line such as `2021.40` for platform `2021.x`.
    func matches(normalised query: String) -> Bool {
        if aliases.contains(query) { return true }
        let platform = LTSCatalog.normalise(self.platform)
        guard platform.hasSuffix(".x") else { return false }
        let prefix = platform.dropLast(1)  // "2021."
        guard query.hasPrefix(prefix) else { return false }
        let release = query.dropFirst(prefix.count)
        return !release.isEmpty && release.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
