#if PostgreSQL
import Foundation
import LTSFlowTestSupport
import Synchronization
import Testing
@testable import LTSFlowPostgres

/// One transaction at a time on a connection, in the order they asked.
@Suite struct SessionLockTests {
    /// What the tasks of a test saw, shared between them.
    final class Seen: Sendable {
        let inside = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let order = Mutex<[Int]>([])
    }

    @Test func transactionsThatAskAtOnceTakeTheSessionOneAfterAnother() async {
        let lock = SessionLock()
        let seen = Seen()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    await lock.acquire()
                    let now = seen.inside.add(1, ordering: .sequentiallyConsistent).newValue
                    _ = seen.most.max(now, ordering: .sequentiallyConsistent)
                    await withCheckedContinuation { resumed in DispatchQueue.global().async { resumed.resume() } }
                    seen.inside.subtract(1, ordering: .sequentiallyConsistent)
                    lock.release()
                }
            }
        }
        #expect(seen.most.load(ordering: .sequentiallyConsistent) == 1)
        #expect(seen.inside.load(ordering: .sequentiallyConsistent) == 0)
    }

    @Test func waitingTransactionsAreServedInTheOrderTheyAsked() async {
        let lock = SessionLock()
        let seen = Seen()
        await lock.acquire()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    await lock.acquire()
                    seen.order.withLock { $0.append(index) }
                    lock.release()
                }
                // Each waiter is in the queue before the next one is started.
                while lock.waiting <= index { await Task.yield() }
            }
            lock.release()
        }
        #expect(seen.order.withLock { $0 } == [0, 1, 2, 3, 4])
    }
}

@Suite(.enabled(if: PostgresTestDatabase.serverURL != nil,
                "LTSFLOW_TEST_POSTGRES is not set: PostgreSQL tests skipped (eval \"$(scripts/postgres-test-cluster start)\")"))
struct PostgresSessionLockTests {
    /// The web board's requests share one store: each of their reads must be one transaction of
    /// its own, not statements sent into another request's.
    @Test func readsAtOnceOnOneStoreAreEachOneTransaction() async throws {
        let directory = try TemporaryDirectory()
        let store = try await PostgresTestDatabase.open(directory)
        let moments = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await store.read { connection in
                        // now() is the transaction's start: the same twice inside one transaction.
                        let first = try await store.rows("SELECT now()::text", on: connection)
                        _ = try await store.rows("SELECT pg_sleep(0.02)", on: connection)
                        let second = try await store.rows("SELECT now()::text", on: connection)
                        return (try first[0].string(0), try second[0].string(0))
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await store.close()
        #expect(moments.count == 8)
        for (first, second) in moments { #expect(first == second) }
        #expect(Set(moments.map(\.0)).count == 8, "each read has a transaction, and a start, of its own")
    }
}
#endif
