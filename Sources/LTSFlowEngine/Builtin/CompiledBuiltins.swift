import Foundation

/// The built-in files already parsed, for a process that meets their text again.
///
/// Every upgrade started on the built-in workflow pins its text, so each command that changes
/// one used to parse the same YAML again (and the catalog with it): a quarter of a write's CPU.
/// `CompiledBuiltins+Values.swift` holds the values the parser gives for the files of
/// `workflows/`, written by `scripts/embed-workflows`; `CompiledBuiltinsTests` proves them
/// equal to a fresh parse of the compiled-in text, and keeps the text each value was parsed
/// from. Only those exact bytes are answered here: any
/// other text, a custom workflow or an older pinned version, is parsed as before.
extension BuiltinDefinitions {
    /// The definition of a built-in workflow file whose bytes are exactly `yaml`, if any.
    static func compiledWorkflow(yaml: String) -> WorkflowDefinition? {
        for (name, text) in compiledTexts where name != WorkflowLibrary.catalogFile && sameBytes(text, yaml) {
            return compiledWorkflows[name]
        }
        return nil
    }

    /// The built-in catalog, when `yaml`'s bytes are exactly its text.
    static func compiledCatalog(yaml: String) -> LTSCatalog? {
        compiledTexts[WorkflowLibrary.catalogFile].map { sameBytes($0, yaml) } == true ? compiledCatalogValue : nil
    }

    /// Byte equality: Swift's `==` on strings is canonical equivalence, under which a text with,
    /// say, KELVIN SIGN for K equals the built-in one but parses to other values. Compared as
    /// two buffers where both strings have one (a native string always does): byte by byte
    /// through the views, a definition's 12 kB cost a write 0.3 ms.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }
}
