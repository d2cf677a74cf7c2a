import Foundation
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// Several stores on one file, as several `ltsflow` processes would be, each used from its own
/// thread; writes wait for each other instead of failing, and none is lost.
@Suite struct ConcurrencyTests {
    /// Runs `work(i)` for each i in its own task, all at once; returns when all are done. Each
    /// store's connection has its own queue, so the writes really run side by side.
    func onTasks(_ count: Int, _ work: @escaping @Sendable (Int) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count { group.addTask { await work(index) } }
        }
    }

    @Test func twoConflictingTransitionsOfOneStage_exactlyOneWins() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        do {
            let setup = try SQLiteStore(path: path)
            try await setup.addCustomer(Fixture.customer("acme"))
            try await setup.begin("acme")
        }
        let stores = try (0..<4).map { _ in try SQLiteStore(path: path) }
        let outcomes = Locked<[String]>([])
        await onTasks(stores.count) { index in
            do {
                try await stores[index].run("acme", .start(stage: "intake"), at: Fixture.t0 + Double(index), actor: "csm-\(index)")
                outcomes.withLock { $0.append("started") }
            } catch let error as EngineError {
                outcomes.withLock { $0.append(error.localizedDescription) }
            } catch {
                outcomes.withLock { $0.append("unexpected: \(error)") }
            }
        }
        let results = outcomes.withLock { $0 }
        #expect(results.filter { $0 == "started" }.count == 1, "\(results)")
        #expect(results.filter { $0.hasPrefix("cannot start intake") }.count == stores.count - 1, "\(results)")

        let store = try SQLiteStore(path: path)
        let upgrade = try #require(try await store.progress(customer: "acme")?.upgrade)
        let starts = try await store.events(upgrade: upgrade.id).filter { $0.event.verb == .start }
        #expect(starts.count == 1)
        #expect(try await store.verify() == [])
    }

    @Test func manyConcurrentChangesAreAllKeptInOrder() async throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        let customers = ["acme", "globex"]
        var before: [String: Int] = [:]
        do {
            let setup = try SQLiteStore(path: path)
            for id in customers {
                try await setup.addCustomer(Fixture.customer(id))
                before[id] = try await setup.begin(id).eventCount
            }
        }
        let threads = 6, changesPerThread = 15
        let failures = Locked<[String]>([])
        await onTasks(threads) { index in
            do {
                // Each thread opens its own store, like a separate process.
                let store = try SQLiteStore(path: path)
                for n in 0..<changesPerThread {
                    let customer = customers[(index + n) % customers.count]
                    let fact = FactAssignment(key: "cutover.ticket", value: "SUPNXP-\(index * 100 + n)")
                    try await store.run(customer, .set([fact]), at: Fixture.t0 + Double(n), actor: "thread-\(index)")
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])

        let store = try SQLiteStore(path: path)
        var total = 0
        for id in customers {
            let upgrade = try #require(try await store.progress(customer: id)?.upgrade)
            let events = try await store.events(upgrade: upgrade.id)
            #expect(events.map(\.sequence) == Array(1...events.count))
            #expect(upgrade.eventCount == events.count)
            total += events.count - (before[id] ?? 0)
        }
        #expect(total == threads * changesPerThread)
        #expect(try await store.verify() == [])
    }

    /// Processes that find no database all create it at once: converting the new file to WAL,
    /// running the first migration and writing must all wait for each other, not fail.
    @Test func manyStoresCreatingAndChangingANewFileAtOnceAllSucceed() async throws {
        for round in 0..<4 {
            let tmp = try TemporaryDirectory()
            let path = tmp.path("fresh/ltsflow.sqlite")
            let customers = ["acme", "globex", "initech"]
            let threads = 8, changesPerThread = 8
            let failures = Locked<[String]>([])
            await onTasks(threads) { index in
                do {
                    let store = try SQLiteStore(path: path)
                    let id = customers[index % customers.count]
                    do { try await store.addCustomer(Fixture.customer(id)) } catch StoreError.customerExists {}
                    do { try await store.begin(id) } catch StoreError.activeUpgradeExists {}
                    for n in 0..<changesPerThread {
                        try await store.run(id, .set([FactAssignment(key: "cutover.ticket", value: "SUPNXP-\(n)")]), actor: "thread-\(index)")
                        _ = try await store.portfolio()
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")

            let store = try SQLiteStore(path: path)
            var sets = 0
            for progress in try await store.portfolio() {
                let upgrade = try #require(progress.upgrade)
                let events = try await store.events(upgrade: upgrade.id)
                #expect(events.map(\.sequence) == Array(1...upgrade.eventCount))
                // One `set` per change, plus the initial facts of each begin.
                sets += events.filter { $0.event.verb == .set && $0.event.actor != "tester" }.count
            }
            #expect(sets == threads * changesPerThread, "round \(round)")
            #expect(try await store.verify() == [], "round \(round)")
        }
    }
}
