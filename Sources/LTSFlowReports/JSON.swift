import Foundation
import LTSFlowEngine

/// A JSON value built explicitly, so every key is always present (`null` rather than missing)
/// and scripts can rely on the shape.
public enum JSON: Encodable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([String: JSON])

    public static func date(_ date: Date?) -> JSON { date.map { .string(rfc3339($0)) } ?? .null }
    public static func text(_ text: String?) -> JSON { text.map { .string($0) } ?? .null }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }

    /// Pretty-printed with sorted keys: the same value always gives the same text.
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // Foundation on Linux prints empty containers over three lines; strings cannot hold a raw
        // line break, so these patterns only match empty arrays and objects.
        return text.replacingOccurrences(of: #"\[\n\s*\n\s*\]"#, with: "[]", options: .regularExpression)
            .replacingOccurrences(of: #"\{\n\s*\n\s*\}"#, with: "{}", options: .regularExpression)
    }

    /// ``render(_:)`` of an array of objects whose values are all strings or null, written
    /// directly: the same text, byte for byte (two-space indentation, `" : "`, the encoder's
    /// escapes), for lists of thousands of items where `JSONEncoder` would cost more than
    /// everything else. Each object's keys must be given in sorted order.
    public static func renderFlatObjects(_ objects: [[(key: String, value: String?)]]) -> String {
        var writer = FlatArrayWriter()
        for object in objects {
            writer.beginObject()
            for (key, value) in object { writer.field(key, value) }
            writer.endObject()
        }
        return writer.finish()
    }

    /// Writes an array of flat objects (string or null values) as ``render(_:)`` would, one
    /// object at a time: ``beginObject()``, ``field(_:_:)`` for each key in sorted order,
    /// ``endObject()``, then ``finish()``.
    public struct FlatArrayWriter {
        private var out: [UInt8] = [UInt8(ascii: "[")]
        private var objects = 0
        private var fields = 0

        public init(capacity: Int = 4096) {
            out.reserveCapacity(capacity)
        }

        /// A writer of a piece of an array that other writers begin and end (one of several
        /// threads writing `blocked --json`): no `[`, and every object, the first too, starts
        /// with the `,` that separates it from the one before; ``take()`` hands the text out.
        public init(piece capacity: Int) {
            out = []
            objects = 1
            out.reserveCapacity(capacity)
        }

        /// The text written since the last call (a ``init(piece:)`` writer's piece).
        public mutating func take() -> [UInt8] {
            defer { out.removeAll(keepingCapacity: true) }
            return out
        }

        public mutating func beginObject() {
            append(objects == 0 ? "\n  {" : ",\n  {")
            objects += 1
            fields = 0
        }

        public mutating func field(_ key: String, _ value: String?) {
            append(fields == 0 ? "\n    " : ",\n    ")
            fields += 1
            JSON.appendString(key, to: &out)
            append(" : ")
            if let value { JSON.appendString(value, to: &out) } else { append("null") }
        }

        /// ``field(_:_:)`` with the separator, the quoted key and `" : "` given as one piece of
        /// text (a list of thousands of objects with the same keys writes them at once):
        /// `"\n    \"code\" : "` for an object's first field, `",\n    \"kind\" : "` after.
        public mutating func field(written separatorAndKey: StaticString, _ value: String?) {
            fields += 1
            append(separatorAndKey)
            if let value { JSON.appendString(value, to: &out) } else { append("null") }
        }

        public mutating func endObject() {
            append(fields == 0 ? "\n\n  }" : "\n  }")
        }

        public mutating func finish() -> String {
            append(objects == 0 ? "\n\n]" : "\n]")
            return String(decoding: out, as: UTF8.self)
        }

        private mutating func append(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// A string literal escaped as `JSONEncoder` with `.withoutEscapingSlashes` escapes it.
    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: copy their bytes at once.
        var text = text
        let copied = text.withUTF8 { bytes -> Bool in
            if needsEscape(bytes) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied {
            out.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x08: out.append(0x5C); out.append(0x62)
            case 0x0C: out.append(0x5C); out.append(0x66)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    /// Whether any byte is a control character, `"` or `\`: eight bytes at a time (`blocked
    /// --json` writes megabytes of reasons), with the word tests "has a byte below n" and "has
    /// a zero byte", which may flag the wrong byte of a word but never miss one nor flag a word
    /// without one.
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            if (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            index += 1
        }
        return false
    }

    /// `2027-03-01T09:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        UTCText.rfc3339(date)
    }
}
