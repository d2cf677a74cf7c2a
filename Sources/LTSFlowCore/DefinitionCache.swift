import Foundation
import LTSFlowEngine
import Synchronization

/// Parsed pinned definitions by hash: a YAML parse per process and definition, not per upgrade.
/// One per process (``shared``), used by the tracker and by the stores alike.
public final class DefinitionCache: Sendable {
    /// The process's cache.
    public static let shared = DefinitionCache()

    private let parsed = Mutex<[String: WorkflowDefinition]>([:])

    public init() {}

    /// The definition parsed earlier under this hash, if any.
    public func cached(_ hash: String) -> WorkflowDefinition? {
        parsed.withLock { $0[hash] }
    }

    /// The definition of `yaml`, parsed once per hash.
    public func definition(hash: String, yaml: String) throws(DefinitionError) -> WorkflowDefinition {
        if let known = cached(hash) { return known }
        let definition = try WorkflowDefinition.load(yaml: yaml, file: "pinned definition \(hash.prefix(12))").definition
        parsed.withLock { $0[hash] = definition }
        return definition
    }

    /// The workflows of the histories an import writes, by pinned hash, each text checked
    /// against its hash and parsed once (the demo fill and `db copy`, on every backend).
    ///
    /// - Throws: ``StoreError/definitionHashMismatch(workflow:pinned:)``, or the definition's
    ///   own ``DefinitionError``.
    public func workflows(of histories: [ImportedHistory]) throws -> [String: WorkflowDefinition] {
        var parsed: [String: WorkflowDefinition] = [:]
        for history in histories where parsed[history.definition.hash] == nil {
            let pinned = history.definition
            guard PinnedDefinition.hash(of: pinned.yaml) == pinned.hash else {
                throw StoreError.definitionHashMismatch(workflow: pinned.workflowID, pinned: pinned.hash)
            }
            parsed[pinned.hash] = try definition(hash: pinned.hash, yaml: pinned.yaml)
        }
        return parsed
    }
}
