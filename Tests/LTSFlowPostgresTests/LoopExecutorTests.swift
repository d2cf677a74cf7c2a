#if PostgreSQL
import Foundation
import LTSFlowTestSupport
import Testing
@testable import LTSFlowPostgres

/// The connection's event loop as the executor of the tasks that use it: a transaction's
/// statements follow one another on that one thread.
@Suite struct LoopExecutorTests {
    @Test func aTaskThatPrefersTheLoopRunsOnItBeforeAndAfterAnAwait() async {
        let executor = PostgresConnector.executor
        let (before, after) = await Task(executorPreference: executor) {
            let before = executor.isCurrent
            // Resumed by a timer elsewhere: the job comes back through the executor.
            try? await Task.sleep(nanoseconds: 1_000_000)
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
    @Test func aTransactionRunsItsStatementsAndItsBodyOnTheConnectionsLoop() async throws {
        let directory = try TemporaryDirectory()
        let store = try await PostgresTestDatabase.open(directory)
        let outside = PostgresConnector.executor.isCurrent
        let (afterBegin, afterQuery) = try await store.transaction { connection in
            let afterBegin = PostgresConnector.executor.isCurrent
            _ = try await store.rows("SELECT count(*) FROM customer", on: connection)
            return (afterBegin, PostgresConnector.executor.isCurrent)
        }
        #expect(!outside)
        #expect(afterBegin)
        #expect(afterQuery)
        await store.close()
    }
}
#endif
