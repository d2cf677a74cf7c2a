import Foundation
import GRDB
import LTSFlowEngine
import LTSFlowTestSupport
import Testing
@testable import LTSFlowCore
@testable import LTSFlowSQLite

/// The store keeps the blockers a change decides (`blocker_snapshot`), replaces them with the
/// next change, drops them with a change that decides none and with the end of the upgrade,
/// and reads back exactly what it wrote.
@Suite struct KeptBlockerStoreTests {
    /// The kept row of the customer's upgrades: (event count of the row, of the upgrade, decided at, blockers bytes).
    static func kept(_ store: SQLiteStore, _ customer: String) throws -> [(Int, Int, Int64, Data)] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kept.event_count, upgrade.event_count, kept.decided_at, kept.blockers
                FROM upgrade JOIN blocker_snapshot AS kept ON kept.upgrade_id = upgrade.id WHERE upgrade.customer_id = ?
                """, arguments: [customer]).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    static func change(_ store: SQLiteStore, _ command: Command, at now: Date, deciding: Bool = true) async throws {
        try await store.run("acme", command, at: now, keeping: deciding)
    }

    /// `blocked` reads the kept lists with a small page cache; the connection's own size is set
    /// back afterwards, whether the read ends normally or the caller stops it.
    @Test func theKeptListsReadSetsThePageCacheBack() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme", sandbox: .purchased))
        try await store.begin("acme", pinned: Fixture.pinned(), at: Fixture.t0, keeping: true)
        try await store.writer.write { db in try db.execute(sql: "PRAGMA cache_size = -3000") }
        func cacheSize() throws -> Int? { try store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } }
        var during: [Int?] = []
        var lists = 0
        try await store.forEachBlockerWork(customer: nil, now: Fixture.t0 + 60, rules: UpgradeMachine.blockerRules, kept: true) { _ in
            lists += 1
        }
        try store.forEachKeptBlockers(customer: nil, now: Fixture.t0 + 60, rules: UpgradeMachine.blockerRules, kept: { _, _ in
            during.append(try? store.writer.unsafeReentrantRead { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") })
        }, undecided: { _ in })
        #expect(lists == 1)
        #expect(during == [SQLiteStore.keptScanCacheSize], "the read itself uses the small cache")
        #expect(try cacheSize() == -3000)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.forEachKeptBlockers(customer: nil, now: Fixture.t0 + 60, rules: UpgradeMachine.blockerRules,
                                          kept: { _, _ in throw Stop() }, undecided: { _ in })
        }
        #expect(try cacheSize() == -3000)
    }

    @Test func eachChangeKeepsItsListUntilTheUpgradeEnds() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.addCustomer(Fixture.customer("acme", sandbox: .purchased))
        let t0 = Fixture.t0
        let pinned = Fixture.pinned()
        try await store.begin("acme", pinned: pinned, at: t0, keeping: true)
        var rows = try Self.kept(store, "acme")
        #expect(rows.count == 1 && rows[0].0 == rows[0].1)
        #expect(rows.first?.2 == Int64(t0.timeIntervalSince1970 * 1000))

        // Intake is ready and needs nothing: an empty list, kept all the same.
        try await Self.change(store, .start(stage: "intake"), at: t0 + 60)
        rows = try Self.kept(store, "acme")
        #expect(rows.count == 1 && rows[0].0 == rows[0].1 && rows[0].2 == Int64((t0 + 60).timeIntervalSince1970 * 1000))

        // A change that decides nothing leaves nothing behind to be trusted.
        try await Self.change(store, .complete(stage: "intake"), at: t0 + 120, deciding: false)
        #expect(try Self.kept(store, "acme").isEmpty)

        try await Self.change(store, .block(stage: "sandbox-request", reason: "waiting", owner: .customer, ticket: nil), at: t0 + 180)
        rows = try Self.kept(store, "acme")
        let blockers = try #require(rows.first).3
        var texts = BlockerSnapshotCoding.Texts()
        var decoded: [Blocker] = []
        let readable = try [UInt8](blockers).withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts) { decoded.append($0) } }
        #expect(readable)
        #expect(decoded.map(\.kind) == [.manual] && decoded.first?.message == "waiting" && decoded.first?.owner == .customer)

        // To the end: the finished upgrade keeps no list.
        var now = t0 + 240
        try await Self.change(store, .unblock(stage: "sandbox-request"), at: now)
        while let state = try await store.progress(customer: "acme")?.state, try await store.progress(customer: "acme")?.upgrade?.status == .active,
              let next = Fixture.workflow.definition.stages.first(where: { [.ready, .active].contains(state[stage: $0.id].status) }) {
            now += 3600
            try await Self.change(store, .force(stage: next.id, reason: "test shortcut"), at: now)
            #expect(try Self.kept(store, "acme").count == (try await store.progress(customer: "acme")?.upgrade?.status == .active ? 1 : 0))
        }
        #expect(try await store.progress(customer: "acme")?.upgrade?.status == .finished)
        #expect(try Self.kept(store, "acme").isEmpty)
    }

    /// Every field, absent ones, long and non-ASCII texts (lengths over one varint byte) come
    /// back as written; bytes cut anywhere, or with a bad kind or owner, are refused.
    @Test func theEncodingReadsBackWhatItWrote() async throws {
        let since = StoreDate.normalized(Date(timeIntervalSince1970: 1_803_891_600.123))
        let blockers = [
            Blocker(stage: "production-cutover", kind: .guard, code: "outside-window",
                    message: String(repeating: "créneau 夜間 🌙 ", count: 40), owner: .cloudTeam, ticket: nil, since: since),
            Blocker(stage: "intake", kind: .manual, code: "manual", message: "", owner: .csm, ticket: "SUPNXP-1", since: nil),
            Blocker(stage: "closeout", kind: .overdue, code: "overdue", message: "closeout has been open for more than its expected 5 days",
                    owner: .support, ticket: "ticket with\u{0}NUL", since: since),
        ]
        let bytes = BlockerSnapshotCoding.encode(blockers)
        var texts = BlockerSnapshotCoding.Texts()
        var decoded: [Blocker] = []
        let readable = try bytes.withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts) { decoded.append($0) } }
        #expect(readable)
        #expect(decoded == blockers)
        #expect(bytes.withUnsafeBufferPointer { BlockerSnapshotCoding.isReadable($0) })
        #expect(BlockerSnapshotCoding.encode([]) == [0])

        for cut in 0..<bytes.count {
            let prefix = Array(bytes[..<cut])
            #expect(!prefix.withUnsafeBufferPointer { BlockerSnapshotCoding.isReadable($0) }, "cut at \(cut)")
            var ignored: [Blocker] = []
            #expect(!(try prefix.withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts) { ignored.append($0) } }))
        }
        for (from, to) in [("guard", "guarx"), ("cloud-team", "cloud-tean")] {
            var bad = bytes
            let needle = Array(from.utf8)
            let at = try #require((0...(bad.count - needle.count)).first { Array(bad[$0..<$0 + needle.count]) == needle })
            bad.replaceSubrange(at..<at + needle.count, with: Array(to.utf8))
            #expect(!bad.withUnsafeBufferPointer { BlockerSnapshotCoding.isReadable($0) }, "\(to)")
            var ignored: [Blocker] = []
            #expect(!(try bad.withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts) { ignored.append($0) } }))
        }
    }
}
