import Foundation

/// The guard vocabulary: each kind is implemented in Swift and configured by the YAML.
///
/// A definition naming a kind not listed here is refused with `unknown-guard`.
public enum GuardKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `fact` is recorded.
    case factPresent = "fact-present"
    /// Date `first` is strictly before date `then` (both facts).
    case dateOrder = "date-order"
    /// The moment in `fact` has passed at "now".
    case datePassed = "date-passed"
    /// The moment in `fact` is still in the future at "now".
    case dateFuture = "date-future"
    /// Date `fact` is at least `days` calendar days before the date of `before`.
    case leadTime = "lead-time"
    /// Like `lead-time`, worded as notice given to the customer.
    case notice = "notice"
    /// The moment in `fact`, and the `minutes` its deployment takes after it (optional), fall
    /// inside the customer's maintenance window.
    case inWindow = "in-window"
    /// The moment in `fact` does not fall in the region's `hotfix` window (`preprod` or `prod`).
    case notInHotfixWindow = "not-in-hotfix-window"
    /// The date in `fact` is at least `days` calendar days after today (customer's zone).
    case daysAhead = "days-ahead"
    /// The sandbox ending on the date in `fact` has more than `days` days left (a warning).
    case sandboxEndingSoon = "sandbox-ending-soon"
    /// "Now" is not past the end of the day in `fact`: the sandbox has not expired.
    case sandboxNotExpired = "sandbox-not-expired"
    /// The date in `fact` is today or later (customer's zone): it can't be in the past.
    case notInPast = "not-in-past"
    /// The search cluster in `fact` is supported by the target LTS (asks the catalog).
    case searchSupported = "search-supported"

    /// The YAML keys a kind may take besides its required ones, `kind`, `when`, `owner`,
    /// `severity` and `ticket`.
    var optionalKeys: [String] {
        self == .inWindow ? ["minutes"] : []
    }

    /// The YAML keys each kind takes besides `kind`, `when` and `owner`.
    var requiredKeys: [String] {
        switch self {
        case .factPresent, .datePassed, .dateFuture, .inWindow, .sandboxNotExpired, .notInPast, .searchSupported: ["fact"]
        case .dateOrder: ["first", "then"]
        case .leadTime, .notice: ["fact", "before", "days"]
        case .daysAhead, .sandboxEndingSoon: ["fact", "days"]
        case .notInHotfixWindow: ["fact", "hotfix"]
        }
    }
}

/// A number in a guard: a literal or the name of a workflow parameter.
public enum GuardNumber: Sendable, Hashable {
    case literal(Int)
    case parameter(String)

    public func resolve(_ parameters: [String: Int]) -> Int {
        switch self {
        case .literal(let value): value
        case .parameter(let name): parameters[name] ?? 0
        }
    }
}

/// A configured guard of a stage.
public struct GuardSpec: Sendable, Hashable {
    public var kind: GuardKind
    public var when: GuardMoment
    /// The fact the guard is about (`fact`, or `first` for `date-order`).
    public var fact: String
    /// The other fact (`then` for `date-order`, `before` for lead times), if any.
    public var other: String?
    public var days: GuardNumber?
    /// For `not-in-hotfix-window`: which hotfix window.
    public var hotfix: HotfixKind?
    /// Who a failing guard waits on; the fact's owner, else the stage's owner, when absent.
    public var owner: Owner?
    /// For `in-window`: the minutes the work takes after the instant (a deployment).
    public var minutes: GuardNumber?
    /// The fact holding the ticket a failing guard's blocker carries (`cutover.ticket` …).
    public var ticket: String?
    /// A warning guard never blocks: its sentence is shown, and the stage moves on.
    public var isWarning: Bool
    public var line: Int?

    public init(kind: GuardKind, when: GuardMoment = .complete, fact: String, other: String? = nil,
                days: GuardNumber? = nil, hotfix: HotfixKind? = nil, owner: Owner? = nil, isWarning: Bool = false, line: Int? = nil,
                minutes: GuardNumber? = nil, ticket: String? = nil) {
        self.minutes = minutes
        self.ticket = ticket
        self.isWarning = isWarning
        self.hotfix = hotfix
        self.kind = kind
        self.when = when
        self.fact = fact
        self.other = other
        self.days = days
        self.owner = owner
        self.line = line
    }

    /// Every fact key the guard reads.
    public var facts: [String] { [fact] + (other.map { [$0] } ?? []) }
}
