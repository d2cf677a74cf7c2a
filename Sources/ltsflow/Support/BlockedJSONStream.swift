import Foundation
import LTSFlowCore
import LTSFlowEngine
import LTSFlowReports
import Synchronization

/// `blocked --json` written out on a thread of its own: the thread that reads the store hands
/// over the upgrades' blocker lists (kept blockers still encoded) a batch at a time and reads
/// on while this one decodes them and writes their JSON. The text is the one
/// ``JSON/FlatArrayWriter/addBlocked(customer:_:)`` writes, in the order the lists came,
/// 256 kB at a time.
final class BlockedJSONStream: Sendable {
    /// Upgrades handed over at once.
    static let batchSize = 128

    private enum Message: Sendable {
        case batch([BlockerList])
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
    /// Set by the writing thread when a list could not be walked (it stops writing).
    private let failure = Mutex<(any Error)?>(nil)

    init() {
        Thread.detachNewThread { [self] in writeAll() }
    }

    /// Hands `items` to the writing thread.
    func send(_ items: [BlockerList]) {
        guard !items.isEmpty else { return }
        post(.batch(items))
    }

    /// Ends the list and returns once all of it is written.
    ///
    /// - Throws: What walking a list threw (then the list is not ended).
    func finish() throws {
        post(.finish)
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
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
        var reader = BlockerList.Reader()
        var failed = false
        while true {
            available.wait()
            let message = messages.withLock { $0.removeFirst() }
            room.signal()
            switch message {
            case .batch(let lists):
                guard !failed else { continue }
                do {
                    for list in lists { try reader.forEach(list) { writer.addBlocked(customer: list.customer, $0) } }
                } catch {
                    failure.withLock { $0 = error }
                    failed = true
                }
            case .finish:
                if !failed { Terminal.print(writer.finish()) }
                return
            case .abandon:
                return
            }
        }
    }
}
