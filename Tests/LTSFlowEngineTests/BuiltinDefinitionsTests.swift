import Foundation
import Testing
@testable import LTSFlowEngine

/// The definitions compiled into the binary are exactly the files in `workflows/`.
@Suite struct BuiltinDefinitionsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows")

    @Test func builtInCopiesEqualTheFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == BuiltinDefinitions.files.keys.sorted(), "run scripts/embed-workflows")
        for name in names {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
            #expect(BuiltinDefinitions.files[name] == text, "\(name) differs from its built-in copy: run scripts/embed-workflows")
        }
    }

    @Test func theDefaultWorkflowLoadsWithoutWarnings() throws {
        let library = try WorkflowLibrary.builtin()
        #expect(library.warnings.isEmpty)
        let workflow = try #require(library.workflows[WorkflowLibrary.defaultWorkflowID]?.definition)
        // docs/workflows.md, "The default workflow": the stages, in order.
        #expect(workflow.stages.map(\.id) == [
            "intake", "sandbox-request", "sandbox-upgrade", "sandbox-validation", "preprod-restore",
            "search-coordination", "preprod-upgrade", "preprod-validation", "production-scheduling",
            "production-cutover", "closeout",
        ])
        // docs/workflows.md, "The default workflow": at least these facts.
        let keys = Set(workflow.facts.map(\.key))
        #expect(keys.isSuperset(of: [
            "sandbox.start", "sandbox.end", "search.cluster", "preprod.upgrade-at", "cutover.at",
            "cutover.notice-sent", "cutover.ticket-filed", "cutover.ticket",
        ]))
        #expect(workflow.stage("sandbox-request")?.optional == true)
        #expect(workflow.stage("sandbox-upgrade")?.optional == false)
        #expect(workflow.stage("search-coordination")?.condition == .searchCoordinationNeeded)
        // docs/domain.md, "The production cutover": its numbers live in the definition.
        #expect(workflow.parameters["notice-days"] == 7)
        #expect(workflow.parameters["ticket-lead-days"] == 2)
    }
}
