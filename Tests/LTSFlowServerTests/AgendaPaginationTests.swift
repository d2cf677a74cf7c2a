#if WebBoard
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LTSFlowCore
import LTSFlowServer
import LTSFlowSQLite
import Testing

/// `/agenda` in pages of 200 rows, through the router on a real SQLite demo file of 300
/// customers: the pages together are the whole agenda, in the API's order.
@Suite struct AgendaPaginationTests {
    static let database: Task<String, any Error> = Task {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ltsflow-agenda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("agenda.sqlite").path
        let tracker = Tracker(store: try SQLiteStore(changingPath: path), builtinDefinitionsAt: BoardFixture.now, actor: "tester")
        _ = try await tracker.fillDemo(customers: 300, seed: 3)
        return path
    }

    static func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let tracker = Tracker(store: try SQLiteStore(readingPath: try await database.value), builtinDefinitionsAt: BoardFixture.now, actor: "tester")
        let server = BoardServer(trackers: TrackerSource(tracker, clock: { BoardFixture.now }), maximumAge: 5)
        return try await Application(router: server.router(log: { _ in })).test(.router) { client in try await body(client) }
    }

    /// Each row's customer id and kind, in order: `(ID)</td><td>KIND`.
    static func rows(_ page: String) -> [String] {
        page.components(separatedBy: "<tr><th scope=\"row\">").dropFirst().map { row in
            let customer = row.components(separatedBy: "</a> (")[1].prefix { $0 != ")" }
            let kind = row.components(separatedBy: ")</td><td>")[1].prefix { $0 != "<" && $0 != " " }
            return "\(customer) \(kind)"
        }
    }

    @Test func theAgendaIsShownTwoHundredRowsAPageAndThePagesMakeTheWholeAgenda() async throws {
        try await Self.withClient { client in
            let api = try await client.execute(uri: "/api/v1/agenda?days=90", method: .get) { $0 }
            let items = try #require(try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [[String: Any]])
            let expected = items.map { "\($0["customer"]!) \($0["kind"]!)" }
            try #require(expected.count > 200, "the fixture has more than one page: \(expected.count) items")
            let pages = (expected.count + 199) / 200
            var shown: [String] = []
            for number in 1...pages {
                let page = try await client.execute(uri: "/agenda?days=90&page=\(number)", method: .get) { $0 }
                #expect(page.status == .ok)
                let text = page.text
                #expect(text.contains("\(expected.count) items in the next 90 days"), "the count is the whole agenda's")
                #expect(text.contains("(page \(number) of \(pages))</caption>"))
                #expect(text.contains("<span>Page \(number) of \(pages)</span>"))
                #expect(text.contains("<a href=\"/agenda?days=90&amp;page=\(number + 1)\" rel=\"next\">Next page</a>") == (number < pages))
                #expect(text.contains("<a href=\"/agenda?days=90&amp;page=\(number - 1)\" rel=\"prev\">Previous page</a>") == (number > 1))
                let rows = Self.rows(text)
                #expect(rows.count == (number < pages ? 200 : expected.count - 200 * (pages - 1)))
                shown += rows
            }
            #expect(shown == expected)
            // Past the last page: no rows, the pager still says where it is.
            let beyond = try await client.execute(uri: "/agenda?days=90&page=\(pages + 1)", method: .get) { $0 }
            #expect(beyond.status == .ok)
            #expect(Self.rows(beyond.text).isEmpty)
            #expect(beyond.text.contains("<span>Page \(pages) of \(pages)</span>"))
        }
    }

    @Test func aPageThatIsNotANumberIsRefused() async throws {
        try await Self.withClient { client in
            try await client.execute(uri: "/agenda?page=0", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/agenda?page=two", method: .get) { #expect($0.status == .badRequest) }
        }
    }
}
#endif
