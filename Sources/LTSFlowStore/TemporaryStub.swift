// TEMPORARY until the store branch lands.
public enum SQLiteStore { public static func sha256Hex(_ text: String) -> String { String(text.hashValue) } }
