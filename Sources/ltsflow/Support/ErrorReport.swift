import ArgumentParser
import Foundation
import LTSFlowCore
import LTSFlowEngine

/// Every error a command meets, worded for the command line in one place: the libraries throw
/// values (``StoreError``, ``InputError``, the engine's errors); this file turns each into a
/// sentence with a hint a person can act on, and picks the exit code (0 success, 1 refused or
/// failed, 64 usage).
enum ErrorReport {
    /// Prints an error as one sentence (or a list of blockers) on stderr and picks the exit
    /// code: 64 for bad input, 1 for a refusal or a failure.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case CLIError.reported(let code):
            return code
        case let error as ExitCode:
            return error.rawValue
        case CLIError.failure(let message):
            Terminal.error("error: \(message)")
            return 1
        case let error as CLIError:
            Terminal.error("error: \(error.localizedDescription)")
            return 64
        case let error as InputError:
            Terminal.error("error: \(Terminal.clean(message(error)))")
            return error.isRefusal ? 1 : 64
        case let error as EngineError:
            Terminal.error("error: \(Terminal.clean(message(error), keepNewlines: true))")
            if case .refused = error { return 1 }
            return 64
        case let error as CatalogError:
            Terminal.error("error: \(error.localizedDescription)")
            return error.isUsage ? 64 : 1
        case let error as DefinitionError:
            Terminal.error(error.diagnostics.map(\.description).joined(separator: "\n"))
            return 1
        case let error as SchedulingError:
            Terminal.error("error: \(error.localizedDescription)")
            return 64
        case let error as StoreError:
            Terminal.error("error: \(Terminal.clean(message(error)))")
            return 1
        default:
            // Argument parsing errors, help and version are ArgumentParser's to print.
            let code = LTSFlow.exitCode(for: error)
            if code == .success || code.rawValue == 64 {
                // A batch goes on (or stops) itself: its line's error is one sentence.
                guard BatchSession.current != nil else { LTSFlow.exit(withError: error) }
                Terminal.error("error: \(LTSFlow.message(for: error))")
                return code.rawValue
            }
            Terminal.error("error: \(error.localizedDescription)")
            return 1
        }
    }

    /// The engine's sentence, with the flag that gives a missing reason.
    static func message(_ error: EngineError) -> String {
        if case .missingReason(let verb) = error { return "\(verb) needs a reason: add --reason \"...\"" }
        return error.localizedDescription
    }

    static func message(_ error: InputError) -> String {
        switch error {
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
        case .fromDiffersFromRecorded(let customer, let given, let recorded):
            return "\(customer) runs LTS \(recorded) (recorded), not \(given): leave out --from, or correct it first with "
                + "ltsflow customer edit \(customer) --lts \(given)"
        case .missingFrom(let customer):
            return "\(customer) has no recorded LTS: give --from (e.g. --from 2021), or record it with ltsflow customer edit \(customer) --lts 2021"
        case .unknownUpgrade(let customer, let id, let known):
            let list = known.isEmpty ? "it has none" : "its upgrades: " + known.map(String.init).joined(separator: ", ")
            return "\(customer) has no upgrade \(id) (\(list)); see ltsflow upgrades \(customer)"
        case .unknownChecklistItem(let item, let suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: " or "))?)"
            return "unknown checklist item '\(Suggestions.shown(item))'\(hint); ltsflow status CUSTOMER lists the ids"
        case .checklistUnchanged(let item, let ticked):
            return "\(item) is already \(ticked ? "ticked" : "unticked"); nothing was recorded"
        case .missingReason(let verb):
            return "\(verb) needs a reason: add --reason \"...\""
        case .cutoverNotScheduled(let customer):
            return "the cutover of \(customer) is not scheduled yet: record it first with ltsflow set \(customer) cutover.at=YYYY-MM-DDTHH:MM"
        case .noActiveUpgrade(let customer, let status):
            return "\(customer) has no upgrade under way (its last one is \(status)); a notice is for an upgrade under way"
        case .badPersonName(let name):
            return "'\(name.prefix(60))' is not a valid name: one line of at most 200 characters"
        }
    }

    static func message(_ error: StoreError) -> String {
        switch error {
        case .notADatabase(let path):
            return "\(path) is not an ltsflow database (not SQLite, or another application's); it was left untouched. Use --db to choose another file"
        case .newerSchema(let path):
            return "\(path) was written by a newer version of ltsflow; upgrade ltsflow to use it (the file was left untouched)"
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(message(reason))"
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
        case .server(let server, let failure):
            return ServerErrorReport.message(failure, server: server)
        case .notEmpty(let database):
            return "\(database) already holds customers; db copy only fills an empty database (nothing was written)"
        default:
            return "database error: \(failure(error))"
        }
    }

    /// The failures of the database itself, after "database error: ".
    private static func failure(_ error: StoreError) -> String {
        switch error {
        case .missingDefinition(let hash, let upgrade?):
            return "the definition \(hash) pinned by upgrade \(upgrade) is missing; ltsflow doctor can check the file"
        case .missingDefinition(let hash, nil):
            return "the pinned definition \(hash.prefix(12)) is missing"
        case .definitionHashMismatch(let workflow, let pinned):
            return "the definition \(workflow) is pinned under hash \(pinned) but its text hashes to another"
        case .emptyOpening:
            return "an upgrade begins with at least one event; the engine returned none"
        case .locked(let path, let seconds, let detail, let code):
            return "the database \(path) stayed locked by another ltsflow process for more than \(seconds) seconds (\(detail), code \(code)); "
                + "nothing was changed. Try again, and look for a stuck ltsflow process if it persists"
        case .damaged(let path, let detail):
            return "the database \(path) is damaged (\(detail)); restore it from a backup, or move it aside and start anew"
        case .diskFull(let path):
            return "the disk holding \(path) is full; nothing was changed. Free some space and try again"
        case .inputOutput(let path, let detail):
            return "input/output error on \(path) (\(detail)); check the disk and try again"
        case .unknownStoredValue(let what, let value):
            return "the database holds an unknown value '\(value)' for the \(what); ltsflow doctor can check the file"
        case .invalidStoredJSON(let what, let text):
            return "the \(what) is not valid JSON (\(text)); ltsflow doctor can check the file"
        case .unreadableKeptBlockers(let customer):
            return "the blockers kept for customer \(customer) cannot be read; ltsflow doctor can check the file"
        case .noDemoTarget(let now):
            return "no LTS target is supported at \(now); set LTSFLOW_NOW to an earlier date for the demo"
        case .database(let message):
            return message
        case .notADatabase, .newerSchema, .cannotOpen, .noDatabase, .unknownCustomer, .customerExists, .noUpgrade, .activeUpgradeExists, .server, .notEmpty:
            return message(error)
        }
    }

    /// Why a database file cannot be used, with what to do about it.
    static func message(_ reason: OpenFailure) -> String {
        switch reason {
        case .cannotCreateFile(let why):
            return "the file cannot be created: \(why)"
        case .notARegularFile(let isDirectory):
            return "\(isDirectory ? "it is a directory" : "it is not a regular file"); give the path of a database file"
        case .cannotRead(let why):
            return "the file cannot be read: \(why)"
        case .readOnlyDirectory(let directory, let mode):
            return "the directory \(directory) is read-only (mode \(mode)); SQLite needs to create "
                + "its journal files beside the database. Make it writable (chmod u+w) or choose another path with --db"
        case .readOnlyFile(let mode):
            return "the file is read-only (mode \(mode)); make it writable (chmod u+w) or choose another path with --db"
        case .notADirectory(let directory):
            return "\(directory) is not a directory"
        case .cannotCreateDirectory(let directory, let why):
            return "the directory \(directory) cannot be created: \(why)"
        case .cannotWrite(let detail):
            return "the database cannot be written (\(detail)); check the permissions of the file, its -wal and -shm files and its directory"
        case .cannotOpenFile(let detail):
            return "\(detail); check that the directory exists and is writable"
        case .olderReadOnly:
            return "it was written by an older ltsflow and must be updated, which needs write access; copy it somewhere writable first"
        }
    }
}

extension CatalogError {
    /// A version or cluster that does not exist is a usage error; a refusal of real versions
    /// (same, backwards, end of life) is not.
    var isUsage: Bool {
        switch self {
        case .unknownVersion, .badSearchCluster: true
        case .sameVersion, .backwards, .pastEndOfLife: false
        }
    }
}

extension InputError {
    /// A value that is well formed but refused by what is recorded (exit 1), rather than bad
    /// input (exit 64).
    var isRefusal: Bool {
        switch self {
        case .fromDiffersFromRecorded, .unknownUpgrade, .checklistUnchanged, .cutoverNotScheduled, .noActiveUpgrade: true
        case .badCustomerID, .badName, .badContact, .unknownWorkflow, .badDate, .missingFrom, .unknownChecklistItem,
             .missingReason, .badPersonName: false
        }
    }
}
