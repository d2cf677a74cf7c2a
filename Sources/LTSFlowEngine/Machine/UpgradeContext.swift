import Foundation

/// What an upgrade's rules depend on besides its own state: the customer and the catalog.
public struct UpgradeContext: Sendable {
    /// The source and target LTS, as catalog ids (`2021`, `2023` …).
    public var from: String
    public var to: String
    /// Whether the customer's contract includes a development sandbox.
    public var sandboxPurchased: Bool
    /// The customer's maintenance schedule: region, zone and window. Local dates and times of
    /// facts are read in its zone.
    public var schedule: Schedule
    /// The customer's zone.
    public var timeZone: TimeZone { schedule.timeZone }
    /// Decides whether a search cluster needs coordination for the target, with the reason.
    public var searchCoordination: @Sendable (_ cluster: String) -> (required: Bool, reason: String)
    /// The customer's id, for the commands a refusal suggests (`ltsflow reopen acme …`).
    public var customer: String?

    public init(from: String, to: String, sandboxPurchased: Bool, schedule: Schedule,
                customer: String? = nil,
                searchCoordination: @escaping @Sendable (_ cluster: String) -> (required: Bool, reason: String)) {
        self.customer = customer
        self.from = from
        self.to = to
        self.sandboxPurchased = sandboxPurchased
        self.schedule = schedule
        self.searchCoordination = searchCoordination
    }
}
