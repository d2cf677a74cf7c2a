/// The notes of one hop as the catalog words them (docs/domain.md, "Per-hop notes"), before they
/// become a checklist in `LTSCatalog.checklist(hop:)`.
struct HopNotes: Sendable, Hashable {
    /// What happens to the search cluster on this hop, for example `upgrade to Elasticsearch 2.3`.
    var searchCluster: String
    /// Whether the repository must be re-indexed, for example `required`.
    var reindex: String
    /// Other notable steps, as checklist templates.
    var steps: [String]
}
