import Testing
@Test func placeholderLTSFlowCLITests() { #expect(Bool(true)) }
