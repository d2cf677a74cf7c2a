/// The built-in files already parsed, for a process that meets their text again.
///
/// Every upgrade started on the built-in workflow pins its text, so each command that changes
/// one used to parse the same YAML again (and the catalog with it): a quarter of a write's CPU.
/// `CompiledBuiltins+Values.swift` holds the values the parser gives for the files of
/// `workflows/`, written by `scripts/embed-workflows`; `CompiledBuiltinsTests` proves them
/// equal to a fresh parse of the compiled-in text. Only that exact text is answered here: any
/// other text, a custom workflow or an older pinned version, is parsed as before.
extension BuiltinDefinitions {
    /// The definition of a built-in workflow file whose text is exactly `yaml`, if any.
    static func compiledWorkflow(yaml: String) -> WorkflowDefinition? {
        for (name, definition) in compiledWorkflows where files[name] == yaml {
            return definition
        }
        return nil
    }

    /// The built-in catalog, when `yaml` is exactly its text.
    static func compiledCatalog(yaml: String) -> LTSCatalog? {
        files[WorkflowLibrary.catalogFile] == yaml ? compiledCatalogValue : nil
    }
}
