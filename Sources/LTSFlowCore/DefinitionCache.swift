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
}
