import Foundation

/// libpq's password file (`~/.pgpass`, or `PGPASSFILE`): lines `host:port:database:user:password`,
/// `*` matching anything in the first four fields, `\:` and `\\` escaping, `#` starting a comment.
/// The first line that matches wins. A file that its group or others can read is ignored, as
/// libpq ignores it.
enum PasswordFile {
    enum Lookup: Equatable {
        case found(String)
        /// The file exists but others can read it (mode beyond 0600).
        case insecure
        case none
    }

    static func lookup(path: String, host: String, port: Int, database: String, user: String) -> Lookup {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .none }
        guard info.st_mode & 0o077 == 0 else { return .insecure }
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        let wanted = [host, String(port), database, user]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#") else { continue }
            let fields = split(line)
            guard fields.count >= 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return .found(fields[4...].joined(separator: ":"))
            }
        }
        return .none
    }

    /// Splits a line on unescaped colons, removing the escapes.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
