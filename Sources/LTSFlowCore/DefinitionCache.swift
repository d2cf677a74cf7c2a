import Foundation
import LTSFlowEngine

/// Parsed pinned definitions by hash: a YAML parse per process and definition, not per upgrade.
public final class DefinitionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: WorkflowDefinition] = [:]

    public init() {}

    /// The definition parsed earlier under this hash, if any.
    public func cached(_ hash: String) -> WorkflowDefinition? {
        lock.withLock { parsed[hash] }
    }

    /// The definition of `yaml`, parsed once per hash.
    public func definition(hash: String, yaml: String) throws(DefinitionError) -> WorkflowDefinition {
        if let known = lock.withLock({ parsed[hash] }) { return known }
        let definition = try WorkflowDefinition.load(yaml: yaml, file: "pinned definition \(hash.prefix(12))").definition
        lock.withLock { parsed[hash] = definition }
        return definition
    }
}
