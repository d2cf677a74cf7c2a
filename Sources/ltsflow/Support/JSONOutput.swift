import Foundation
import LTSFlowEngine
import LTSFlowStore

/// JSON on stdout: sorted keys, pretty-printed, times as RFC 3339 UTC.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(date))
        }
        let data = try encoder.encode(value)
        Terminal.print(String(decoding: data, as: UTF8.self))
    }
}

struct CustomerJSON: Encodable {
    var id: String
    var name: String
    var region: String
    var timeZone: String
    var window: String?
    var contacts: [String]
    var sandbox: String
    var createdAt: Date

    init(_ customer: Customer) {
        id = customer.id
        name = customer.name
        region = customer.region
        timeZone = customer.timeZone
        window = customer.window
        contacts = customer.contacts
        sandbox = customer.sandbox.rawValue
        createdAt = customer.createdAt
    }

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case id, name, region, timeZone, window, contacts, sandbox, createdAt }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(region, forKey: .region)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(window, forKey: .window)
        try container.encode(contacts, forKey: .contacts)
        try container.encode(sandbox, forKey: .sandbox)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

struct BlockerJSON: Encodable {
    var code: String
    var kind: String
    var reason: String
    var owner: String
    var ticket: String?
    var since: Date?

    init(_ blocker: Blocker) {
        code = blocker.code
        kind = blocker.kind.rawValue
        reason = blocker.message
        owner = blocker.owner.rawValue
        ticket = blocker.ticket
        since = blocker.since
    }

    func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case code, kind, reason, owner, ticket, since }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(code, forKey: .code)
        try container.encode(kind, forKey: .kind)
        try container.encode(reason, forKey: .reason)
        try container.encode(owner, forKey: .owner)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(since, forKey: .since)
    }
}
