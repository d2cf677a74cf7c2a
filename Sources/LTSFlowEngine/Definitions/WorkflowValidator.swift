import Foundation

/// The semantic checks of a parsed workflow: ids, references, and the shape of the stage graph.
///
/// Every check adds diagnostics rather than stopping, so one run reports every problem.
struct WorkflowValidator {
    let definition: WorkflowDefinition
    let file: String
    private var diagnostics: [Diagnostic] = []

    init(definition: WorkflowDefinition, file: String) {
        self.definition = definition
        self.file = file
    }

    func validate() -> [Diagnostic] {
        var validator = self
        validator.checkIdentifiers()
        validator.checkReferences()
        if !validator.hasErrors {
            validator.checkGraph()
        }
        return validator.diagnostics
    }

    private var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    private mutating func error(_ code: String, _ message: String, line: Int? = nil) {
        diagnostics.append(Diagnostic(.error, code: code, message: message, file: file, line: line))
    }

    private mutating func warning(_ code: String, _ message: String, line: Int? = nil) {
        diagnostics.append(Diagnostic(.warning, code: code, message: message, file: file, line: line))
    }

    /// Kebab-case: lowercase letters and digits in words joined by single hyphens.
    static func isKebabCase(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { word in
            !word.isEmpty && word.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    /// Fact keys: kebab-case words joined by dots, e.g. `cutover.notice-sent`.
    static func isFactKey(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isKebabCase(String($0)) }
    }

    private mutating func checkIdentifiers() {
        if !Self.isKebabCase(definition.id) {
            error("bad-id", "workflow id `\(definition.id)` must be kebab-case (lowercase words joined by hyphens)")
        }
        if definition.stages.isEmpty {
            error("no-stages", "the workflow has no stages")
        }
        var stageIds = Set<String>()
        for stage in definition.stages {
            if !Self.isKebabCase(stage.id) {
                error("bad-id", "stage id `\(stage.id)` must be kebab-case (lowercase words joined by hyphens)", line: stage.line)
            }
            if !stageIds.insert(stage.id).inserted {
                error("duplicate-stage", "stage `\(stage.id)` is defined twice", line: stage.line)
            }
        }
        var factKeys = Set<String>()
        for fact in definition.facts {
            if !Self.isFactKey(fact.key) {
                error("bad-id", "fact key `\(fact.key)` must be kebab-case words joined by dots, e.g. `cutover.notice-sent`")
            }
            if !factKeys.insert(fact.key).inserted {
                error("duplicate-fact", "fact `\(fact.key)` is declared twice")
            }
            if fact.recorded, fact.type != .date, fact.type != .datetime {
                error("recorded-fact-type", "fact `\(fact.key)` is marked `recorded: true`, which only a date or a date-time can be (something that happened on a day or at a time), but it is \(fact.type.rawValue)", line: fact.line)
            }
        }
    }

    private mutating func checkReferences() {
        let stageIds = Set(definition.stages.map(\.id))
        let validStages = definition.stages.map(\.id).joined(separator: ", ")
        let validFacts = definition.facts.map(\.key).joined(separator: ", ")
        var usedParameters = Set<String>()
        for stage in definition.stages {
            for dependency in stage.dependsOn where !stageIds.contains(dependency) {
                error("unknown-stage", "stage `\(stage.id)` depends on unknown stage `\(dependency)`; stages: \(validStages)", line: stage.line)
            }
            for key in stage.needs where definition.fact(key) == nil {
                error("unknown-fact", "stage `\(stage.id)` needs unknown fact `\(key)`; facts: \(validFacts)", line: stage.line)
            }
            if stage.condition == .searchCoordinationNeeded, !definition.facts.contains(where: { $0.type == .searchCluster }) {
                error("unknown-fact", "stage `\(stage.id)` has condition `search-coordination-needed`, which needs a fact of type `search-cluster`", line: stage.line)
            }
            for spec in stage.guards {
                checkGuard(spec, of: stage, validFacts: validFacts, usedParameters: &usedParameters)
            }
        }
        for name in definition.parameters.keys.sorted() where !usedParameters.contains(name) {
            warning("unused-parameter", "parameter `\(name)` is not used by any guard")
        }
    }

    private mutating func checkGuard(_ spec: GuardSpec, of stage: StageDefinition, validFacts: String, usedParameters: inout Set<String>) {
        for key in spec.facts {
            guard let fact = definition.fact(key) else {
                error("unknown-fact", "a `\(spec.kind.rawValue)` guard of stage `\(stage.id)` reads unknown fact `\(key)`; facts: \(validFacts)", line: spec.line)
                continue
            }
            let temporal: Set<FactType> = [.date, .datetime]
            if spec.kind == .searchSupported {
                if fact.type != .searchCluster {
                    error("fact-type-mismatch", "a `search-supported` guard of stage `\(stage.id)` needs a search cluster, but `\(key)` is \(fact.type.rawValue)", line: spec.line)
                }
            } else if spec.kind != .factPresent, !temporal.contains(fact.type) {
                error("fact-type-mismatch", "a `\(spec.kind.rawValue)` guard of stage `\(stage.id)` compares `\(key)`, which is \(fact.type.rawValue), not a date or date-time", line: spec.line)
            } else if [.inWindow, .notInHotfixWindow].contains(spec.kind), fact.type != .datetime {
                error("fact-type-mismatch", "a `\(spec.kind.rawValue)` guard of stage `\(stage.id)` needs a date-time, but `\(key)` is \(fact.type.rawValue)", line: spec.line)
            }
        }
        if let ticket = spec.ticket, definition.fact(ticket)?.type != .ticket {
            let known = definition.fact(ticket).map { "is \($0.type.rawValue)" } ?? "is not a fact of the workflow"
            error("fact-type-mismatch", "a `\(spec.kind.rawValue)` guard of stage `\(stage.id)` names `\(ticket)` as its ticket, which \(known), not a ticket", line: spec.line)
        }
        for number in [spec.days, spec.minutes] {
            checkParameter(number, of: spec, in: stage, usedParameters: &usedParameters)
        }
    }

    private mutating func checkParameter(_ number: GuardNumber?, of spec: GuardSpec, in stage: StageDefinition, usedParameters: inout Set<String>) {
        if case .parameter(let name)? = number {
            usedParameters.insert(name)
            if definition.parameters[name] == nil {
                let valid = definition.parameters.keys.sorted().joined(separator: ", ")
                error("unknown-parameter", "a `\(spec.kind.rawValue)` guard of stage `\(stage.id)` uses unknown parameter `\(name)`; parameters: \(valid.isEmpty ? "none" : valid)", line: spec.line)
            }
        }
    }

    /// The graph must run from one entry stage to one final stage with no cycle, every stage on
    /// some path between them.
    private mutating func checkGraph() {
        let stages = definition.stages
        guard let entry = stages.first, let final = stages.last else { return }
        if let cycle = findCycle() {
            error("dependency-cycle", "stages depend on each other in a cycle: \(cycle.joined(separator: " → "))",
                  line: definition.stage(cycle[0])?.line)
            return
        }
        if !entry.dependsOn.isEmpty {
            error("bad-entry", "the first stage `\(entry.id)` is the entry stage and must not depend on other stages", line: entry.line)
        }
        for stage in stages.dropFirst() where stage.dependsOn.isEmpty {
            error("unreachable-stage", "stage `\(stage.id)` depends on no stage, so nothing leads to it from the entry stage `\(entry.id)`", line: stage.line)
        }
        for stage in stages.dropLast() where definition.dependants(of: stage.id).isEmpty {
            error("dead-end", "no stage depends on `\(stage.id)`, so it never leads to the final stage `\(final.id)`", line: stage.line)
        }
        // Stages listed before the stages they depend on read badly and break "first is entry".
        var seen = Set<String>()
        for stage in stages {
            for dependency in stage.dependsOn where !seen.contains(dependency) {
                error("order", "stage `\(stage.id)` is listed before `\(dependency)`, which it depends on; list stages in dependency order", line: stage.line)
            }
            seen.insert(stage.id)
        }
    }

    /// A cycle as a list of stage ids, first repeated at the end, or nil.
    private func findCycle() -> [String]? {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        func visit(_ id: String) -> [String]? {
            switch marks[id] {
            case .done?: return nil
            case .visiting?:
                let start = path.firstIndex(of: id) ?? 0
                return Array(path[start...]) + [id]
            case nil: break
            }
            marks[id] = .visiting
            path.append(id)
            for dependency in definition.stage(id)?.dependsOn ?? [] {
                if let cycle = visit(dependency) { return cycle }
            }
            path.removeLast()
            marks[id] = .done
            return nil
        }
        for stage in definition.stages {
            if let cycle = visit(stage.id) { return cycle.reversed() }
        }
        return nil
    }
}
