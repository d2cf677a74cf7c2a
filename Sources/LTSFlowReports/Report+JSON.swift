import Foundation
import LTSFlowEngine
import LTSFlowCore

extension JSON {
    static func blocker(_ blocker: Blocker, customer: String? = nil) -> JSON {
        var object: [String: JSON] = [
            "stage": .string(blocker.stage), "kind": .string(blocker.kind.rawValue), "code": .string(blocker.code),
            "reason": .string(blocker.message), "owner": .string(blocker.owner.rawValue), "ticket": .text(blocker.ticket),
            "since": .date(blocker.since), "until": .date(blocker.until),
        ]
        if let customer { object["customer"] = .string(customer) }
        return .object(object)
    }

    static func local(_ date: LocalDate?) -> JSON { date.map { .string($0.description) } ?? .null }

    /// An instant with its local reading in `zone`.
    static func moment(_ date: Date?, zone: TimeZone) -> JSON {
        guard let date else { return .null }
        return .object(["utc": .date(date), "local": .string(ZonedDateTime(date, in: zone).description)])
    }
}

extension CustomerReport {
    /// The same content as the Markdown, as data.
    public func json() -> JSON {
        let schedule = self.schedule
        let encoder = JSONEncoder()
        let planJSON: JSON = plan.flatMap { plan in
            (try? encoder.encode(plan)).flatMap { try? JSONDecoder().decode(JSONValueDecoding.self, from: $0).value }
        } ?? .null
        return .object([
            "verdict": .string(view.verdict(now: now)),
            "generatedAt": .date(now),
            "customer": .object([
                "id": .string(view.customer.id), "name": .string(view.customer.name), "region": .string(view.customer.region),
                "timeZone": .string(view.customer.schedule.timeZone.identifier), "window": .string(view.customer.schedule.windowSpec.description),
                "sandbox": .string(view.customer.sandbox.rawValue),
            ]),
            "upgrade": .object([
                "from": .string(view.upgrade.from), "to": .string(view.upgrade.to), "workflow": .string(view.upgrade.workflowID),
                "definitionHash": .string(view.upgrade.definitionHash), "status": .string(view.upgrade.status.rawValue),
                "startedAt": .date(view.upgrade.startedAt), "finishedAt": .date(view.upgrade.finishedAt),
            ]),
            "stages": .array(view.stages.map { stage in
                .object([
                    "id": .string(stage.definition.id), "status": .string(stage.state.status.rawValue),
                    "owner": .string((stage.state.blockOwner ?? stage.definition.owner).rawValue),
                    "startedAt": .date(stage.state.startedAt), "finishedAt": .date(stage.state.finishedAt),
                    "daysInStage": daysInStage(stage).map(JSON.int) ?? .null, "forced": .bool(stage.state.forced),
                    "automatic": .bool(stage.state.automatic), "note": .text(stage.state.note),
                    "blockers": .array(stage.blockers.map { JSON.blocker($0) }),
                    "warnings": .array(stage.warnings.map(JSON.string)),
                ])
            }),
            "blockers": .array(view.stages.flatMap(\.blockers).map { JSON.blocker($0) }),
            "schedule": .object([
                "sandboxStart": .local(schedule.sandboxStart), "sandboxEnd": .local(schedule.sandboxEnd),
                "sandboxDaysLeft": schedule.sandboxDaysLeft.map(JSON.int) ?? .null,
                "preprodUpgrade": .moment(schedule.preprodUpgrade, zone: zone), "cutover": .moment(schedule.cutover, zone: zone),
                "noticeDeadline": .local(schedule.noticeDeadline), "ticketDeadline": .local(schedule.ticketDeadline),
                "windows": .array(schedule.windows.map { window in
                    .object(["date": .string(window.date.description), "startUTC": .date(window.start), "endUTC": .date(window.end),
                             "startLocal": .string(window.startLocal.description), "endLocal": .string(window.endLocal.description),
                             "hotfix": .text(window.hotfix?.rawValue)])
                }),
            ]),
            "plan": planJSON,
            "history": .array(history.map { JSON.event($0, automatic: false) }),
        ])
    }
}

extension PortfolioReport {
    /// The same content as the Markdown, as data.
    public func json() -> JSON {
        .object([
            "verdict": .string(verdict),
            "generatedAt": .date(now),
            "customers": .int(rows.count),
            "stages": .array(stageCounts.map { .object(["stage": .string($0.stage), "open": .int($0.count)]) }),
            "finished": .int(rows.filter { $0.view?.upgrade.status == .finished }.count),
            "blocked": .array(blockers.map { JSON.blocker($0.blocker, customer: $0.customer.id) }),
            "overdue": .array(overdue.map { JSON.blocker($0.blocker, customer: $0.customer.id) }),
            "sandboxesExpiring": .array(expiringSandboxes.map {
                .object(["customer": .string($0.customer.id), "sandboxEnd": .string($0.end.description), "daysLeft": .int($0.daysLeft)])
            }),
            "upcomingCutovers": .array(upcomingCutovers.map {
                .object(["customer": .string($0.customer.id), "at": .moment($0.at, zone: $0.customer.schedule.timeZone)])
            }),
            "hotfixes": .array(hotfixes.map { month in
                .object(["region": .string(month.region.rawValue), "month": .string(month.month.description),
                         "preprod": .string(month.preprod.description), "prod": .string(month.prod.description),
                         "preprodNotice": .string(month.preprodNotice.description), "prodNotice": .string(month.prodNotice.description)])
            }),
        ])
    }
}

/// Decodes any JSON into ``JSON``, to embed an `Encodable` value (the plan) in a report.
struct JSONValueDecoding: Decodable {
    var value: JSON

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([JSONValueDecoding].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONValueDecoding].self).mapValues(\.value))
        }
    }
}
