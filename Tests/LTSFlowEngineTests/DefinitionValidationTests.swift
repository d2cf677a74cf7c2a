import Foundation
import Testing
@testable import LTSFlowEngine

/// One fixture per diagnostic code proves each problem is caught, at the right line, and that
/// an invalid file never yields a definition.
@Suite struct DefinitionValidationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/invalid")

    struct Fixture: Sendable, CustomTestStringConvertible {
        var code: String
        var text: String
        var line: Int?
        var testDescription: String { code }
    }

    static let all: [Fixture] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let text = (try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)) ?? ""
            // The first line says what is expected: `# expect: CODE [line N]`.
            let header = text.split(separator: "\n").first.map(String.init) ?? ""
            let words = header.split(separator: " ").map(String.init)
            let line = words.firstIndex(of: "line").flatMap { words.indices.contains($0 + 1) ? Int(words[$0 + 1]) : nil }
            return Fixture(code: String(name.dropLast(5)), text: text, line: line)
        }
    }()

    @Test func thereIsAFixtureForEveryCode() {
        let codes = Set(Self.all.map(\.code))
        let expected: Set<String> = [
            "yaml-syntax", "empty-file", "wrong-type", "duplicate-key", "unknown-key", "bad-value", "missing-key",
            "bad-parameter", "unknown-owner", "unknown-condition", "unknown-guard", "bad-id", "no-stages",
            "duplicate-stage", "duplicate-fact", "unknown-stage", "unknown-fact", "fact-type-mismatch",
            "unknown-parameter", "dependency-cycle", "bad-entry", "unreachable-stage", "dead-end", "order", "yaml-too-large",
        ]
        #expect(codes == expected)
    }

    @Test(arguments: all)
    func fixtureIsRefusedWithItsCode(_ fixture: Fixture) {
        let error = #expect(throws: DefinitionError.self) {
            _ = try WorkflowDefinition.load(yaml: fixture.text, file: "\(fixture.code).yaml")
        }
        let matching = error?.errors.filter { $0.code == fixture.code } ?? []
        #expect(!matching.isEmpty, "expected \(fixture.code) among \(error?.diagnostics.map(\.code) ?? [])")
        if let line = fixture.line {
            #expect(matching.contains { $0.line == line }, "expected line \(line), got \(matching.map(\.line))")
        }
        #expect(matching.allSatisfy { $0.file == "\(fixture.code).yaml" && !$0.message.isEmpty })
    }

    @Test func aFileOverTheSizeLimitIsRefused() {
        let text = "id: big\n# " + String(repeating: "x", count: YAMLReader.maximumBytes) + "\n"
        let error = #expect(throws: DefinitionError.self) { _ = try WorkflowDefinition.load(yaml: text, file: "big.yaml") }
        #expect(error?.errors.map(\.code) == ["file-too-large"])
    }

    @Test func everyProblemOfAFileIsReportedInOnePass() {
        let text = """
        id: Bad_Id
        version: 1
        title: Many problems
        stages:
          - {id: a, title: A, owner: sales}
          - {id: b, title: B, owner: csm, depends-on: [a], needs: [nowhere], condition: never}
        """
        let error = #expect(throws: DefinitionError.self) { _ = try WorkflowDefinition.load(yaml: text, file: "many.yaml") }
        let codes = Set(error?.errors.map(\.code) ?? [])
        #expect(codes.isSuperset(of: ["unknown-owner", "unknown-condition"]))
    }

    @Test func anUnusedParameterIsOnlyAWarning() throws {
        let text = """
        id: tiny
        version: 1
        title: Tiny
        parameters:
          spare-days: 3
        stages:
          - {id: a, title: A, owner: csm}
        """
        let (definition, warnings) = try WorkflowDefinition.load(yaml: text, file: "tiny.yaml")
        #expect(definition.id == "tiny")
        #expect(warnings.map(\.code) == ["unused-parameter"])
        #expect(warnings.first?.description == "tiny.yaml: warning: parameter `spare-days` is not used by any guard [unused-parameter]")
    }

    @Test func twoFilesDeclaringOneWorkflowAreRefused() throws {
        let text = try #require(BuiltinDefinitions.files["nuxeo-lts-upgrade.yaml"])
        let error = #expect(throws: DefinitionError.self) {
            _ = try WorkflowLibrary(files: ["a.yaml": text, "b.yaml": text])
        }
        #expect(error?.errors.map(\.code) == ["duplicate-workflow"])
    }

    @Test func diagnosticsReadLikeCompilerMessages() {
        let diagnostic = Diagnostic(code: "dead-end", message: "no stage depends on `x`", file: "w.yaml", line: 12)
        #expect(diagnostic.description == "w.yaml:12: error: no stage depends on `x` [dead-end]")
    }
}
