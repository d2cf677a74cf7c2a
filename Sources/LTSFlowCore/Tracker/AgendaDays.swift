import LTSFlowEngine

extension AgendaItem {
    /// How many days ahead ``Tracker/agenda(days:csm:)`` looks when the user does not say
    /// (`ltsflow agenda`, the web board's `/agenda`).
    public static let defaultDays = 14
    /// The windows an agenda may ask for, in days: from today only to a year ahead.
    public static let dayRange: ClosedRange<Int> = 0...366
}

extension Customer {
    /// The form a CSM's name is compared in (``isAssigned(to:)``): case and surrounding blanks
    /// aside, so that `Alice`, `alice` and ` ALICE ` are one person.
    public static func csmKey(_ name: String) -> String {
        name.trimmingBlanks().lowercased()
    }
}
