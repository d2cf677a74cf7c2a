/// Whether an upgrade needs the search-cluster coordination stage, and why.
///
/// Rule (docs/domain.md, "Search coordination"): coordination is required exactly when the
/// customer's current cluster is not in the target LTS's supported set. The reason is a sentence
/// for the CSM and for the automatic skip of the `search-coordination` stage.
public struct SearchCoordination: Sendable, Hashable, Codable {
    /// `true` when the cluster must change before or with the upgrade.
    public var required: Bool
    /// A sentence naming the cluster and the target, such as "elasticsearch 6.8 is not supported
    /// by LTS 2023 (supported: opensearch 1.3, elasticsearch 7.17, elasticsearch 8.7); …".
    public var reason: String

    public init(required: Bool, reason: String) {
        self.required = required
        self.reason = reason
    }
}
