import Foundation
import Testing
@testable import LTSFlowCore
import LTSFlowEngine

/// A store skips reading the pinned text of an upgrade that follows a built-in workflow: the
/// hash alone must name exactly that text, and nothing else.
@Suite struct PinnedDefinitionTests {
    @Test func theBuiltInWorkflowIsKnownByTheHashOfItsText() throws {
        let yaml = try #require(BuiltinDefinitions.files["nuxeo-lts-upgrade.yaml"])
        let pinned = try #require(PinnedDefinition.builtin(hash: PinnedDefinition.hash(of: yaml)))
        #expect(pinned.yaml.utf8.elementsEqual(yaml.utf8))
        #expect(pinned.workflowID == "nuxeo-lts-upgrade")
        #expect(pinned.version == 1)
        #expect(pinned.hash == PinnedDefinition.hash(of: yaml))
    }

    @Test func anyOtherTextIsLeftToTheStore() throws {
        let yaml = try #require(BuiltinDefinitions.files["nuxeo-lts-upgrade.yaml"])
        #expect(PinnedDefinition.builtin(hash: PinnedDefinition.hash(of: yaml.replacingOccurrences(of: "notice-days: 7", with: "notice-days: 30"))) == nil)
        #expect(PinnedDefinition.builtin(hash: PinnedDefinition.hash(of: yaml + "\n")) == nil)
        let catalog = try #require(BuiltinDefinitions.files[WorkflowLibrary.catalogFile])
        #expect(PinnedDefinition.builtin(hash: PinnedDefinition.hash(of: catalog)) == nil)
        #expect(PinnedDefinition.builtin(hash: "") == nil)
    }
}
