import Foundation

/// The workflow the model-based test drives, twice over: as YAML for the library (loaded through
/// the custom-definitions path, as `--workflows DIR` does) and as plain Swift values for the
/// reference model, which never sees the parsed definition.
///
/// Small but complete: `intake` forks into `lab` (conditional on the sandbox contract, with a
/// date-order guard) and `docs` (optional, completed before the rehearsal's time); they join in
/// `rehearse` (a start guard on a date-time and a complete guard that it has passed, read in the
/// customer's zone); `finish`
/// needs `notice.sent`, a fact recording something that happened (`recorded: true`, issue 13).
enum ModelWorkflow {
    static let id = "model-flow"
    static let fileName = "model-flow.yaml"

    /// The YAML; `recorded: true` only once the library knows the field (issue 13).
    static func yaml(everyMomentRules: Bool) -> String {
        """
        id: model-flow
        version: 1
        title: The model-based test's workflow
        facts:
          - key: ref.ticket
            type: ticket
            title: the intake ticket
            owner: csm
          - key: lab.start
            type: date
            title: first day of the lab
            owner: customer
          - key: lab.end
            type: date
            title: last day of the lab
            owner: customer
          - key: go.at
            type: datetime
            title: when the rehearsal runs
            owner: cloud-team
          - key: notice.sent
            type: date
            title: the day the notice was sent
            owner: csm\(everyMomentRules ? "\n    recorded: true" : "")
        stages:
          - id: intake
            title: Intake
            owner: csm
            needs: [ref.ticket]
          - id: lab
            title: Lab run
            owner: customer
            depends-on: [intake]
            condition: sandbox-purchased
            needs: [lab.start, lab.end]
            guards:
              - kind: date-order
                first: lab.start
                then: lab.end
          - id: docs
            title: Documentation
            owner: support
            depends-on: [intake]
            optional: true
            guards:
              - kind: date-future
                fact: go.at
          - id: rehearse
            title: Rehearsal
            owner: cloud-team
            depends-on: [lab, docs]
            needs: [go.at]
            guards:
              - kind: fact-present
                fact: go.at
                when: start
              - kind: date-passed
                fact: go.at
          - id: finish
            title: Finish
            owner: csm
            depends-on: [rehearse]
            needs: [notice.sent]

        """
    }

    enum FactKind { case date, dateTime, ticket }

    struct Fact {
        var key: String
        var kind: FactKind
        /// Records something that happened: never later than today (issue 13).
        var recorded: Bool = false
    }

    enum Guard: Hashable {
        /// The fact is recorded.
        case present(String)
        /// Date `first` is strictly before date `then`; holds while either is missing.
        case dateOrder(first: String, then: String)
        /// The moment has come (at or before now); holds while the fact is missing.
        case passed(String)
        /// The moment is still ahead (after now); holds while the fact is missing.
        case future(String)
    }

    struct Stage {
        var id: String
        var dependsOn: [String] = []
        var optional = false
        /// Required only while the customer has a sandbox; else skipped automatically.
        var needsSandbox = false
        /// Facts that must be recorded to complete.
        var needs: [String] = []
        var startGuards: [Guard] = []
        var completeGuards: [Guard] = []
    }

    static let facts: [Fact] = [
        Fact(key: "ref.ticket", kind: .ticket),
        Fact(key: "lab.start", kind: .date),
        Fact(key: "lab.end", kind: .date),
        Fact(key: "go.at", kind: .dateTime),
        Fact(key: "notice.sent", kind: .date, recorded: true),
    ]

    static let stages: [Stage] = [
        Stage(id: "intake", needs: ["ref.ticket"]),
        Stage(id: "lab", dependsOn: ["intake"], needsSandbox: true, needs: ["lab.start", "lab.end"],
              completeGuards: [.dateOrder(first: "lab.start", then: "lab.end")]),
        Stage(id: "docs", dependsOn: ["intake"], optional: true, completeGuards: [.future("go.at")]),
        Stage(id: "rehearse", dependsOn: ["lab", "docs"], needs: ["go.at"],
              startGuards: [.present("go.at")], completeGuards: [.passed("go.at")]),
        Stage(id: "finish", dependsOn: ["rehearse"], needs: ["notice.sent"]),
    ]

    static let stageIDs = stages.map(\.id)

    static func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }
    static func fact(_ key: String) -> Fact? { facts.first { $0.key == key } }

    /// Every stage that depends on `id`, directly or through others.
    static func laterDependants(of id: String) -> [String] {
        var found: Set<String> = []
        var changed = true
        while changed {
            changed = false
            for stage in stages where !found.contains(stage.id)
                && stage.dependsOn.contains(where: { $0 == id || found.contains($0) }) {
                found.insert(stage.id)
                changed = true
            }
        }
        return stageIDs.filter(found.contains)
    }
}
