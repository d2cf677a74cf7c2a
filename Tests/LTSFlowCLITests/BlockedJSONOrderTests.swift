import Foundation
import Testing

/// `blocked --json` is written a batch of 128 upgrades at a time, by the writing thread or, when
/// it falls behind, by the reading thread, and put back in order: the list must be the one the
/// text table shows (written by one thread, without batches), blocker for blocker, on a
/// portfolio of several batches, and well-formed when empty.
@Suite struct BlockedJSONOrderTests {
    static let filled = "2026-10-20T09:00:00Z"

    /// The table's rows as (customer, stage, kind), and the count its last line gives.
    static func tableRows(_ text: String) throws -> (rows: [[String]], count: Int) {
        let lines = text.split(separator: "\n").map(String.init)
        let last = lines.last ?? ""
        let count = try #require(Int(last.split(separator: " ").first ?? ""), "last line: \(last)")
        try #require(lines.first?.hasPrefix("CUSTOMER") == true)
        let rows = lines.dropFirst().dropLast().map { line in Array(line.split(separator: " ").prefix(3).map(String.init)) }
        return (rows, count)
    }

    static func jsonRows(_ text: String) throws -> [[String]] {
        let items = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        return items.map { item in ["customer", "stage", "kind"].map { item[$0] as? String ?? "?" } }
    }

    @Test(arguments: [filled, "2026-11-27T09:00:00Z"])
    func theJSONListIsTheTablesListInOrder(at moment: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let demo = try cli.run(["demo", "--customers", "400", "--quiet"], now: Self.filled)
        try #require(demo.status == 0, "\(demo.err)")
        let json = try cli.run(["blocked", "--json"], now: moment)
        let text = try cli.run(["blocked"], now: moment)
        try #require(json.status == 0 && text.status == 0, "\(json.err) \(text.err)")
        let table = try Self.tableRows(text.out)
        let items = try Self.jsonRows(json.out)
        // Several batches of 128 upgrades, each written by whichever thread took it.
        #expect(table.count > 400)
        #expect(table.rows.count == table.count)
        #expect(items.count == table.count)
        #expect(items == table.rows)
        #expect(json.out.hasPrefix("[\n  {\n    \"code\" : "))
        #expect(json.out.hasSuffix("\"\n  }\n]\n") || json.out.hasSuffix("null\n  }\n]\n"))
    }

    @Test func anEmptyListIsWrittenAsBefore() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let demo = try cli.run(["demo", "--customers", "400", "--quiet"], now: Self.filled)
        try #require(demo.status == 0, "\(demo.err)")
        // Nobody is named csm "nobody": no upgrade's list is handed over at all.
        let none = try cli.run(["blocked", "--json", "--csm", "nobody"], now: Self.filled)
        #expect(none.status == 0, "\(none.err)")
        #expect(none.out == "[\n\n]\n")
    }
}
