import Foundation
import LTSFlowCore
import LTSFlowEngine

// The JSON shapes of the command line's `--json` output (docs/cli.md, "Reading"), owned here
// beside the reports' so that every edge (the command line, a web API) writes the same.
extension JSON {
    public static func customer(_ customer: Customer) -> JSON {
        .object([
            "id": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
            "timeZone": .string(customer.timeZone), "window": .text(customer.window),
            "contacts": .array(customer.contacts.map(JSON.string)), "sandbox": .string(customer.sandbox.rawValue),
            "createdAt": .date(customer.createdAt), "csm": .text(customer.csm), "lts": .text(customer.lts),
        ])
    }

    /// One item of `agenda --json`.
    public static func agendaItem(_ item: AgendaItem) -> JSON {
        .object([
            "at": .date(item.at), "local": .string(item.local.description), "timeZone": .string(item.timeZone.identifier),
            "customer": .string(item.customer.id), "name": .string(item.customer.name), "csm": .text(item.customer.csm),
            "kind": .string(item.kind.rawValue), "summary": .string(item.summary), "owner": .string(item.owner.rawValue),
            "overdue": .bool(item.overdue),
        ])
    }

    /// One upgrade of `upgrades CUSTOMER --json`.
    public static func upgradeRecord(_ upgrade: UpgradeRecord) -> JSON {
        .object([
            "id": .int(Int(upgrade.id)), "from": .string(upgrade.from), "to": .string(upgrade.to),
            "status": .string(upgrade.status.rawValue), "startedAt": .date(upgrade.startedAt),
            "finishedAt": .date(upgrade.finishedAt), "workflow": .string(upgrade.workflowID),
        ])
    }

    /// A blocker inside a stage of `status CUSTOMER --json` and `why --json`: no stage, no customer.
    public static func stageBlocker(_ blocker: Blocker) -> JSON {
        .object([
            "code": .string(blocker.code), "kind": .string(blocker.kind.rawValue), "reason": .string(blocker.message),
            "owner": .string(blocker.owner.rawValue), "ticket": .text(blocker.ticket), "since": .date(blocker.since),
            "until": .date(blocker.until),
        ])
    }

    /// `status CUSTOMER --json` (docs/cli.md, "Reading").
    public static func upgrade(_ view: UpgradeView) -> JSON {
        .object([
            "customer": .string(view.customer.id), "name": .string(view.customer.name),
            "from": .string(view.upgrade.from), "to": .string(view.upgrade.to),
            "workflow": .string(view.upgrade.workflowID), "definitionHash": .string(view.upgrade.definitionHash),
            "status": .string(view.upgrade.status.rawValue), "startedAt": .date(view.upgrade.startedAt),
            "finishedAt": .date(view.upgrade.finishedAt),
            "facts": .object(view.state.facts.mapValues(JSON.string)),
            "upgrade": .int(Int(view.upgrade.id)), "csm": .text(view.customer.csm), "lts": .text(view.customer.lts),
            "checklist": .array(view.checklist.map { entry in
                .object([
                    "id": .string(entry.item.id), "text": .string(entry.item.text), "checked": .bool(entry.ticked),
                    "checkedAt": .date(entry.tickedAt), "checkedBy": .text(entry.tickedBy),
                ])
            }),
            "stages": .array(view.stages.map { stage in
                .object([
                    "id": .string(stage.definition.id), "title": .string(stage.definition.title),
                    "status": .string(stage.state.status.rawValue),
                    "owner": .string((stage.state.blockOwner ?? stage.definition.owner).rawValue),
                    "startedAt": .date(stage.state.startedAt), "finishedAt": .date(stage.state.finishedAt),
                    "since": .date(stage.state.since), "note": .text(stage.state.note),
                    "forced": .bool(stage.state.forced), "automatic": .bool(stage.state.automatic),
                    "waitingOn": .array(stage.waitingOn.map(JSON.string)),
                    "blockers": .array(stage.blockers.map(stageBlocker)),
                    "warnings": .array(stage.warnings.map(JSON.string)),
                ])
            }),
        ])
    }

    /// One line of `status --json`.
    public static func portfolioRow(_ customer: Customer, _ view: UpgradeView?) -> JSON {
        guard let view else {
            return .object(["customer": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
                            "csm": .text(customer.csm), "from": .null, "to": .null, "status": .string("none"), "stages": .array([]), "owner": .null, "since": .null])
        }
        let summary = view.summary
        return .object([
            "customer": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
            "csm": .text(customer.csm),
            "from": .string(view.upgrade.from), "to": .string(view.upgrade.to), "status": .string(summary.state.rawValue),
            "stages": .array(summary.stages.map(JSON.string)),
            "owner": .text(summary.owner?.rawValue), "since": .date(summary.since),
        ])
    }

    /// An event of `history --json`; the reports' history leaves out `automatic`.
    public static func event(_ stored: StoredEvent, automatic: Bool = true) -> JSON {
        let event = stored.event
        var object: [String: JSON] = [
            "sequence": .int(stored.sequence), "stage": .text(event.stage), "verb": .string(event.verb.rawValue),
            "from": .text(event.from?.rawValue), "to": .text(event.to?.rawValue), "at": .date(event.at),
            "actor": .string(event.actor), "note": .text(event.note),
            "data": .object(event.data.mapValues(JSON.string)),
        ]
        if automatic { object["automatic"] = .bool(event.verb.isAutomatic) }
        return .object(object)
    }

    /// `why CUSTOMER --json`: each stage asked about with what holds it.
    public static func why(_ stages: [StageView]) -> JSON {
        .array(stages.map { stage in
            .object(["stage": .string(stage.definition.id), "status": .string(stage.state.status.rawValue),
                     "waitingOn": .array(stage.waitingOn.map(JSON.string)), "blockers": .array(stage.blockers.map(stageBlocker)),
                     "warnings": .array(stage.warnings.map(JSON.string))])
        })
    }
}

extension JSON.FlatArrayWriter {
    /// One item of `blocked --json` (docs/cli.md, "Reading": customer, stage, kind, reason, owner,
    /// ticket, since, and code), written directly.
    public mutating func addBlocked(customer: String, _ blocker: Blocker) {
        // Keys in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.
        beginObject()
        field(written: "\n    \"code\" : ", blocker.code)
        field(written: ",\n    \"customer\" : ", customer)
        field(written: ",\n    \"kind\" : ", blocker.kind.rawValue)
        field(written: ",\n    \"owner\" : ", blocker.owner.rawValue)
        field(written: ",\n    \"reason\" : ", blocker.message)
        field(written: ",\n    \"since\" : ", blocker.since.map(JSON.rfc3339))
        field(written: ",\n    \"stage\" : ", blocker.stage)
        field(written: ",\n    \"ticket\" : ", blocker.ticket)
        endObject()
    }
}
