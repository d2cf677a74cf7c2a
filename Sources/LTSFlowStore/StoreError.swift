import Foundation
import LTSFlowEngine

/// Why the store could not do what was asked, in words a user can act on.
public enum StoreError: Error, LocalizedError, Sendable, Equatable {
    /// The file exists and is not an SQLite database.
    case notADatabase(path: String)
    /// The file was written by a newer ltsflow.
    case newerSchema(path: String)
    /// The directory or file cannot be created, opened or written.
    case cannotOpen(path: String, reason: String)
    /// A command that only reads was given a path where there is no database (a read never
    /// creates one).
    case noDatabase(path: String)
    case unknownCustomer(String, suggestions: [String])
    case customerExists(String)
    case noUpgrade(customer: String)
    case activeUpgradeExists(customer: String, from: String, to: String)
    /// Any other database failure, with SQLite's message.
    case database(String)

    public var errorDescription: String? {
        switch self {
        case .notADatabase(let path):
            return "\(path) is not an ltsflow database (not SQLite, or another application's); it was left untouched. Use --db to choose another file"
        case .newerSchema(let path):
            return "\(path) was written by a newer version of ltsflow; upgrade ltsflow to use it (the file was left untouched)"
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(reason)"
        case .noDatabase(let path):
            return "there is no database at \(path) (nothing was created: a command that only reads never creates one); "
                + "check --db or LTSFLOW_DB, or create it with ltsflow customer add ID --name NAME --region eu, or try ltsflow demo"
        case .unknownCustomer(let id, let suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: " or "))?"
            return "no customer '\(Suggestions.shown(id))'\(hint) (ltsflow customer list shows them all)"
        case .customerExists(let id):
            return "customer '\(id)' already exists; use ltsflow customer edit \(id) to change it"
        case .noUpgrade(let customer):
            return "customer '\(customer)' has no upgrade under way; start one with ltsflow upgrade start \(customer) --from LTS --to LTS"
        case .activeUpgradeExists(let customer, let from, let to):
            return "customer '\(customer)' already has an upgrade under way (LTS \(from) → \(to)); finish it first"
        case .database(let message):
            return "database error: \(message)"
        }
    }
}
