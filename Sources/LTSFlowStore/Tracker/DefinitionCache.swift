import Foundation
import LTSFlowEngine

/// Parsed pinned definitions by hash, shared by the trackers of one process so a definition is
/// parsed once however many upgrades pin it.
public final class DefinitionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var definitions: [String: WorkflowDefinition] = [:]

    public init() {}

    func definition(_ hash: String, load: () throws -> WorkflowDefinition) rethrows -> WorkflowDefinition {
        lock.lock()
        if let cached = definitions[hash] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let loaded = try load()
        lock.lock()
        definitions[hash] = loaded
        lock.unlock()
        return loaded
    }
}
