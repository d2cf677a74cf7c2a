import Foundation
import LTSFlowEngine

/// A JSON value built explicitly, so every key is always present (`null` rather than missing)
/// and scripts can rely on the shape.
public enum JSON: Encodable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([String: JSON])

    public static func date(_ date: Date?) -> JSON { date.map { .string(rfc3339($0)) } ?? .null }
    public static func text(_ text: String?) -> JSON { text.map { .string($0) } ?? .null }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }

    /// Pretty-printed with sorted keys: the same value always gives the same text.
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `2027-03-01T09:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        UTCText.rfc3339(date)
    }
}
