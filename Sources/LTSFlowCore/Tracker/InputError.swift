import Foundation
import LTSFlowEngine

/// A value typed by a person that cannot be used, with what would be valid.
public enum InputError: Error, LocalizedError, Sendable, Equatable {
    case badCustomerID(String)
    case badName(String)
    case badContact(String)
    case unknownWorkflow(String, valid: [String])
    case badDate(String, what: String)

    public var errorDescription: String? {
        switch self {
        case .badCustomerID(let id):
            let shown = id.count > 60 ? String(id.prefix(60)) + "…" : id
            return "'\(shown)' is not a valid customer id: use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. acme-corp)"
        case .badName(let name):
            return "'\(name.prefix(60))' is not a valid name: it must be 1 to 1000 characters"
        case .badContact(let contact):
            return "'\(contact)' is not an email address: use name@example.com"
        case .unknownWorkflow(let id, let valid):
            return "unknown workflow '\(id)'; workflows: \(valid.joined(separator: ", "))"
        case .badDate(let text, let what):
            return "'\(text)' is not a valid \(what)"
        }
    }
}
