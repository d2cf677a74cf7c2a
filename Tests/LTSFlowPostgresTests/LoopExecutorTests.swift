#if PostgreSQL
import Foundation
import LTSFlowTestSupport
import Testing
@testable import LTSFlowPostgres

/// The connection's event loop as the executor of the tasks that change the database: a
/// transaction's statements follow one another on that one thread.
@Suite struct LoopExecutorTests {
    @Test func aTaskThatPrefersTheLoopRunsOnItBeforeAndAfterAnAwait() async throws {
        let executor = PostgresConnector.executor
        let (before, after) = try await Task(executorPreference: executor) {
            let before = executor.isCurrent
            // Resumed from another thread: the job comes back through the executor.
            await withCheckedContinuation { resumed in DispatchQueue.global().async { resumed.resume() } }
            return (before, executor.isCurrent)
        }.value
        #expect(before)
        #expect(after)
        let elsewhere = await Task.detached { executor.isCurrent }.value
        #expect(!elsewhere, "a task without the preference runs on Swift's pool, not on the loop")
    }
}

@Suite(.enabled(if: PostgresTestDatabase.serverURL != nil,
                "LTSFLOW_TEST_POSTGRES is not set: PostgreSQL tests skipped (eval \"$(scripts/postgres-test-cluster start)\")"))
struct PostgresLoopTests {
    @Test func aChangesTransactionRunsOnTheConnectionsLoopAndAReadDoesNot() async throws {
        let directory = try TemporaryDirectory()
        let store = try await PostgresTestDatabase.open(directory)
        let outside = PostgresConnector.executor.isCurrent
        let (afterBegin, afterQuery) = try await store.transaction { connection in
            let afterBegin = PostgresConnector.executor.isCurrent
            _ = try await store.rows("SELECT count(*) FROM customer", on: connection)
            return (afterBegin, PostgresConnector.executor.isCurrent)
        }
        let reading = try await store.read { connection in
            _ = try await store.rows("SELECT count(*) FROM customer", on: connection)
            return PostgresConnector.executor.isCurrent
        }
        await store.close()
        #expect(!outside)
        #expect(afterBegin)
        #expect(afterQuery)
        #expect(!reading, "a read runs on Swift's pool: the board's long reads leave the loop to the other requests")
    }
}
#endif
