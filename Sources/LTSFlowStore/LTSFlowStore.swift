import LTSFlowEngine
/// The ltsflow store: SQLite persistence through GRDB.
public enum LTSFlowStore {}
