#if WebBoard
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LTSFlowCore
import LTSFlowEngine
import LTSFlowServer
import LTSFlowSQLite

/// A real SQLite file with the demo portfolio and a customer whose name and block reason are
/// hostile markup, made once for the suite; each test serves it through the router.
enum BoardFixture {
    static let now = Date(timeIntervalSince1970: 1_796_115_600)  // 2026-12-01T09:00:00Z
    static let hostile = "<script>alert(1)</script> & \"Evil\" 'Corp' <img src=x onerror=alert(2)>"
    static let ticket = "SUPNXP-666"
    /// The hostile customer's CSM: markup too.
    static let hostileCSM = "<i>Mallory</i> & \"M\" <b>"
    /// The checklist line ticked on the hostile customer's upgrade (2021 → 2023).
    static let tickedItem = "2021-2023/java-17"

    static let database: Task<String, any Error> = Task {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ltsflow-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("board.sqlite").path
        let tracker = Tracker(store: try SQLiteStore(changingPath: path), builtinDefinitionsAt: now, actor: "tester")
        _ = try await tracker.fillDemo(customers: 25, seed: 1)
        try await tracker.addCustomer(id: "evil", CustomerInput(name: hostile, region: "us", sandbox: .purchased, csm: hostileCSM, lts: "2021"))
        _ = try await tracker.startUpgrade(customer: "evil", from: nil, to: "2023", searchCluster: nil)
        _ = try await tracker.perform(.block(stage: "intake", reason: hostile, owner: .customer, ticket: ticket), customer: "evil")
        // A cutover a week ahead in New York (EST): on the agenda with its notice and ticket.
        _ = try await tracker.perform(.set([FactAssignment(key: "cutover.at", value: "2026-12-08T00:30")]), customer: "evil")
        try await tracker.tick(customer: "evil", item: tickedItem, ticked: true)
        return path
    }

    /// Runs `body` against the router of a server on the fixture (read-only, as `serve` opens it).
    static func withClient<T: Sendable>(token: String? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let path = try await database.value
        let tracker = Tracker(store: try SQLiteStore(readingPath: path), builtinDefinitionsAt: now, actor: "tester")
        let server = BoardServer(trackers: TrackerSource(tracker, clock: { now }), token: token, maximumAge: 0)
        let app = Application(router: server.router(log: { _ in }))
        return try await app.test(.router) { client in try await body(client) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
}
#endif
