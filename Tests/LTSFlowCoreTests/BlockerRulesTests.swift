import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore

/// The revision kept with each upgrade's blockers must change exactly when the rules behave
/// differently: a store would otherwise answer `blocked` from lists the rules no longer give,
/// or throw away every kept list for a change that decides the same blockers.
///
/// The corpus: the first customers of the demo portfolio (every stage, each owner blocked,
/// skipped branches, a sandbox about to expire, every region), their blockers and how long they
/// hold decided at the demo's "now", a day and five weeks later, on the night each region's
/// clocks change, and at the year end. `Golden/blockers.txt` holds them under the revision that
/// decided them. To change the rules: bump ``BlockerRules/revision``, then regenerate the file
/// with `LTSFLOW_UPDATE_GOLDEN=1 swift test --filter BlockerRulesTests` and review its diff.
@Suite struct BlockerRulesTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/blockers.txt")
    static let base = Date(timeIntervalSince1970: 1_803_891_600)  // 2027-03-01T09:00:00Z
    static let moments: [(label: String, at: Date)] = [
        ("fill", base),
        ("a day later", base + 86_400),
        ("US DST night, 2027-03-14T07:30Z", Date(timeIntervalSince1970: 1_805_009_400)),
        ("EU DST night, 2027-03-28T01:30Z", Date(timeIntervalSince1970: 1_806_197_400)),
        ("five weeks later", base + 35 * 86_400),
        ("year end, 2027-12-31T23:30Z", Date(timeIntervalSince1970: 1_830_295_800)),
    ]
    static let customers = 160

    /// The corpus's blockers, one line each, under a header naming the revision.
    static func decided() throws -> String {
        let tracker = Tracker(store: NoStore(), builtinDefinitionsAt: base, actor: "golden")
        var portfolio = try DemoPortfolio(tracker: tracker, seed: 7)
        var lines = ["revision \(BlockerRules.revision)"]
        for index in 0..<customers {
            let history = try portfolio.history(index)
            let definition = try tracker.pinned(history.definition)
            let upgrade = UpgradeRecord(id: Int64(index + 1), customerID: history.customer.id, from: history.from, to: history.to,
                                        workflowID: definition.id, definitionHash: history.definition.hash, status: .active,
                                        startedAt: base, finishedAt: nil, eventCount: 0)
            var state = UpgradeState(definition: definition)
            for event in history.changes.joined() { state.apply(event) }
            for (label, moment) in moments {
                let machine = tracker.at(moment).machine(for: history.customer, upgrade: upgrade, definition: definition)
                var validity = Validity(from: moment)
                let blockers = machine.allBlockers(in: state, at: moment, validity: &validity)
                let until = validity.until.map(StoreDate.text) ?? "-"
                lines.append("\(history.customer.id) @ \(label): \(blockers.count) until \(until)")
                for blocker in blockers {
                    lines.append("  \(blocker.stage) \(blocker.kind.rawValue) \(blocker.code) \(blocker.owner.rawValue) "
                        + "ticket=\(blocker.ticket ?? "-") since=\(blocker.since.map(StoreDate.text) ?? "-") | \(blocker.message)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func revision(of text: String) -> Int? {
        text.split(separator: "\n", maxSplits: 1).first.flatMap { Int($0.dropFirst("revision ".count)) }
    }

    static func body(of text: String) -> Substring {
        text.drop { $0 != "\n" }
    }

    @Test func theCorpusDecidesTheGoldenBlockersUnderTheCurrentRevision() throws {
        let decided = try Self.decided()
        let golden = (try? String(contentsOf: Self.golden, encoding: .utf8)) ?? ""
        if ProcessInfo.processInfo.environment["LTSFLOW_UPDATE_GOLDEN"] == "1" {
            let changed = Self.body(of: golden) != Self.body(of: decided)
            #expect(!changed || Self.revision(of: golden) != BlockerRules.revision,
                    "the rules decide other blockers: bump BlockerRules.revision before regenerating the golden file")
            if !changed || Self.revision(of: golden) != BlockerRules.revision {
                try decided.write(to: Self.golden, atomically: true, encoding: .utf8)
            }
            return
        }
        #expect(Self.body(of: golden) == Self.body(of: decided),
                "the rules decide other blockers than Golden/blockers.txt: bump BlockerRules.revision, then regenerate it with LTSFLOW_UPDATE_GOLDEN=1")
        #expect(Self.revision(of: golden) == BlockerRules.revision,
                "BlockerRules.revision was bumped: regenerate Golden/blockers.txt with LTSFLOW_UPDATE_GOLDEN=1")
    }

    /// The corpus is not trivial: each kind of blocker and each owner appears.
    @Test func theCorpusCoversEveryKindAndOwner() throws {
        let decided = try Self.decided()
        for kind in Blocker.Kind.allCases { #expect(decided.contains(" \(kind.rawValue) "), "no \(kind.rawValue) blocker") }
        for owner in Owner.allCases { #expect(decided.contains(" \(owner.rawValue) ticket="), "no blocker on \(owner.rawValue)") }
    }
}

/// A tracker that only uses the engine needs no store.
private struct NoStore: UpgradeStore {
    struct Unused: Error {}
    func addCustomer(_ customer: Customer) async throws(StoreError) { throw .database("no store") }
    func updateCustomer(_ customer: Customer) async throws(StoreError) { throw .database("no store") }
    func updateCustomer(_ customer: Customer, checking step: @Sendable (LockedUpgrade?) throws -> ChangeOutcome<Void>?) async throws {
        throw Unused()
    }
    func customer(id: String) async throws(StoreError) -> Customer? { throw .database("no store") }
    func customers() async throws(StoreError) -> [Customer] { throw .database("no store") }
    func customerIDs() async throws(StoreError) -> [String] { throw .database("no store") }
    func beginUpgrade<Result: Sendable>(_ new: NewUpgrade, _ step: @Sendable (Customer) throws -> ChangeOutcome<Result>)
        async throws -> (upgrade: UpgradeRecord, result: Result) { throw Unused() }
    func change<Result: Sendable>(customer: String, _ step: @Sendable (LockedUpgrade) throws -> ChangeOutcome<Result>)
        async throws -> Result { throw Unused() }
    func importHistories(_ histories: [ImportedHistory]) async throws { throw Unused() }
    func progress(customer: String) async throws(StoreError) -> CustomerProgress? { throw .database("no store") }
    func progress(customer: String, upgrade: Int64) async throws(StoreError) -> CustomerProgress? { throw .database("no store") }
    func portfolio() async throws(StoreError) -> [CustomerProgress] { throw .database("no store") }
    func forEachProgress(_ body: (CustomerProgress) throws -> Void) async throws { throw Unused() }
    func upgrades(customer: String) async throws(StoreError) -> [UpgradeRecord] { throw .database("no store") }
    func definition(hash: String) async throws(StoreError) -> PinnedDefinition? { throw .database("no store") }
    func events(upgrade: Int64) async throws(StoreError) -> [StoredEvent] { throw .database("no store") }
    func forEachBlockerWork(customer: String?, now: Date, rules: String, kept: Bool,
                            _ body: (BlockerWork) throws -> Void) async throws { throw Unused() }
    func heldBlockerLists(now: Date, rules: String) async throws(StoreError) -> [HeldBlockerList] { throw .database("no store") }
    func verify() async throws(StoreError) -> [String] { throw .database("no store") }
    func isEmpty() async throws(StoreError) -> Bool { throw .database("no store") }
    func changeToken() async throws(StoreError) -> String { throw .database("no store") }
    func importCopy(_ copy: StoreCopy) async throws { throw StoreError.database("no store") }
}
