import Foundation
import LTSFlowEngine
import LTSFlowReports

/// JSON on stdout: sorted keys, pretty-printed, times as RFC 3339 UTC. The shapes are the
/// Reports module's (`JSON+Shapes.swift`), so that a web API writes the same.
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
}
