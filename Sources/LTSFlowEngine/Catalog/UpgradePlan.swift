/// What an upgrade from one LTS to another involves: its hops, each with a checklist, and
/// whether the search cluster must change.
///
/// Made by ``LTSCatalog/plan(from:to:searchCluster:now:)``. Encodes to the JSON of
/// `ltsflow plan --json` (docs/cli.md): versions as their ids, the cluster as its text.
public struct UpgradePlan: Sendable, Hashable, Encodable {
    /// One step between consecutive LTS versions.
    public struct Hop: Sendable, Hashable, Encodable {
        public var from: LTSVersion
        public var to: LTSVersion
        /// The hop's checklist: preconditions, the hop's own notes, service changes, then the
        /// generic steps of every hop.
        public let notes: [String]
        /// The notes with their stable ids, made once with the hop.
        public let items: [ChecklistItem]

        public init(from: LTSVersion, to: LTSVersion, notes: [String]) {
            self.from = from
            self.to = to
            self.notes = notes
            self.items = ChecklistItem.ids(hop: from.id, to.id, texts: notes)
        }

        private enum CodingKeys: String, CodingKey { case from, to, notes, items }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from.id, forKey: .from)
            try container.encode(to.id, forKey: .to)
            try container.encode(notes, forKey: .notes)
            // The notes with their checklist ids (`check CUSTOMER ID`).
            try container.encode(items, forKey: .items)
        }
    }

    public var from: LTSVersion
    public var to: LTSVersion
    /// Consecutive hops from `from` to `to`; never empty.
    public var hops: [Hop]
    public var searchCoordination: SearchCoordination
    /// The cluster the plan was made with: the one given, or the source's default.
    public var currentSearchCluster: SearchCluster
    /// `true` when no cluster was given and the source's default was assumed.
    public var searchClusterAssumed: Bool
    /// Things to know that do not stop the plan (maintenance, an unusual current cluster, …).
    public var warnings: [String]

    public init(
        from: LTSVersion, to: LTSVersion, hops: [Hop], searchCoordination: SearchCoordination,
        currentSearchCluster: SearchCluster, searchClusterAssumed: Bool, warnings: [String]
    ) {
        self.from = from
        self.to = to
        self.hops = hops
        self.searchCoordination = searchCoordination
        self.currentSearchCluster = currentSearchCluster
        self.searchClusterAssumed = searchClusterAssumed
        self.warnings = warnings
    }

    private enum CodingKeys: String, CodingKey {
        case from, to, hops, searchCoordination, currentSearchCluster, searchClusterAssumed, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from.id, forKey: .from)
        try container.encode(to.id, forKey: .to)
        try container.encode(hops, forKey: .hops)
        try container.encode(searchCoordination, forKey: .searchCoordination)
        try container.encode(currentSearchCluster, forKey: .currentSearchCluster)
        try container.encode(searchClusterAssumed, forKey: .searchClusterAssumed)
        try container.encode(warnings, forKey: .warnings)
    }
}
