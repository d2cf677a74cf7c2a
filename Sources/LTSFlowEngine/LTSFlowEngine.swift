/// The ltsflow engine: pure workflow definitions, validation, state machine, catalog and scheduling.
public enum LTSFlowEngine {}
