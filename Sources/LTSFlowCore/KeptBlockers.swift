import Foundation
import LTSFlowEngine

/// The blockers an upgrade's last change kept, as their bytes (``BlockerSnapshotCoding``):
/// checked readable when read from the store, decoded only when walked, on whichever thread
/// walks them (`blocked --json` decodes on its writing thread while the store reads on).
public struct KeptBlockers: Sendable {
    /// The bytes of this list alone, or of a ``Batch`` of lists of which this one is `range`.
    private let storage: [UInt8]
    private let range: Range<Int>

    /// A copy of `bytes`; nil when they are not a list in the encoding.
    package init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard BlockerSnapshotCoding.isReadable(bytes) else { return nil }
        storage = Array(bytes)
        range = 0..<bytes.count
    }

    private init(storage: [UInt8], range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// Calls `body` with each blocker, in order; false when the bytes stop reading through
    /// (never for bytes checked when made, unless the check and the decoding part ways).
    func forEach(texts: inout BlockerSnapshotCoding.Texts, _ body: (Blocker) throws -> Void) throws -> Bool {
        try storage.withUnsafeBufferPointer { all in
            try BlockerSnapshotCoding.decode(UnsafeBufferPointer(rebasing: all[range]), texts: &texts, body)
        }
    }

    /// Customers' kept lists read one after another, each checked and copied into one buffer
    /// that the lists handed out share: one allocation for many lists, not one per list.
    package struct Batch {
        private var storage: [UInt8] = []
        private var lists: [(customer: String, range: Range<Int>)] = []

        package init() {}

        /// How many lists wait to be handed out.
        package var count: Int { lists.count }

        /// Adds a copy of the customer's list when `bytes` are a list in the encoding;
        /// false (nothing added) when they are not.
        package mutating func append(customer: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard BlockerSnapshotCoding.isReadable(bytes) else { return false }
            if storage.isEmpty { storage.reserveCapacity(Self.bytesReserved) }
            let start = storage.count
            storage.append(contentsOf: bytes)
            lists.append((customer, start..<storage.count))
            return true
        }

        /// Calls `body` with each list in the order added, then empties the batch (the lists
        /// keep the buffer; the next list added starts another).
        package mutating func handOut(_ body: (_ customer: String, _ blockers: KeptBlockers) throws -> Void) throws {
            let shared = storage
            storage = []
            defer { lists.removeAll(keepingCapacity: true) }
            for list in lists {
                try body(list.customer, KeptBlockers(storage: shared, range: list.range))
            }
        }

        /// What a buffer starts with: about 128 lists of the usual size (200 to 400 bytes).
        static let bytesReserved = 48 << 10
    }
}
