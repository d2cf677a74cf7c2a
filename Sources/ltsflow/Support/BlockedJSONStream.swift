import Foundation
import LTSFlowEngine
import LTSFlowReports
import Synchronization

/// `blocked --json` written out on a thread of its own: the thread that reads the store hands
/// the blockers over a batch at a time and reads on while this one writes their JSON (on two
/// cores the two take about as long as each other). The text is the one
/// ``JSON/FlatArrayWriter/addBlocked(customer:_:)`` writes, in the order the blockers came,
/// 256 kB at a time.
final class BlockedJSONStream: Sendable {
    /// Blockers handed over at once.
    static let batchSize = 256

    private enum Message: Sendable {
        case batch([(customer: String, blocker: Blocker)])
        /// Write the end of the list, then stop.
        case finish
        /// Stop without ending the list (the reading failed).
        case abandon
    }

    private let messages = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)
    /// At most this many batches wait, so that a slow output holds back the reading.
    private let room = DispatchSemaphore(value: 4)
    private let done = DispatchSemaphore(value: 0)

    init() {
        Thread.detachNewThread { [self] in writeAll() }
    }

    /// Hands `items` to the writing thread.
    func send(_ items: [(customer: String, blocker: Blocker)]) {
        guard !items.isEmpty else { return }
        post(.batch(items))
    }

    /// Ends the list and returns once all of it is written.
    func finish() {
        post(.finish)
        done.wait()
    }

    /// Stops the writing thread without ending the list, once what it was given is written.
    func abandon() {
        post(.abandon)
        done.wait()
    }

    private func post(_ message: Message) {
        room.wait()
        messages.withLock { $0.append(message) }
        available.signal()
    }

    private func writeAll() {
        defer { done.signal() }
        var writer = JSON.FlatArrayWriter(flushingEvery: 1 << 18) { Terminal.write(bytes: $0) }
        while true {
            available.wait()
            let message = messages.withLock { $0.removeFirst() }
            room.signal()
            switch message {
            case .batch(let items):
                for item in items { writer.addBlocked(customer: item.customer, item.blocker) }
            case .finish:
                Terminal.print(writer.finish())
                return
            case .abandon:
                return
            }
        }
    }
}
