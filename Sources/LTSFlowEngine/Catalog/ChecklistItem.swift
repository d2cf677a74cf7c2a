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

    /// The id of `text` in the hop `from` → `to`: `FROM-TO/` and up to four significant words
    /// in lowercase, joined by `-`; a number is appended when two lines of a hop would share one.
    public static func ids(hop from: String, _ to: String, texts: [String]) -> [ChecklistItem] {
        var used: [String: Int] = [:]
        return texts.map { text in
            let words = text.lowercased()
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) || !$0.isASCII })
                .map(String.init)
                .filter { !fillers.contains($0) }
            var slug = words.prefix(4).joined(separator: "-")
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
        hops.flatMap { hop in ChecklistItem.ids(hop: hop.from.id, hop.to.id, texts: hop.notes) }
    }
}
