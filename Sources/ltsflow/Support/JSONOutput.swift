import Foundation
import LTSFlowEngine
import LTSFlowReports
import LTSFlowStore

/// JSON on stdout: sorted keys, pretty-printed, times as RFC 3339 UTC.
enum JSONOutput {
    static func print(_ value: JSON) throws {
        Terminal.print(try render(value))
    }

    static func print<T: Encodable>(_ value: T) throws {
        Terminal.print(try render(value))
    }

    static func render<T: Encodable>(_ value: T) throws -> String {
        try JSON.render(value)
    }

    static func customer(_ customer: Customer) -> JSON {
        .object([
            "id": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
            "timeZone": .string(customer.timeZone), "window": .text(customer.window),
            "contacts": .array(customer.contacts.map(JSON.string)), "sandbox": .string(customer.sandbox.rawValue),
            "createdAt": .date(customer.createdAt),
        ])
    }

    static func blocker(_ blocker: Blocker) -> JSON {
        .object([
            "code": .string(blocker.code), "kind": .string(blocker.kind.rawValue), "reason": .string(blocker.message),
            "owner": .string(blocker.owner.rawValue), "ticket": .text(blocker.ticket), "since": .date(blocker.since),
            "until": .date(blocker.until),
        ])
    }

    /// `status CUSTOMER --json` (docs/cli.md, "Reading").
    static func upgrade(_ view: UpgradeView) -> JSON {
        .object([
            "customer": .string(view.customer.id), "name": .string(view.customer.name),
            "from": .string(view.upgrade.from), "to": .string(view.upgrade.to),
            "workflow": .string(view.upgrade.workflowID), "definitionHash": .string(view.upgrade.definitionHash),
            "status": .string(view.upgrade.status.rawValue), "startedAt": .date(view.upgrade.startedAt),
            "finishedAt": .date(view.upgrade.finishedAt),
            "facts": .object(view.state.facts.mapValues(JSON.string)),
            "stages": .array(view.stages.map { stage in
                .object([
                    "id": .string(stage.definition.id), "title": .string(stage.definition.title),
                    "status": .string(stage.state.status.rawValue),
                    "owner": .string((stage.state.blockOwner ?? stage.definition.owner).rawValue),
                    "startedAt": .date(stage.state.startedAt), "finishedAt": .date(stage.state.finishedAt),
                    "since": .date(stage.state.since), "note": .text(stage.state.note),
                    "forced": .bool(stage.state.forced), "automatic": .bool(stage.state.automatic),
                    "waitingOn": .array(stage.waitingOn.map(JSON.string)),
                    "blockers": .array(stage.blockers.map(blocker)),
                    "warnings": .array(stage.warnings.map(JSON.string)),
                ])
            }),
        ])
    }

    /// One line of `status --json`.
    static func portfolioRow(_ customer: Customer, _ view: UpgradeView?) -> JSON {
        guard let view else {
            return .object(["customer": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
                            "from": .null, "to": .null, "status": .string("none"), "stages": .array([]), "owner": .null, "since": .null])
        }
        let summary = view.summary
        return .object([
            "customer": .string(customer.id), "name": .string(customer.name), "region": .string(customer.region),
            "from": .string(view.upgrade.from), "to": .string(view.upgrade.to), "status": .string(summary.state.rawValue),
            "stages": .array(summary.stages.map(JSON.string)),
            "owner": .text(summary.owner?.rawValue), "since": .date(summary.since),
        ])
    }

    /// One item of `blocked --json` (docs/cli.md, "Reading": customer, stage, kind, reason, owner,
    /// ticket, since, and code), written directly.
    static func blocked(customer: String, _ blocker: Blocker, to writer: inout JSON.FlatArrayWriter) {
        // Keys in sorted order, as `JSONEncoder` with `.sortedKeys` writes them.
        writer.beginObject()
        writer.field(written: "\n    \"code\" : ", blocker.code)
        writer.field(written: ",\n    \"customer\" : ", customer)
        writer.field(written: ",\n    \"kind\" : ", blocker.kind.rawValue)
        writer.field(written: ",\n    \"owner\" : ", blocker.owner.rawValue)
        writer.field(written: ",\n    \"reason\" : ", blocker.message)
        writer.field(written: ",\n    \"since\" : ", blocker.since.map(JSON.rfc3339))
        writer.field(written: ",\n    \"stage\" : ", blocker.stage)
        writer.field(written: ",\n    \"ticket\" : ", blocker.ticket)
        writer.endObject()
    }

    static func event(_ stored: StoredEvent) -> JSON {
        let event = stored.event
        return .object([
            "sequence": .int(stored.sequence), "stage": .text(event.stage), "verb": .string(event.verb.rawValue),
            "from": .text(event.from?.rawValue), "to": .text(event.to?.rawValue), "at": .date(event.at),
            "actor": .string(event.actor), "note": .text(event.note), "automatic": .bool(event.verb.isAutomatic),
            "data": .object(event.data.mapValues(JSON.string)),
        ])
    }
}
