import ArgumentParser
import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowCore

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "List, show, validate and draw workflow definitions.",
        subcommands: [List.self, Show.self, Validate.self, Graph.self]
    )

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workflows in use.", discussion: "Example:\n  ltsflow workflow list")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (library, _) = try global.definitions()
            let definitions = library.ids.compactMap { library.workflows[$0]?.definition }
            if json {
                return try JSONOutput.print(JSON.array(definitions.map { definition in
                    .object(["id": .string(definition.id), "version": .int(definition.version), "title": .string(definition.title),
                             "stages": .int(definition.stages.count)])
                }))
            }
            var table = Table("ID", "VERSION", "STAGES", "TITLE")
            for definition in definitions {
                table.add([definition.id, String(definition.version), String(definition.stages.count), definition.title])
            }
            Terminal.print(table.render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a workflow's stages, facts and parameters.", discussion: "Example:\n  ltsflow workflow show nuxeo-lts-upgrade")
        @Argument(help: "The workflow id.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (library, _) = try global.definitions()
            guard let definition = library.workflows[id]?.definition else { throw InputError.unknownWorkflow(id, valid: library.ids) }
            if json { return try JSONOutput.print(Self.json(definition)) }
            Terminal.print(Terminal.styled("\(definition.id) v\(definition.version) — \(definition.title)", .bold))
            var stages = Table("STAGE", "OWNER", "AFTER", "KIND", "NEEDS", "GUARDS", "DAYS")
            for stage in definition.stages {
                let kind = [stage.optional ? "optional" : nil, stage.condition.map { "if \($0.rawValue)" }].compactMap { $0 }.joined(separator: ", ")
                stages.add([stage.id, stage.owner.rawValue, stage.dependsOn.joined(separator: ", "), kind.isEmpty ? "required" : kind,
                            stage.needs.joined(separator: ", "), stage.guards.map(\.kind.rawValue).joined(separator: ", "),
                            stage.expectedDays.map(String.init) ?? "-"])
            }
            Terminal.print(stages.render())
            Terminal.print("")
            var facts = Table("FACT", "TYPE", "OWNER", "TITLE")
            for fact in definition.facts { facts.add([fact.key, fact.type.rawValue, fact.owner?.rawValue ?? "-", fact.title]) }
            Terminal.print(facts.render())
            if !definition.parameters.isEmpty {
                Terminal.print("")
                Terminal.print("Parameters: " + definition.parameters.keys.sorted().map { "\($0)=\(definition.parameters[$0] ?? 0)" }.joined(separator: ", "))
            }
        }

        static func json(_ definition: WorkflowDefinition) -> JSON {
            .object([
                "id": .string(definition.id), "version": .int(definition.version), "title": .string(definition.title),
                "parameters": .object(definition.parameters.mapValues(JSON.int)),
                "facts": .array(definition.facts.map { fact in
                    .object(["key": .string(fact.key), "type": .string(fact.type.rawValue), "title": .string(fact.title), "owner": .text(fact.owner?.rawValue)])
                }),
                "stages": .array(definition.stages.map { stage in
                    .object([
                        "id": .string(stage.id), "title": .string(stage.title), "owner": .string(stage.owner.rawValue),
                        "dependsOn": .array(stage.dependsOn.map(JSON.string)), "optional": .bool(stage.optional),
                        "condition": .text(stage.condition?.rawValue), "needs": .array(stage.needs.map(JSON.string)),
                        "guards": .array(stage.guards.map { .string($0.kind.rawValue) }),
                        "expectedDays": stage.expectedDays.map(JSON.int) ?? .null,
                    ])
                }),
            ])
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Validate workflow files (or a catalog file); print every problem with its file, line and code.",
            discussion: "Example:\n  ltsflow workflow validate workflows/*.yaml"
        )
        @Argument(help: "YAML files.") var files: [String]
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one file, e.g. ltsflow workflow validate my-workflow.yaml") }
        }

        func run() throws {
            var diagnostics: [Diagnostic] = []
            for path in files {
                let text = try Files.readText(path)
                do {
                    if (path as NSString).lastPathComponent == WorkflowLibrary.catalogFile || text.contains("\nversions:") {
                        _ = try LTSCatalog.parse(yaml: text, file: path)
                    } else {
                        diagnostics += try WorkflowDefinition.load(yaml: text, file: path).warnings
                    }
                } catch {
                    diagnostics += error.diagnostics
                }
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            if json {
                try JSONOutput.print(JSON.array(diagnostics.map { diagnostic in
                    .object(["severity": .string(diagnostic.severity.rawValue), "code": .string(diagnostic.code), "message": .string(diagnostic.message),
                             "file": .text(diagnostic.file), "line": diagnostic.line.map(JSON.int) ?? .null])
                }))
            } else {
                for diagnostic in diagnostics { Terminal.print(Terminal.clean(diagnostic.description)) }
                Terminal.print(errors == 0 ? "\(files.count) file\(files.count == 1 ? "" : "s") valid" : "\(errors) error\(errors == 1 ? "" : "s")")
            }
            if errors > 0 { throw CLIError.reported(1) }
        }
    }

    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Draw a workflow as a Mermaid flowchart or a Graphviz DOT graph.",
            discussion: "Example:\n  ltsflow workflow graph nuxeo-lts-upgrade --format dot \\\n    | dot -Tsvg > workflow.svg"
        )
        @Argument(help: "The workflow id.") var id: String
        @Option(help: "mermaid or dot.") var format: GraphFormat = .mermaid
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (library, _) = try global.definitions()
            guard let definition = library.workflows[id]?.definition else { throw InputError.unknownWorkflow(id, valid: library.ids) }
            Terminal.write(format == .mermaid ? WorkflowGraph.mermaid(definition) : WorkflowGraph.dot(definition))
        }
    }
}
