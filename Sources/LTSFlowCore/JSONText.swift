import Foundation

/// The JSON columns of both backends (a customer's contacts, an event's data): compact, keys
/// sorted, so equal values are equal text, and the same text in SQLite and PostgreSQL.
public enum JSONText {
    public static func text(_ dictionary: [String: String]) -> String {
        dictionary.isEmpty ? "{}" : plainText(dictionary) ?? encode(dictionary)
    }

    /// What ``encode(_:)`` writes for a dictionary whose keys are lowercase ASCII letters, `.`
    /// and `-` (in byte order, which is the encoder's sorted order for such keys) and whose
    /// values are printable ASCII without `"` or `\` (nothing to escape): written directly,
    /// since the demo writes 200,000 of them. Nil for any other dictionary.
    private static func plainText(_ dictionary: [String: String]) -> String? {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (key, value) in dictionary.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            guard key.utf8.allSatisfy(isPlainKey), value.utf8.allSatisfy(isPlainValue) else { return nil }
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: key.utf8)
            bytes.append(contentsOf: "\":\"".utf8)
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isPlainKey(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    private static func isPlainValue(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    public static func text(_ strings: [String]) -> String {
        strings.isEmpty ? "[]" : plainText(strings) ?? encode(strings)
    }

    /// What ``encode(_:)`` writes for strings of printable ASCII without `"` or `\` (nothing to
    /// escape), written directly: a customer's contacts, 10,000 of them in the demo. Nil for
    /// any other array.
    private static func plainText(_ strings: [String]) -> String? {
        guard strings.allSatisfy({ $0.utf8.allSatisfy(isPlainValue) }) else { return nil }
        return "[\"" + strings.joined(separator: "\",\"") + "\"]"
    }

    public static func dictionary(_ text: String, what: @autoclosure () -> String) throws(StoreError) -> [String: String] {
        if text == "{}" { return [:] }
        return try decode(text, what: what)
    }

    public static func strings(_ text: String, what: @autoclosure () -> String) throws(StoreError) -> [String] {
        if text == "[]" { return [] }
        // Fast path for what `text(_:)` writes when no string needed escaping: without a
        // backslash no string can hold a quote, so `","` only ever separates two strings.
        let bytes = text.utf8
        if bytes.count >= 4, bytes.starts(with: [0x5B, 0x22]), bytes.reversed().starts(with: [0x5D, 0x22]), !bytes.contains(0x5C) {
            // Split on `","` byte by byte: Foundation's `components(separatedBy:)` cost more
            // than the rest of a customer row.
            var strings: [String] = []
            var start = bytes.index(bytes.startIndex, offsetBy: 2)
            let end = bytes.index(bytes.endIndex, offsetBy: -2)
            var index = start
            while index < end {
                if bytes[index] == 0x22, bytes.index(after: index) < end, bytes[bytes.index(after: index)] == 0x2C,
                   bytes.index(index, offsetBy: 2) < end, bytes[bytes.index(index, offsetBy: 2)] == 0x22 {
                    strings.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    index = bytes.index(index, offsetBy: 3)
                    start = index
                } else {
                    index = bytes.index(after: index)
                }
            }
            strings.append(String(decoding: bytes[start..<end], as: UTF8.self))
            return strings
        }
        return try decode(text, what: what)
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and dictionaries of strings cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ text: String, what: () -> String) throws(StoreError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw .invalidStoredJSON(what: what(), text: String(text.prefix(80)))
        }
    }
}
