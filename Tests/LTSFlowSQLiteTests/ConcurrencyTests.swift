import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// Several stores on one file, as several `ltsflow` processes would be, each used from its own
/// thread; writes wait for each other instead of failing, and none is lost.
@Suite struct ConcurrencyTests {
    /// Runs `work(i)` for each i on its own thread, all released at once; returns when all are done.
    func onThreads(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for index in 0..<count {
            done.enter()
            let thread = Thread {
                start.wait()
                work(index)
                done.leave()
            }
            thread.start()
        }
        for _ in 0..<count { start.signal() }
        done.wait()
    }

    @Test func twoConflictingTransitionsOfOneStage_exactlyOneWins() throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        do {
            let setup = try SQLiteStore(path: path)
            try setup.addCustomer(Fixture.customer("acme"))
            try setup.begin("acme")
        }
        let stores = try (0..<4).map { _ in try SQLiteStore(path: path) }
        let outcomes = Mutex<[String]>([])
        onThreads(stores.count) { index in
            do {
                try stores[index].run("acme", .start(stage: "intake"), at: Fixture.t0 + Double(index), actor: "csm-\(index)")
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
        let upgrade = try #require(try store.progress(customer: "acme")?.upgrade)
        let starts = try store.events(upgrade: upgrade.id).filter { $0.event.verb == .start }
        #expect(starts.count == 1)
        #expect(try store.verify() == [])
    }

    @Test func manyConcurrentChangesAreAllKeptInOrder() throws {
        let tmp = try TemporaryDirectory()
        let path = tmp.path("ltsflow.sqlite")
        let customers = ["acme", "globex"]
        var before: [String: Int] = [:]
        do {
            let setup = try SQLiteStore(path: path)
            for id in customers {
                try setup.addCustomer(Fixture.customer(id))
                before[id] = try setup.begin(id).eventCount
            }
        }
        let threads = 6, changesPerThread = 15
        let failures = Mutex<[String]>([])
        onThreads(threads) { index in
            do {
                // Each thread opens its own store, like a separate process.
                let store = try SQLiteStore(path: path)
                for n in 0..<changesPerThread {
                    let customer = customers[(index + n) % customers.count]
                    let fact = FactAssignment(key: "cutover.ticket", value: "SUPNXP-\(index * 100 + n)")
                    try store.run(customer, .set([fact]), at: Fixture.t0 + Double(n), actor: "thread-\(index)")
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])

        let store = try SQLiteStore(path: path)
        var total = 0
        for id in customers {
            let upgrade = try #require(try store.progress(customer: id)?.upgrade)
            let events = try store.events(upgrade: upgrade.id)
            #expect(events.map(\.sequence) == Array(1...events.count))
            #expect(upgrade.eventCount == events.count)
            total += events.count - (before[id] ?? 0)
        }
        #expect(total == threads * changesPerThread)
        #expect(try store.verify() == [])
    }

    /// Processes that find no database all create it at once: converting the new file to WAL,
    /// running the first migration and writing must all wait for each other, not fail.
    @Test func manyStoresCreatingAndChangingANewFileAtOnceAllSucceed() throws {
        for round in 0..<4 {
            let tmp = try TemporaryDirectory()
            let path = tmp.path("fresh/ltsflow.sqlite")
            let customers = ["acme", "globex", "initech"]
            let threads = 8, changesPerThread = 8
            let failures = Mutex<[String]>([])
            onThreads(threads) { index in
                do {
                    let store = try SQLiteStore(path: path)
                    let id = customers[index % customers.count]
                    do { try store.addCustomer(Fixture.customer(id)) } catch StoreError.customerExists {}
                    do { try store.begin(id) } catch StoreError.activeUpgradeExists {}
                    for n in 0..<changesPerThread {
                        try store.run(id, .set([FactAssignment(key: "cutover.ticket", value: "SUPNXP-\(n)")]), actor: "thread-\(index)")
                        _ = try store.portfolio()
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [], "round \(round)")

            let store = try SQLiteStore(path: path)
            var sets = 0
            for progress in try store.portfolio() {
                let upgrade = try #require(progress.upgrade)
                let events = try store.events(upgrade: upgrade.id)
                #expect(events.map(\.sequence) == Array(1...upgrade.eventCount))
                // One `set` per change, plus the initial facts of each begin.
                sets += events.filter { $0.event.verb == .set && $0.event.actor != "tester" }.count
            }
            #expect(sets == threads * changesPerThread, "round \(round)")
            #expect(try store.verify() == [], "round \(round)")
        }
    }
}
