import Foundation
import Yams

/// A YAML node with the path that led to it, for typed reading with located diagnostics.
///
/// Readers never throw on a single bad value: they record a diagnostic and return `nil`, so one
/// pass reports every problem of a file. Parsing guards against hostile input: a size limit and
/// a node budget that stops anchors and aliases from expanding exponentially.
struct YAMLReader {
    /// Largest definition file accepted, in bytes.
    static let maximumBytes = 1_000_000
    /// Largest number of nodes visited, aliases counted each time they are used.
    static let maximumNodes = 100_000

    /// No implicit tag: every value is read as text and parsed by the typed accessors, and the
    /// only tag the reader compares (`!!null` in ``sequence(_:at:)``) is an explicit one. The
    /// default resolver's rules (one regular expression each, compiled on first use and run on
    /// every key Yams hashes to find duplicates) cost more than the rest of a definition's parse.
    static let resolver = Resolver.basic

    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private var visited = 0

    init(file: String) {
        self.file = file
    }

    /// Parses text into its root mapping, or records why it cannot.
    mutating func root(of text: String) -> Node? {
        guard text.utf8.count <= Self.maximumBytes else {
            error("file-too-large", "the file is \(text.utf8.count) bytes; definitions are limited to \(Self.maximumBytes) bytes", line: nil)
            return nil
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, Self.resolver)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let keys, let context) = error {
                // The composer refuses duplicate keys itself, before our own mapping check.
                let list = keys.map { "`\($0)`" }.joined(separator: ", ")
                self.error("duplicate-key", "a mapping has the key \(list) more than once (first at this line)", line: context.mark.line)
                return nil
            }
            self.error("yaml-syntax", Self.describe(error), line: Self.line(of: error))
            return nil
        } catch {
            self.error("yaml-syntax", "the file is not valid YAML: \(error)", line: nil)
            return nil
        }
        guard let node else {
            error("empty-file", "the file is empty; expected a mapping with an `id` key", line: nil)
            return nil
        }
        guard budget(node, total: 0) else {
            error("yaml-too-large", "the document expands to more than \(Self.maximumNodes) nodes (anchors and aliases?); refusing to read it", line: node.mark?.line)
            return nil
        }
        guard case .mapping = node else {
            error("wrong-type", "the top level must be a mapping of keys to values", line: node.mark?.line)
            return nil
        }
        return node
    }

    /// Counts nodes depth-first and stops as soon as the budget is exceeded.
    private func budget(_ node: Node, total: Int) -> Bool {
        var count = total
        var stack = [node]
        while let next = stack.popLast() {
            count += 1
            if count > Self.maximumNodes { return false }
            switch next {
            case .scalar, .alias:
                continue
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            }
        }
        return true
    }

    // MARK: Diagnostics

    mutating func error(_ code: String, _ message: String, line: Int?) {
        diagnostics.append(Diagnostic(.error, code: code, message: message, file: file, line: line))
    }

    mutating func warning(_ code: String, _ message: String, line: Int?) {
        diagnostics.append(Diagnostic(.warning, code: code, message: message, file: file, line: line))
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Typed access

    /// The entries of a mapping in file order, warning about keys not in `known`.
    mutating func mapping(_ node: Node?, at path: String, known: Set<String>? = nil) -> [(key: String, value: Node)]? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            error("wrong-type", "`\(path)` must be a mapping", line: node.mark?.line)
            return nil
        }
        var entries: [(key: String, value: Node)] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("wrong-type", "keys of `\(path)` must be plain text", line: keyNode.mark?.line)
                continue
            }
            if !seen.insert(key).inserted {
                error("duplicate-key", "`\(path)` has the key `\(key)` twice", line: keyNode.mark?.line)
                continue
            }
            if let known, !known.contains(key) {
                let valid = known.sorted().map { "`\($0)`" }.joined(separator: ", ")
                error("unknown-key", "`\(path)` has an unknown key `\(key)`; valid keys: \(valid)", line: keyNode.mark?.line)
                continue
            }
            entries.append((key, value))
        }
        return entries
    }

    mutating func sequence(_ node: Node?, at path: String) -> [Node]? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.tag == .init(.null) {
            return []
        }
        guard case .sequence(let sequence) = node else {
            error("wrong-type", "`\(path)` must be a list", line: node.mark?.line)
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node?, at path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            error("wrong-type", "`\(path)` must be text, not a list or mapping", line: node.mark?.line)
            return nil
        }
        return scalar.string
    }

    /// A list of strings; a single string is accepted as a list of one.
    mutating func strings(_ node: Node?, at path: String) -> [String]? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node {
            return scalar.string.isEmpty ? [] : [scalar.string]
        }
        guard let items = sequence(node, at: path) else { return nil }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if let value = string(item, at: "\(path)[\(index)]") { result.append(value) }
        }
        return result
    }

    mutating func integer(_ node: Node?, at path: String) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text.trimmingBlanks()) else {
            error("bad-value", "`\(path)` must be a whole number, not `\(text)`", line: node?.mark?.line)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node?, at path: String) -> Bool? {
        guard let text = string(node, at: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("bad-value", "`\(path)` must be true or false, not `\(text)`", line: node?.mark?.line)
            return nil
        }
    }

    /// A required value: records `missing-key` when absent.
    mutating func require(_ entries: [(key: String, value: Node)], _ key: String, in path: String, line: Int?) -> Node? {
        if let found = entries.first(where: { $0.key == key }) { return found.value }
        error("missing-key", "`\(path)` needs the key `\(key)`", line: line)
        return nil
    }

    // MARK: YAML errors

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "the file is not valid YAML: \(problem)"
        default:
            return "the file is not valid YAML: \(error)"
        }
    }
}

extension Array where Element == (key: String, value: Node) {
    subscript(key: String) -> Node? {
        first { $0.key == key }?.value
    }
}
