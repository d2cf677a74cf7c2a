import Foundation

extension SQLiteStore {
    /// The database path when no `--db` is given (docs/storage.md, "Where the file is"):
    /// `LTSFLOW_DB`, else `$XDG_DATA_HOME/ltsflow/ltsflow.sqlite`, else
    /// `~/.local/share/ltsflow/ltsflow.sqlite`.
    ///
    /// Empty variables count as unset, and so does a relative `XDG_DATA_HOME` (the XDG base
    /// directory specification says to ignore it). A leading `~/` in `LTSFLOW_DB` is the home
    /// directory.
    ///
    /// - Parameter environment: The process environment, e.g. `ProcessInfo.processInfo.environment`.
    public static func defaultPath(environment: [String: String]) -> String {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        if let path = environment["LTSFLOW_DB"], !path.isEmpty {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return joined(home, String(path.dropFirst(2))) }
            return path
        }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return joined(data, "ltsflow/ltsflow.sqlite")
        }
        return joined(home, ".local/share/ltsflow/ltsflow.sqlite")
    }

    private static func joined(_ directory: String, _ relative: String) -> String {
        var directory = directory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        return directory == "/" ? "/" + relative : directory + "/" + relative
    }
}
