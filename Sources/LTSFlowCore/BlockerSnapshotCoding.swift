import Foundation
import LTSFlowEngine

/// The encoding of the `blockers` column of `blocker_snapshot` (both backends keep it, SQLite as a
/// blob, PostgreSQL as `bytea`): a list of ``Blocker`` read back
/// field for field, with no JSON to parse.
///
/// A count, then per blocker its stage, kind, code, message and owner, then its ticket and its
/// `since` and `until` (``StoreDate`` text, as `stage_state` keeps it) each behind a presence byte. Counts
/// and lengths are LEB128 varints; texts are UTF-8.
package enum BlockerSnapshotCoding {
    package static func encode(_ blockers: [Blocker]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(blockers.count * 96 + 1)
        func put(_ value: Int) {
            var value = UInt(value)
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        func put(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                put(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }
        func put(_ text: String?) {
            guard let text else { return bytes.append(0) }
            bytes.append(1)
            put(text)
        }
        put(blockers.count)
        for blocker in blockers {
            put(blocker.stage)
            put(blocker.kind.rawValue)
            put(blocker.code)
            put(blocker.message)
            put(blocker.owner.rawValue)
            put(blocker.ticket)
            put(blocker.since.map(StoreDate.text))
            put(blocker.until.map(StoreDate.text))
        }
        return bytes
    }

    /// The values decoding makes again and again, each made once per distinct text: stage ids
    /// and codes, sentences (most are the same for every upgrade waiting on the same fact),
    /// kinds and owners.
    package struct Texts: Sendable {
        package init() {}
        var names = Interned<String>(limit: 64)
        var messages = Interned<String>(limit: 256)
        var kinds = Interned { Blocker.Kind(rawValue: String(decoding: $0, as: UTF8.self)) }
        var owners = Interned { Owner(rawValue: String(decoding: $0, as: UTF8.self)) }
    }

    /// Reads the list back, one blocker at a time.
    ///
    /// - Returns: false when the bytes are not a list in this encoding (nothing is called
    ///   after the first bad byte).
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, texts: inout Texts,
                       _ body: (Blocker) throws -> Void) throws -> Bool {
        var reader = Reader(bytes: bytes)
        guard let count = reader.count() else { return false }
        for _ in 0..<count {
            guard let stage = reader.text(), let kind = reader.text(), let code = reader.text(),
                  let message = reader.text(), let owner = reader.text(),
                  let ticket = reader.optionalText(), let sinceText = reader.optionalText(), let untilText = reader.optionalText(),
                  let kindValue = try texts.kinds(kind), let ownerValue = try texts.owners(owner)
            else { return false }
            var since: Date?
            if let text = sinceText {
                guard let date = StoreDate.parse(bytes: text) else { return false }
                since = date
            }
            var until: Date?
            if let text = untilText {
                guard let date = StoreDate.parse(bytes: text) else { return false }
                until = date
            }
            try body(Blocker(stage: try texts.names(stage), kind: kindValue, code: try texts.names(code),
                             message: try texts.messages(message), owner: ownerValue,
                             ticket: ticket.map { String(decoding: $0, as: UTF8.self) }, since: since, until: until))
        }
        return reader.isAtEnd
    }

    private static let kindNames = Blocker.Kind.allCases.map { Array($0.rawValue.utf8) }
    private static let ownerNames = Owner.allCases.map { Array($0.rawValue.utf8) }

    /// Whether ``decode(_:texts:_:)`` reads the bytes through, checked without making any
    /// value: the store checks each kept list with it (``KeptBlockers``), and `blocked --json`
    /// decodes the lists later, on its writing thread.
    package static func isReadable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func known(_ text: UnsafeBufferPointer<UInt8>?, _ names: [[UInt8]]) -> Bool {
            guard let text else { return false }
            return names.contains { name in name.count == text.count && name.withUnsafeBufferPointer { binaryOrder($0, text) == 0 } }
        }
        var reader = Reader(bytes: bytes)
        guard let count = reader.count() else { return false }
        for _ in 0..<count {
            guard reader.text() != nil, known(reader.text(), kindNames), reader.text() != nil, reader.text() != nil,
                  known(reader.text(), ownerNames), reader.optionalText() != nil,
                  let since = reader.optionalText(), since.map(StoreDate.isValid) ?? true,
                  let until = reader.optionalText(), until.map(StoreDate.isValid) ?? true
            else { return false }
        }
        return reader.isAtEnd
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        /// A varint of at most 4 bytes (a count or a length under 2^28).
        mutating func count() -> Int? {
            var value = 0
            var shift = 0
            while offset < bytes.count, shift < 28 {
                let byte = bytes[offset]
                offset += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        mutating func text() -> UnsafeBufferPointer<UInt8>? {
            guard let length = count(), length <= bytes.count - offset else { return nil }
            defer { offset += length }
            return UnsafeBufferPointer(rebasing: bytes[offset..<offset + length])
        }

        /// nil when the bytes are bad; `.some(nil)` for an absent text.
        mutating func optionalText() -> UnsafeBufferPointer<UInt8>?? {
            guard offset < bytes.count else { return nil }
            let present = bytes[offset]
            offset += 1
            switch present {
            case 0: return .some(nil)
            case 1: return text().map { .some($0) }
            default: return nil
            }
        }
    }
}
