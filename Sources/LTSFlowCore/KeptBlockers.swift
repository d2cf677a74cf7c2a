import Foundation
import LTSFlowEngine

/// The blockers an upgrade's last change kept, as their bytes (``BlockerSnapshotCoding``):
/// checked readable when read from the store, decoded only when walked, on whichever thread
/// walks them (`blocked --json` decodes on its writing thread while the store reads on).
public struct KeptBlockers: Sendable {
    private let bytes: [UInt8]

    /// A copy of `bytes`; nil when they are not a list in the encoding.
    package init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard BlockerSnapshotCoding.isReadable(bytes) else { return nil }
        self.bytes = Array(bytes)
    }

    /// Calls `body` with each blocker, in order; false when the bytes stop reading through
    /// (never for bytes checked when made, unless the check and the decoding part ways).
    func forEach(texts: inout BlockerSnapshotCoding.Texts, _ body: (Blocker) throws -> Void) throws -> Bool {
        try bytes.withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts, body) }
    }
}
