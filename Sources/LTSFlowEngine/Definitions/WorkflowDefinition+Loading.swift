import Foundation
import Yams

extension WorkflowDefinition {
    static let topKeys: Set<String> = ["id", "version", "title", "description", "parameters", "facts", "stages"]
    static let stageKeys: Set<String> = [
        "id", "title", "owner", "depends-on", "optional", "condition", "needs", "guards", "expected-days", "description",
    ]
    static let factKeys: Set<String> = ["key", "type", "title", "owner", "recorded"]
    static let guardKeys: Set<String> = ["kind", "when", "owner", "fact", "first", "then", "before", "days", "hotfix", "severity", "minutes", "ticket"]

    /// Parses and validates a workflow definition.
    ///
    /// - Parameters:
    ///   - yaml: The text of the file.
    ///   - file: The name reported in diagnostics.
    /// - Returns: The definition and any warnings.
    /// - Throws: ``DefinitionError`` with every error found; nothing is returned half-loaded.
    ///
    /// A built-in file's text (the one every upgrade started on the built-in workflow pins) is
    /// not parsed again: its definition was parsed when the binary was built
    /// (``BuiltinDefinitions/compiledWorkflow(yaml:)``; a test proves it equal to the parse, with
    /// no warning). Any other text is parsed and validated.
    public static func load(yaml: String, file: String) throws(DefinitionError) -> (definition: WorkflowDefinition, warnings: [Diagnostic]) {
        if let compiled = BuiltinDefinitions.compiledWorkflow(yaml: yaml) { return (compiled, []) }
        return try parseAndValidate(yaml: yaml, file: file)
    }

    /// ``load(yaml:file:)`` without the built-in shortcut: always parses and validates.
    static func parseAndValidate(yaml: String, file: String) throws(DefinitionError) -> (definition: WorkflowDefinition, warnings: [Diagnostic]) {
        var reader = YAMLReader(file: file)
        let definition = parse(yaml, reader: &reader)
        var diagnostics = reader.diagnostics
        if let definition, !reader.hasErrors {
            diagnostics += WorkflowValidator(definition: definition, file: file).validate()
        }
        guard let definition, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw DefinitionError(diagnostics)
        }
        return (definition, diagnostics)
    }

    /// Reads the typed shape; semantic checks belong to ``WorkflowValidator``.
    private static func parse(_ yaml: String, reader: inout YAMLReader) -> WorkflowDefinition? {
        guard let root = reader.root(of: yaml),
              let entries = reader.mapping(root, at: "workflow", known: topKeys) else { return nil }
        let line = root.mark?.line
        let id = reader.string(reader.require(entries, "id", in: "workflow", line: line), at: "id")
        let version = reader.integer(reader.require(entries, "version", in: "workflow", line: line), at: "version")
        let title = reader.string(reader.require(entries, "title", in: "workflow", line: line), at: "title")

        var parameters: [String: Int] = [:]
        for (name, value) in reader.mapping(entries["parameters"], at: "parameters") ?? [] {
            guard let number = reader.integer(value, at: "parameters.\(name)") else { continue }
            if number < 0 {
                reader.error("bad-parameter", "parameter `\(name)` must not be negative, not \(number)", line: value.mark?.line)
            }
            parameters[name] = number
        }

        var facts: [FactDefinition] = []
        for (index, node) in (reader.sequence(entries["facts"], at: "facts") ?? []).enumerated() {
            if let fact = parseFact(node, at: "facts[\(index)]", reader: &reader) { facts.append(fact) }
        }

        var stages: [StageDefinition] = []
        let stageNodes = reader.sequence(reader.require(entries, "stages", in: "workflow", line: line), at: "stages") ?? []
        for (index, node) in stageNodes.enumerated() {
            if let stage = parseStage(node, at: "stages[\(index)]", reader: &reader) { stages.append(stage) }
        }

        guard let id, let version, let title else { return nil }
        if version < 1 {
            reader.error("bad-value", "`version` must be a positive whole number, not \(version)", line: entries["version"]?.mark?.line)
        }
        return WorkflowDefinition(id: id, version: version, title: title, parameters: parameters, facts: facts, stages: stages)
    }

    private static func parseFact(_ node: Node, at path: String, reader: inout YAMLReader) -> FactDefinition? {
        guard let entries = reader.mapping(node, at: path, known: factKeys) else { return nil }
        let line = node.mark?.line
        let key = reader.string(reader.require(entries, "key", in: path, line: line), at: "\(path).key")
        let typeText = reader.string(reader.require(entries, "type", in: path, line: line), at: "\(path).type")
        let title = reader.string(entries["title"], at: "\(path).title")
        let type = typeText.flatMap { text in
            enumValue(FactType.self, text, at: "\(path).type", code: "bad-value", line: entries["type"]?.mark?.line, reader: &reader)
        }
        let owner = reader.string(entries["owner"], at: "\(path).owner").flatMap { text in
            enumValue(Owner.self, text, at: "\(path).owner", code: "unknown-owner", line: entries["owner"]?.mark?.line, reader: &reader)
        }
        let recorded = reader.bool(entries["recorded"], at: "\(path).recorded") ?? false
        guard let key, let type else { return nil }
        return FactDefinition(key: key, type: type, title: title ?? key, owner: owner, recorded: recorded, line: line)
    }

    private static func parseStage(_ node: Node, at path: String, reader: inout YAMLReader) -> StageDefinition? {
        guard let entries = reader.mapping(node, at: path, known: stageKeys) else { return nil }
        let line = node.mark?.line
        let id = reader.string(reader.require(entries, "id", in: path, line: line), at: "\(path).id")
        let named = id.map { "stage `\($0)`" } ?? path
        let title = reader.string(reader.require(entries, "title", in: named, line: line), at: "\(named).title")
        let owner = reader.string(reader.require(entries, "owner", in: named, line: line), at: "\(named).owner").flatMap { text in
            enumValue(Owner.self, text, at: "\(named).owner", code: "unknown-owner", line: entries["owner"]?.mark?.line, reader: &reader)
        }
        let dependsOn = reader.strings(entries["depends-on"], at: "\(named).depends-on") ?? []
        let optional = reader.bool(entries["optional"], at: "\(named).optional") ?? false
        let condition = reader.string(entries["condition"], at: "\(named).condition").flatMap { text in
            enumValue(ConditionKind.self, text, at: "\(named).condition", code: "unknown-condition", line: entries["condition"]?.mark?.line, reader: &reader)
        }
        let needs = reader.strings(entries["needs"], at: "\(named).needs") ?? []
        var guards: [GuardSpec] = []
        for (index, guardNode) in (reader.sequence(entries["guards"], at: "\(named).guards") ?? []).enumerated() {
            if let spec = parseGuard(guardNode, at: "\(named).guards[\(index)]", reader: &reader) { guards.append(spec) }
        }
        let expectedDays = reader.integer(entries["expected-days"], at: "\(named).expected-days")
        if let expectedDays, expectedDays < 1 {
            reader.error("bad-value", "`\(named).expected-days` must be at least 1, not \(expectedDays)", line: entries["expected-days"]?.mark?.line)
        }
        guard let id, let title, let owner else { return nil }
        return StageDefinition(id: id, title: title, owner: owner, dependsOn: dependsOn, optional: optional, condition: condition,
                               needs: needs, guards: guards, expectedDays: expectedDays, line: line)
    }

    private static func parseGuard(_ node: Node, at path: String, reader: inout YAMLReader) -> GuardSpec? {
        guard let entries = reader.mapping(node, at: path, known: guardKeys) else { return nil }
        let line = node.mark?.line
        guard let kindText = reader.string(reader.require(entries, "kind", in: path, line: line), at: "\(path).kind") else { return nil }
        guard let kind = GuardKind(rawValue: kindText) else {
            let valid = GuardKind.allCases.map(\.rawValue).joined(separator: ", ")
            reader.error("unknown-guard", "`\(path)` has an unknown guard kind `\(kindText)`; valid kinds: \(valid)", line: entries["kind"]?.mark?.line)
            return nil
        }
        var values: [String: String] = [:]
        for key in kind.requiredKeys {
            if let value = reader.string(reader.require(entries, key, in: "\(path) (\(kind.rawValue))", line: line), at: "\(path).\(key)") {
                values[key] = value
            }
        }
        for key in ["fact", "first", "then", "before", "days", "hotfix", "minutes"]
        where entries[key] != nil && !kind.requiredKeys.contains(key) && !kind.optionalKeys.contains(key) {
            reader.error("unknown-key", "`\(path)`: a `\(kind.rawValue)` guard takes \(kind.requiredKeys.map { "`\($0)`" }.joined(separator: ", ")), not `\(key)`", line: entries[key]?.mark?.line)
        }
        let when = reader.string(entries["when"], at: "\(path).when").flatMap { text in
            enumValue(GuardMoment.self, text, at: "\(path).when", code: "bad-value", line: entries["when"]?.mark?.line, reader: &reader)
        } ?? .complete
        let owner = reader.string(entries["owner"], at: "\(path).owner").flatMap { text in
            enumValue(Owner.self, text, at: "\(path).owner", code: "unknown-owner", line: entries["owner"]?.mark?.line, reader: &reader)
        }
        func number(_ text: String) -> GuardNumber {
            if let number = Int(text) { return .literal(number) }
            return .parameter(text)
        }
        let days = values["days"].map(number)
        let minutes = reader.string(entries["minutes"], at: "\(path).minutes").map(number)
        let ticket = reader.string(entries["ticket"], at: "\(path).ticket")
        if case .literal(let number)? = days, number < 0 {
            reader.error("bad-value", "`\(path).days` must not be negative, not \(number)", line: entries["days"]?.mark?.line)
        }
        let severity = reader.string(entries["severity"], at: "\(path).severity").flatMap { text in
            enumValue(Diagnostic.Severity.self, text, at: "\(path).severity", code: "bad-value", line: entries["severity"]?.mark?.line, reader: &reader)
        } ?? .error
        let hotfix = values["hotfix"].flatMap { text in
            enumValue(HotfixKind.self, text, at: "\(path).hotfix", code: "bad-value", line: entries["hotfix"]?.mark?.line, reader: &reader)
        }
        guard let fact = values["fact"] ?? values["first"] else { return nil }
        if kind.requiredKeys.contains("then") || kind.requiredKeys.contains("before"), values["then"] ?? values["before"] == nil { return nil }
        if kind.requiredKeys.contains("hotfix"), hotfix == nil { return nil }
        return GuardSpec(kind: kind, when: when, fact: fact, other: values["then"] ?? values["before"], days: days,
                         hotfix: hotfix, owner: owner, isWarning: severity == .warning, line: line, minutes: minutes, ticket: ticket)
    }

    private static func enumValue<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ text: String, at path: String, code: String, line: Int?, reader: inout YAMLReader
    ) -> T? where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let valid = T.allCases.map(\.rawValue).joined(separator: ", ")
        reader.error(code, "`\(path)` is `\(text)`; valid values: \(valid)", line: line)
        return nil
    }
}
