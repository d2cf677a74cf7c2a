import Testing
@Test func placeholderLTSFlowStoreTests() { #expect(Bool(true)) }
