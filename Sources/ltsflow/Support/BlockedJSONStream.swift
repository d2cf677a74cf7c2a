import Foundation
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports
import Synchronization

/// `blocked --json` written out on threads of their own: the thread that reads the store hands
/// over the upgrades' blocker lists (kept blockers still encoded) a batch at a time and reads
/// on while two writing threads decode them and write their JSON, each a batch at a time. The
/// batches' text goes out in the order the batches came (``Output``), 256 kB at a time: the
/// text ``JSON/FlatArrayWriter/addBlocked(customer:_:)`` writes, as one writer would.
///
/// Two writers because on PostgreSQL the whole list arrives at once and the writing is then
/// the longest part of the command, with a core free; on SQLite the reading is the longer part
/// and the second writer is mostly idle.
final class BlockedJSONStream: Sendable {
    /// Upgrades handed over at once.
    static let batchSize = 128
    /// Threads decoding and writing.
    static let writers = 2

    private enum Message: Sendable {
        case batch(Int, [BlockerList])
        /// No more batches: the thread that takes this stops.
        case stop
    }

    private let messages = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)
    /// At most this many batches wait, so that a slow output holds back the reading.
    private let room = DispatchSemaphore(value: 4)
    private let done = DispatchSemaphore(value: 0)
    private let output = Mutex(Output())
    /// Batches handed over so far (the reading thread's count).
    private let sent = Mutex(0)

    init() {
        for _ in 0..<Self.writers { Thread.detachNewThread { [self] in writeAll() } }
    }

    /// Hands `items` to the writing threads.
    func send(_ items: [BlockerList]) {
        guard !items.isEmpty else { return }
        let number = sent.withLock { count in
            defer { count += 1 }
            return count
        }
        post(.batch(number, items))
    }

    /// Ends the list and returns once all of it is written.
    ///
    /// - Throws: What walking a list threw (then the list is not ended).
    func finish() throws {
        stopWriters()
        try output.withLock { try $0.finish() }
    }

    /// Stops the writing threads without ending the list, once what they were given is written.
    func abandon() {
        stopWriters()
    }

    private func stopWriters() {
        for _ in 0..<Self.writers { post(.stop) }
        for _ in 0..<Self.writers { done.wait() }
    }

    private func post(_ message: Message) {
        room.wait()
        messages.withLock { $0.append(message) }
        available.signal()
    }

    private func writeAll() {
        defer { done.signal() }
        var writer = JSON.FlatArrayWriter(piece: 1 << 16)
        var reader = BlockerList.Reader()
        while true {
            available.wait()
            let message = messages.withLock { $0.removeFirst() }
            room.signal()
            guard case .batch(let number, let lists) = message else { return }
            do {
                for list in lists { try reader.forEach(list) { writer.addBlocked(customer: list.customer, $0) } }
                let text = writer.take()
                output.withLock { $0.add(number, .text(text)) }
            } catch {
                _ = writer.take()
                output.withLock { $0.add(number, .failed(error)) }
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
