import Foundation
import LTSFlowEngine

/// A value typed by a person that cannot be used, with what would be valid: data, worded by
/// the edge that took the value.
public enum InputError: Error, Sendable, Equatable {
    case badCustomerID(String)
    case badName(String)
    case badContact(String)
    case unknownWorkflow(String, valid: [String])
    case badDate(String, what: String)
    /// `upgrade start --from` names another LTS than the one recorded for the customer.
    case fromDiffersFromRecorded(customer: String, given: String, recorded: String)
    /// `upgrade start` without `--from` for a customer whose LTS is not recorded.
    case missingFrom(customer: String)
    /// `--upgrade ID` names no upgrade of this customer; `known` are the customer's upgrade ids.
    case unknownUpgrade(customer: String, id: Int64, known: [Int64])
    /// `check`/`uncheck` names no checklist item of the upgrade; `suggestions` are the closest ids.
    case unknownChecklistItem(String, suggestions: [String])
    /// `check` of an item already ticked, or `uncheck` of one not ticked.
    case checklistUnchanged(item: String, ticked: Bool)
    /// A reason is required (`upgrade cancel --reason`) and was empty.
    case missingReason(verb: String)
    /// `notice` while the customer's active upgrade has no `cutover.at`.
    case cutoverNotScheduled(customer: String)
    /// `notice` for a customer with no upgrade under way (the upgrade's status).
    case noActiveUpgrade(customer: String, status: String)
    /// A value that must be a single line of text (a CSM's name) was empty or had a line break.
    case badPersonName(String)
}
