import Foundation

/// The workflows and the catalog in use: the built-in ones, or those of a directory.
///
/// The library parses text it is given; reading files is the caller's job (the CLI reads a
/// `--workflows` directory and hands its files over), so the engine stays free of I/O.
public struct WorkflowLibrary: Sendable {
    /// The default workflow for new upgrades.
    public static let defaultWorkflowID = "nuxeo-lts-upgrade"
    /// The file name of the LTS catalog among the definition files.
    public static let catalogFile = "nuxeo-lts-catalog.yaml"

    /// Workflow definitions by id, with the text each was loaded from (pinned by upgrades).
    public private(set) var workflows: [String: (definition: WorkflowDefinition, yaml: String)] = [:]
    public private(set) var warnings: [Diagnostic] = []

    /// Loads every workflow file; the catalog file is skipped here.
    ///
    /// - Throws: ``DefinitionError`` with the problems of every invalid file, and
    ///   `duplicate-workflow` when two files declare the same id.
    public init(files: [String: String]) throws(DefinitionError) {
        var problems: [Diagnostic] = []
        for name in files.keys.sorted() where name != Self.catalogFile {
            let text = files[name] ?? ""
            do {
                let (definition, warnings) = try WorkflowDefinition.load(yaml: text, file: name)
                if workflows[definition.id] != nil {
                    problems.append(Diagnostic(code: "duplicate-workflow", message: "workflow `\(definition.id)` is defined in more than one file", file: name))
                }
                workflows[definition.id] = (definition, text)
                self.warnings += warnings
            } catch {
                problems += error.diagnostics
            }
        }
        if problems.contains(where: { $0.severity == .error }) { throw DefinitionError(problems + warnings) }
    }

    /// The definitions compiled into the binary.
    public static func builtin() throws(DefinitionError) -> WorkflowLibrary {
        try WorkflowLibrary(files: BuiltinDefinitions.files)
    }

    /// Workflow ids, sorted.
    public var ids: [String] { workflows.keys.sorted() }
}
