import Foundation
import LTSFlowEngine

/// One active upgrade's blockers in the `blocked` list (``Tracker/forEachBlockerList(owner:customer:csm:_:)``):
/// those its last change kept, still encoded, or those decided afresh; walked with
/// a ``Reader``, which lists only the blockers that need someone, of the owner asked for.
public struct BlockerList: Sendable {
    enum Source: Sendable {
        case kept(KeptBlockers)
        /// Already only those that need someone, of the owner asked for.
        case decided([Blocker])
    }

    public let customer: String
    let source: Source
    let owner: Owner?

    /// Walks lists one after another (one reader per thread), sharing between them the texts
    /// that kept lists repeat, so that the storage encoding stays the core's business.
    public struct Reader {
        private var texts = BlockerSnapshotCoding.Texts()

        public init() {}

        /// Calls `body` with each blocker of `list`, in workflow order.
        ///
        /// - Throws: ``StoreError/unreadableKeptBlockers(customer:)`` when kept bytes stop
        ///   reading through part way (blockers before that point have been passed to `body`),
        ///   or what `body` throws.
        public mutating func forEach(_ list: BlockerList, _ body: (Blocker) throws -> Void) throws {
            try list.forEach(texts: &texts, body)
        }
    }

    /// Calls `body` with each blocker of the list, in workflow order.
    func forEach(texts: inout BlockerSnapshotCoding.Texts, _ body: (Blocker) throws -> Void) throws {
        switch source {
        case .kept(let kept):
            let read = try kept.forEach(texts: &texts) { blocker in
                if blocker.needsSomeone && (owner == nil || blocker.owner == owner) { try body(blocker) }
            }
            guard read else { throw StoreError.unreadableKeptBlockers(customer: customer) }
        case .decided(let blockers):
            for blocker in blockers { try body(blocker) }
        }
    }
}
