import Foundation
import Testing
@testable import LTSFlowEngine

/// The built-in definitions compiled as values (`CompiledBuiltins+Values.swift`) are exactly what
/// the parser reads from the compiled-in YAML, and only that text gets them.
///
/// To regenerate the values after changing `workflows/`: `scripts/embed-workflows` (which runs
/// this suite with `LTSFLOW_WRITE_COMPILED_BUILTINS=1`).
@Suite struct CompiledBuiltinsTests {
    static let valuesFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LTSFlowEngine/Builtin/CompiledBuiltins+Values.swift")

    static let catalogText = BuiltinDefinitions.files[WorkflowLibrary.catalogFile] ?? ""

    /// Every built-in workflow file, parsed and validated by the parser itself.
    static func parsedWorkflows() throws -> [(name: String, definition: WorkflowDefinition)] {
        try BuiltinDefinitions.files.keys.sorted().filter { $0 != WorkflowLibrary.catalogFile }.map { name in
            let loaded = try WorkflowDefinition.parseAndValidate(yaml: BuiltinDefinitions.files[name] ?? "", file: name)
            #expect(loaded.warnings.isEmpty, "\(name) has warnings; the compiled values would hide them")
            return (name, loaded.definition)
        }
    }

    @Test func theValuesFileIsWhatTheParserGives() throws {
        let expected = CompiledBuiltinsSource.file(
            workflows: try Self.parsedWorkflows(),
            catalog: try LTSCatalog.parseText(yaml: Self.catalogText, file: WorkflowLibrary.catalogFile),
            texts: BuiltinDefinitions.files)
        if ProcessInfo.processInfo.environment["LTSFLOW_WRITE_COMPILED_BUILTINS"] == "1" {
            try expected.write(to: Self.valuesFile, atomically: true, encoding: .utf8)
        }
        let written = try String(contentsOf: Self.valuesFile, encoding: .utf8)
        #expect(written == expected, "CompiledBuiltins+Values.swift is stale: run scripts/embed-workflows")
    }

    @Test func eachCompiledWorkflowEqualsItsParse() throws {
        let parsed = try Self.parsedWorkflows()
        #expect(parsed.map(\.name) == BuiltinDefinitions.compiledWorkflows.keys.sorted())
        for (name, definition) in parsed {
            #expect(BuiltinDefinitions.compiledWorkflows[name] == definition, "\(name): run scripts/embed-workflows")
            #expect(definition.stages.count == 11 && definition.facts.count > 10)
        }
    }

    /// The values answer only for the bytes they were parsed from, which are the compiled-in files.
    @Test func theValuesKeepTheTextTheyWereParsedFrom() {
        #expect(BuiltinDefinitions.compiledTexts.keys.sorted() == BuiltinDefinitions.files.keys.sorted())
        for (name, text) in BuiltinDefinitions.files {
            #expect(BuiltinDefinitions.compiledTexts[name].map { Array($0.utf8) } == Array(text.utf8), "\(name): run scripts/embed-workflows")
        }
    }

    @Test func theCompiledCatalogEqualsItsParse() throws {
        let parsed = try LTSCatalog.parseText(yaml: Self.catalogText, file: WorkflowLibrary.catalogFile)
        #expect(BuiltinDefinitions.compiledCatalogValue == parsed)
        #expect(parsed.versions.map(\.id).contains("2023"))
    }

    @Test func loadingTheBuiltInTextGivesTheCompiledValues() throws {
        let name = "nuxeo-lts-upgrade.yaml"
        let text = try #require(BuiltinDefinitions.files[name])
        let loaded = try WorkflowDefinition.load(yaml: text, file: name)
        #expect(loaded.definition == BuiltinDefinitions.compiledWorkflows[name])
        #expect(loaded.warnings.isEmpty)
        #expect(try LTSCatalog.parse(yaml: Self.catalogText, file: WorkflowLibrary.catalogFile) == BuiltinDefinitions.compiledCatalogValue)
    }

    /// A text that differs by one character is parsed, not answered from the compiled values:
    /// a custom definition (or an older pinned version) behaves exactly as before.
    /// The built-in text is recognised by its bytes, compared as buffers: a copy in storage of
    /// its own is the same, one byte changed or added is not, nor is a canonically equal text.
    @Test func sameBytesComparesEveryByte() throws {
        let text = try #require(BuiltinDefinitions.files["nuxeo-lts-upgrade.yaml"])
        let copy = String(decoding: Array(text.utf8), as: UTF8.self)
        #expect(BuiltinDefinitions.sameBytes(text, copy))
        var bytes = Array(text.utf8)
        for index in [0, bytes.count / 2, bytes.count - 1] {
            let original = bytes[index]
            bytes[index] = original == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            #expect(!BuiltinDefinitions.sameBytes(text, String(decoding: bytes, as: UTF8.self)), "byte \(index)")
            bytes[index] = original
        }
        #expect(!BuiltinDefinitions.sameBytes(text, text + " "))
        let kelvin = Self.catalogText.replacingOccurrences(of: "KRaft", with: "\u{212A}Raft")
        #expect(kelvin == Self.catalogText && !BuiltinDefinitions.sameBytes(kelvin, Self.catalogText))
    }

    @Test func anyOtherTextIsParsed() throws {
        let name = "nuxeo-lts-upgrade.yaml"
        let text = try #require(BuiltinDefinitions.files[name])
        let retitled = text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Custom ", options: [], range: nil)
        #expect(retitled != text)
        let loaded = try WorkflowDefinition.load(yaml: retitled, file: "custom.yaml")
        #expect(loaded.definition.title.hasPrefix("Custom "))
        #expect(loaded.definition.stages == BuiltinDefinitions.compiledWorkflows[name]?.stages)

        let broken = text + "\nstages: []\n"
        #expect(throws: DefinitionError.self) { try WorkflowDefinition.load(yaml: broken, file: "custom.yaml") }

        // Canonically equivalent is not the same bytes: KELVIN SIGN for the K of "KRaft" makes a
        // text Swift's `==` calls equal to the built-in one, whose parse keeps the sign.
        let kelvin = Self.catalogText.replacingOccurrences(of: "KRaft", with: "\u{212A}Raft")
        #expect(kelvin == Self.catalogText && !kelvin.utf8.elementsEqual(Self.catalogText.utf8))
        let kafka = try LTSCatalog.parse(yaml: kelvin, file: "custom.yaml").versions.map(\.services.kafka)
        #expect(kafka.contains { $0.unicodeScalars.contains("\u{212A}") })

        let catalog = Self.catalogText.replacingOccurrences(of: "maintenance-warning-months: ", with: "maintenance-warning-months: 1")
        #expect(catalog != Self.catalogText)
        #expect(try LTSCatalog.parse(yaml: catalog, file: "custom.yaml").maintenanceWarningMonths
            != BuiltinDefinitions.compiledCatalogValue.maintenanceWarningMonths)
    }
}
