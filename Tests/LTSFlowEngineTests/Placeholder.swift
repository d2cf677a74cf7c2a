import Testing
@Test func placeholderLTSFlowEngineTests() { #expect(Bool(true)) }
