import Foundation
import LTSFlowEngine
import Testing
@testable import LTSFlowCore

/// Kept blockers handed out still encoded (``KeptBlockers``) and walked later as a
/// ``BlockerList``: refused when the bytes do not read through, and walked to the same
/// blockers `blocked` lists (those that need someone, of the owner asked for), in order.
@Suite struct BlockerListTests {
    static let since = Date(timeIntervalSince1970: 1_803_891_600)
    static let kept: [Blocker] = [
        Blocker(stage: "intake", kind: .manual, code: "manual", message: "waiting for the contract", owner: .customer,
                ticket: "SUPNXP-1", since: since),
        Blocker(stage: "preprod-restore", kind: .guard, code: "fact-missing", message: "restore.ticket is not set", owner: .support,
                since: since),
        Blocker(stage: "production-cutover", kind: .waiting, code: "window", message: "waits for the window", owner: .cloudTeam,
                until: since.addingTimeInterval(86_400)),
        Blocker(stage: "preprod-upgrade", kind: .overdue, code: "overdue", message: "open for 9 days (expected 3)", owner: .cloudTeam,
                since: since.addingTimeInterval(-86_400)),
    ]

    static func walk(_ list: BlockerList) throws -> [Blocker] {
        var reader = BlockerList.Reader()
        var found: [Blocker] = []
        try reader.forEach(list) { found.append($0) }
        return found
    }

    static func keptList(owner: Owner?) throws -> BlockerList {
        let bytes = BlockerSnapshotCoding.encode(kept)
        let blockers = try #require(bytes.withUnsafeBufferPointer { KeptBlockers($0) })
        return BlockerList(customer: "acme", source: .kept(blockers), owner: owner)
    }

    @Test func aKeptListWalksToTheBlockersThatNeedSomeone() throws {
        #expect(try Self.walk(Self.keptList(owner: nil)) == [Self.kept[0], Self.kept[1], Self.kept[3]])
        #expect(try Self.walk(Self.keptList(owner: .cloudTeam)) == [Self.kept[3]])
        #expect(try Self.walk(Self.keptList(owner: .csm)).isEmpty)
    }

    @Test func bytesThatDoNotReadThroughAreRefused() {
        let bytes = BlockerSnapshotCoding.encode(Self.kept)
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(Array(bytes.prefix(cut)).withUnsafeBufferPointer { KeptBlockers($0) } == nil, "cut at \(cut)")
        }
        #expect((bytes + [0]).withUnsafeBufferPointer { KeptBlockers($0) } == nil, "a byte too many")
        #expect([UInt8]([0]).withUnsafeBufferPointer { KeptBlockers($0) } != nil, "an empty list")
    }

    /// The check made as a list is read from the store (`isReadable`, no value made) and the
    /// decoding on the writing thread agree on every list with one byte changed: a list the check
    /// lets through never fails part way through the JSON.
    @Test func theCheckAndTheDecodingAgreeOnEveryByteChanged() throws {
        let bytes = BlockerSnapshotCoding.encode(Self.kept)
        var readable = 0, unreadable = 0
        for position in bytes.indices {
            for byte: UInt8 in [0, 1, 2, 0x30, 0x3a, 0x7f, 0x80, 0xff, bytes[position] &+ 1] {
                var changed = bytes
                changed[position] = byte
                var texts = BlockerSnapshotCoding.Texts()
                let decoded = try changed.withUnsafeBufferPointer { try BlockerSnapshotCoding.decode($0, texts: &texts) { _ in } }
                #expect(changed.withUnsafeBufferPointer(BlockerSnapshotCoding.isReadable) == decoded, "byte \(position) set to \(byte)")
                if decoded { readable += 1 } else { unreadable += 1 }
            }
        }
        #expect(readable > 100 && unreadable > 100, "\(readable) readable, \(unreadable) not")
    }

    /// One reader walks many lists, the texts they repeat shared between them.
    @Test func oneReaderWalksListAfterList() throws {
        var reader = BlockerList.Reader()
        var found: [Blocker] = []
        for owner in [nil, Owner.cloudTeam, nil] as [Owner?] {
            try reader.forEach(Self.keptList(owner: owner)) { found.append($0) }
        }
        let all = [Self.kept[0], Self.kept[1], Self.kept[3]]
        #expect(found == all + [Self.kept[3]] + all)
    }

    @Test func aDecidedListIsWalkedAsGiven() throws {
        let decided = [Self.kept[1], Self.kept[0]]
        #expect(try Self.walk(BlockerList(customer: "acme", source: .decided(decided), owner: .support)) == decided)
    }
}
