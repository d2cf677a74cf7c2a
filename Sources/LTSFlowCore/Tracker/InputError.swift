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
}
