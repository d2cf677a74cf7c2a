/// One line of an upgrade plan's checklist with a stable id, such as `2021-2023/java-17`: the
/// hop's versions, then the line's significant words. The id comes from the catalog's text, not
/// from its position, so ticks recorded against it survive a reordered or lengthened catalog.
public struct ChecklistItem: Sendable, Hashable, Encodable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    /// Words left out of an id: they make it longer without telling items apart.
    static let fillers: Set<String> = [
        "a", "an", "the", "to", "of", "on", "in", "for", "and", "or", "with", "is", "its", "it", "be", "by", "if", "each",
        "every", "before", "after", "move", "from", "that", "this", "as", "at", "are", "was", "whose", "their", "them",
    ]

    /// The runs of ASCII letters and digits of `text`, in lowercase, without ``fillers``.
    /// Byte by byte: the demo derives the ids of thousands of plans.
    static func significantWords(_ text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        func flush() {
            if !word.isEmpty {
                let candidate = String(decoding: word, as: UTF8.self)
                if !fillers.contains(candidate) { words.append(candidate) }
                word.removeAll(keepingCapacity: true)
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default: flush()
            }
        }
        flush()
        return words
    }

    /// The id of `text` in the hop `from` → `to`: `FROM-TO/` and up to four significant words
    /// (runs of ASCII letters and digits, in lowercase, fillers left out) joined by `-`; a
    /// number is appended when two lines of a hop would share one.
    public static func ids(hop from: String, _ to: String, texts: [String]) -> [ChecklistItem] {
        var used: [String: Int] = [:]
        return texts.map { text in
            var slug = significantWords(text).prefix(4).joined(separator: "-")
            if slug.isEmpty { slug = "item" }
            used[slug, default: 0] += 1
            if let count = used[slug], count > 1 { slug += "-\(count)" }
            return ChecklistItem(id: "\(from)-\(to)/\(slug)", text: text)
        }
    }
}

extension UpgradePlan {
    /// Every checklist line of every hop, in order, with its id.
    public var checklist: [ChecklistItem] {
        hops.flatMap(\.items)
    }
}
