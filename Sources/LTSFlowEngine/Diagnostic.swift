import Foundation

/// A problem found in a definition file, with a stable code a script can match on.
///
/// Codes are part of the public contract (see `docs/workflows.md`); messages may be reworded.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Only errors stop a load; warnings are reported and the definition is used.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case error
        case warning
    }

    public var severity: Severity
    /// A stable, kebab-case code such as `dependency-cycle`.
    public var code: String
    /// One sentence a person can act on.
    public var message: String
    /// The file the problem is in, when known.
    public var file: String?
    /// The 1-based line the problem is on, when known.
    public var line: Int?

    public init(_ severity: Severity = .error, code: String, message: String, file: String? = nil, line: Int? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// `file:line: error: message [code]`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        return "\(location)\(severity.rawValue): \(message) [\(code)]"
    }
}

/// A definition that could not be loaded: every problem found, never a partial result.
public struct DefinitionError: Error, LocalizedError, Sendable, Hashable {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var errorDescription: String? {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
