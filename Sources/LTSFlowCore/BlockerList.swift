import Foundation
import LTSFlowEngine

/// One active upgrade's blockers in the `blocked` list (``Tracker/forEachBlockerList(owner:customer:csm:_:)``):
/// those its last change kept, still encoded, or those decided afresh; walked with
/// ``forEach(texts:_:)``, which lists only the blockers that need someone, of the owner asked for.
public struct BlockerList: Sendable {
    enum Source: Sendable {
        case kept(KeptBlockers)
        /// Already only those that need someone, of the owner asked for.
        case decided([Blocker])
    }

    public let customer: String
    let source: Source
    let owner: Owner?

    /// Calls `body` with each blocker of the list, in workflow order.
    package func forEach(texts: inout BlockerSnapshotCoding.Texts, _ body: (Blocker) throws -> Void) throws {
        switch source {
        case .kept(let kept):
            try kept.forEach(texts: &texts) { blocker in
                if blocker.needsSomeone && (owner == nil || blocker.owner == owner) { try body(blocker) }
            }
        case .decided(let blockers):
            for blocker in blockers { try body(blocker) }
        }
    }
}
