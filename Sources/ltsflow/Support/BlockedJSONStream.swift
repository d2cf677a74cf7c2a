import Foundation
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports
import Synchronization

/// `blocked --json` written out beside the reading: the thread that reads the store hands over
/// the upgrades' blocker lists (kept blockers still encoded) a batch at a time and reads on
/// while a writing thread decodes them and writes their JSON. When the writing falls behind
/// (the waiting batches fill up: PostgreSQL hands over the whole list at once), the reading
/// thread writes the batch at hand itself instead of waiting, so that both cores write. The
/// batches' text goes out in the order the batches came (``Output``), 256 kB at a time: the
/// text ``JSON/FlatArrayWriter/addBlocked(customer:_:)`` writes, as one writer would.
///
/// One writing thread, not two: on SQLite the reading is the longer part, and a second writer
/// only took CPU from it (two writers: +8 ms on 10,000 customers, docs/benchmarks.md).
final class BlockedJSONStream: Sendable {
    /// Upgrades handed over at once.
    static let batchSize = 128

    private enum Message: Sendable {
        case batch(Int, [BlockerList])
        /// No more batches: the writing thread stops.
        case stop
    }

    private let messages = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)
    /// At most this many batches wait, so that a slow output holds back the reading.
    private let room = DispatchSemaphore(value: 4)
    private let done = DispatchSemaphore(value: 0)
    private let output = Mutex(Output())
    /// Batches handed over so far (only the reading thread counts them; a `Mutex` so that the
    /// stream stays `Sendable`).
    private let sent = Mutex(0)
    /// What the reading thread writes with when it writes a batch itself (only it uses this).
    private let sender = Mutex(Writing())

    init() {
        Thread.detachNewThread { [self] in writeAll() }
    }

    /// Hands `items` to the writing thread, or writes them on this thread when as many
    /// batches as may wait are waiting already.
    func send(_ items: [BlockerList]) {
        guard !items.isEmpty else { return }
        let number = sent.withLock { count in
            defer { count += 1 }
            return count
        }
        guard room.wait(timeout: .now()) == .success else {
            let piece = sender.withLock { $0.write(items) }
            output.withLock { $0.add(number, piece) }
            return
        }
        messages.withLock { $0.append(.batch(number, items)) }
        available.signal()
    }

    /// Ends the list and returns once all of it is written.
    ///
    /// - Throws: What walking a list threw (then the list is not ended).
    func finish() throws {
        stopWriter()
        try output.withLock { try $0.finish() }
    }

    /// Stops the writing thread without ending the list, once what it was given is written.
    func abandon() {
        stopWriter()
    }

    private func stopWriter() {
        post(.stop)
        done.wait()
    }

    private func post(_ message: Message) {
        room.wait()
        messages.withLock { $0.append(message) }
        available.signal()
    }

    private func writeAll() {
        defer { done.signal() }
        var writing = Writing()
        while true {
            available.wait()
            let message = messages.withLock { $0.removeFirst() }
            room.signal()
            guard case .batch(let number, let lists) = message else { return }
            let piece = writing.write(lists)
            output.withLock { $0.add(number, piece) }
        }
    }

    /// One thread's writer and reader, kept from batch to batch.
    private struct Writing: ~Copyable {
        private var writer = JSON.FlatArrayWriter(piece: 1 << 16)
        private var reader = BlockerList.Reader()

        /// The text of a batch, or what walking one of its lists threw.
        mutating func write(_ lists: [BlockerList]) -> Output.Piece {
            do {
                for list in lists { try reader.forEach(list) { writer.addBlocked(customer: list.customer, $0) } }
                return .text(writer.take())
            } catch {
                _ = writer.take()
                return .failed(error)
            }
        }
    }

    /// The text of the batches, written out in their order whichever thread wrote them.
    private struct Output: ~Copyable {
        enum Piece {
            case text([UInt8])
            case failed(any Error)
        }

        private var waiting: [Int: Piece] = [:]
        private var next = 0
        private var pending: [UInt8] = [UInt8(ascii: "[")]
        private var objects = false
        private var failure: (any Error)?

        /// Takes batch `number`'s piece; writes it and the ones after it that came before it,
        /// in order, 256 kB at a time. After a failed batch nothing more is written.
        mutating func add(_ number: Int, _ piece: Piece) {
            waiting[number] = piece
            while failure == nil, let piece = waiting.removeValue(forKey: next) {
                next += 1
                switch piece {
                case .text(let text) where !text.isEmpty:
                    // Each piece's objects start with `,`: not the array's first one.
                    pending.append(contentsOf: objects ? text[...] : text.dropFirst())
                    objects = true
                    if pending.count >= 1 << 18 {
                        Terminal.write(bytes: pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                case .text:
                    break
                case .failed(let error):
                    failure = error
                }
            }
        }

        /// Writes the end of the list.
        ///
        /// - Throws: What walking a list threw (then the list is not ended).
        mutating func finish() throws {
            if let failure { throw failure }
            pending.append(contentsOf: (objects ? "\n]\n" : "\n\n]\n").utf8)
            Terminal.write(bytes: pending)
            pending = []
        }
    }
}
