import Foundation
import Yams

/// Reads the catalog YAML into an ``LTSCatalog``, recording every problem in its reader.
///
/// One pass reports everything: a bad entry is recorded and skipped, and the checks that span
/// entries (duplicate names, date order, hops joining consecutive versions) still run on what
/// could be read. The caller only gets a catalog when no error was recorded.
struct CatalogParser {
    var reader: YAMLReader

    static let catalogKeys: Set = ["maintenance-warning-months", "every-hop", "versions", "hops"]
    static let everyHopKeys: Set = ["before", "steps"]
    static let hopKeys: Set = ["from", "to", "search-cluster", "reindex", "steps"]

    init(file: String) {
        reader = YAMLReader(file: file)
    }

    /// The catalog, or `nil` when the text has any error (then `reader.diagnostics` says why).
    mutating func parse(_ text: String) -> LTSCatalog? {
        guard let root = reader.root(of: text),
              let entries = reader.mapping(root, at: "catalog", known: Self.catalogKeys)
        else { return nil }
        let line = root.mark?.line
        let months = warningMonths(reader.require(entries, "maintenance-warning-months", in: "catalog", line: line))
        let everyHop = self.everyHop(reader.require(entries, "every-hop", in: "catalog", line: line))
        let versionsNode = reader.require(entries, "versions", in: "catalog", line: line)
        let versions = self.versions(versionsNode)
        let hops = self.hops(reader.require(entries, "hops", in: "catalog", line: line), versions: versions)

        guard !reader.hasErrors, let months, let everyHop, let hops else { return nil }
        let complete = versions.compactMap(\.version)
        guard complete.count == versions.count, !complete.isEmpty else { return nil }
        return LTSCatalog(
            versions: complete, maintenanceWarningMonths: months,
            beforeEveryHop: everyHop.before, stepsOfEveryHop: everyHop.steps, hopNotes: hops)
    }

    // MARK: Parameters

    private mutating func warningMonths(_ node: Node?) -> Int? {
        guard let node, let months = reader.integer(node, at: "maintenance-warning-months") else { return nil }
        guard (0...120).contains(months) else {
            reader.error("bad-value", "`maintenance-warning-months` must be between 0 and 120, not \(months)", line: node.mark?.line)
            return nil
        }
        return months
    }

    private mutating func everyHop(_ node: Node?) -> (before: [String], steps: [String])? {
        guard let entries = reader.mapping(node, at: "every-hop", known: Self.everyHopKeys) else { return nil }
        let before = templates(entries["before"], at: "every-hop.before")
        let steps = templates(entries["steps"], at: "every-hop.steps")
        guard let before, let steps else { return nil }
        return (before, steps)
    }

    // MARK: Hops

    /// The notes of each hop in version order, checking that the hops join consecutive versions,
    /// once each, and that none is missing.
    private mutating func hops(_ node: Node?, versions: [ParsedVersion]) -> [HopNotes]? {
        guard let node, let items = reader.sequence(node, at: "hops") else { return nil }
        let ids = versions.map(\.id)
        let validIDs = ids.compactMap { $0 }.map { "`\($0)`" }.joined(separator: ", ")
        var notes = [HopNotes?](repeating: nil, count: Swift.max(ids.count - 1, 0))
        var complete = true

        for (index, item) in items.enumerated() {
            let path = "hops[\(index)]"
            guard let entries = reader.mapping(item, at: path, known: Self.hopKeys) else { complete = false; continue }
            let line = item.mark?.line
            let from = text(reader.require(entries, "from", in: path, line: line), at: "\(path).from")
            let to = text(reader.require(entries, "to", in: path, line: line), at: "\(path).to")
            let search = text(reader.require(entries, "search-cluster", in: path, line: line), at: "\(path).search-cluster")
            let reindex = text(reader.require(entries, "reindex", in: path, line: line), at: "\(path).reindex")
            let steps = templates(entries["steps"], at: "\(path).steps")

            var positions: [Int] = []
            for (key, id) in [("from", from), ("to", to)] {
                guard let id else { continue }
                if let position = ids.firstIndex(of: id) {
                    positions.append(position)
                } else {
                    reader.error("unknown-version", "`\(path).\(key)` is `\(id)`, which is no version id of this catalog; valid ids: \(validIDs)", line: entries[key]?.mark?.line)
                }
            }
            guard positions.count == 2, let search, let reindex, let steps else { complete = false; continue }
            let (start, end) = (positions[0], positions[1])
            guard end == start + 1 else {
                let next = start + 1 < ids.count ? " (the version after `\(ids[start] ?? "?")` is `\(ids[start + 1] ?? "?")`)" : ""
                reader.error("bad-hop", "`\(path)` goes from `\(ids[start] ?? "?")` to `\(ids[end] ?? "?")`, but a hop joins a version to the next one in `versions`\(next)", line: line)
                complete = false
                continue
            }
            guard notes[start] == nil else {
                reader.error("duplicate-id", "`\(path)` repeats the hop from `\(ids[start] ?? "?")` to `\(ids[end] ?? "?")`", line: line)
                continue
            }
            notes[start] = HopNotes(searchCluster: search, reindex: reindex, steps: steps)
        }

        for index in notes.indices where notes[index] == nil && complete {
            guard let from = ids[index], let to = ids[index + 1] else { continue }
            reader.error("missing-hop", "no hop goes from `\(from)` to `\(to)`; add it to `hops` with its notes", line: node.mark?.line)
        }
        let found = notes.compactMap { $0 }
        return found.count == notes.count ? found : nil
    }

    // MARK: Values

    /// Non-empty text, trimmed.
    mutating func text(_ node: Node?, at path: String) -> String? {
        guard let node, let value = reader.string(node, at: path) else { return nil }
        let trimmed = value.trimmingBlanksAndNewlines()
        guard !trimmed.isEmpty else {
            reader.error("bad-value", "`\(path)` must not be empty", line: node.mark?.line)
            return nil
        }
        return trimmed
    }

    /// A list of checklist templates (absent is an empty list), each with known placeholders only.
    mutating func templates(_ node: Node?, at path: String) -> [String]? {
        guard let node else { return [] }
        guard let items = reader.sequence(node, at: path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let line = text(item, at: itemPath) else { continue }
            let valid = LTSCatalog.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
            if let unknown = LTSCatalog.unknownPlaceholders(in: line) {
                guard unknown.isEmpty else {
                    let names = unknown.map { "{\($0)}" }.joined(separator: ", ")
                    reader.error("bad-value", "`\(itemPath)` uses the unknown placeholder \(names); valid: \(valid)", line: item.mark?.line)
                    continue
                }
            } else {
                reader.error("bad-value", "`\(itemPath)` has a `{` without its `}`; placeholders are \(valid)", line: item.mark?.line)
                continue
            }
            result.append(line)
        }
        return result.count == items.count ? result : nil
    }
}
