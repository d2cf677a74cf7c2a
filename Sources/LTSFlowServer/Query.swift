import Hummingbird
import LTSFlowCore
import LTSFlowEngine

/// The query of a request, checked: a parameter the route does not know, or a value it cannot
/// use, is a 400 naming it rather than a filter silently ignored.
struct Query: Sendable {
    private var values: [String: String] = [:]

    init(_ request: Request, allowed: Set<String>) throws(RequestError) {
        for (key, value) in request.uri.queryParameters {
            let key = String(key)
            guard allowed.contains(key) else {
                let known = allowed.isEmpty ? "it takes none" : "it takes " + allowed.sorted().joined(separator: ", ")
                throw .badQuery("unknown query parameter '\(key)' for \(request.uri.path); \(known)")
            }
            guard !value.isEmpty else { throw .badQuery("query parameter '\(key)' needs a value") }
            values[key] = String(value)
        }
    }

    /// The parameters and their values as given, in one text that tells any two queries apart
    /// (each part prefixed by its length): the key of a kept page.
    var key: String {
        values.sorted { $0.key < $1.key }.map { "\($0.key.utf8.count):\($0.key)\($0.value.utf8.count):\($0.value)" }.joined()
    }

    func string(_ key: String) -> String? {
        values[key]
    }

    func owner() throws(RequestError) -> Owner? {
        guard let text = string("owner") else { return nil }
        guard let owner = Owner(rawValue: text) else {
            throw .badQuery("owner '\(text)' is not one of " + Owner.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return owner
    }

    func region() throws(RequestError) -> Region? {
        guard let text = string("region") else { return nil }
        guard let region = Region(rawValue: text) else {
            throw .badQuery("region '\(text)' is not one of " + Region.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return region
    }

    /// The CSM to keep (`--csm NAME`): any text, compared as ``Customer/isAssigned(to:)`` does.
    func csm() -> String? {
        string("csm")
    }

    /// How many days ahead an agenda looks (`agenda --days N`): 0 to 366, 14 when not given.
    func days() throws(RequestError) -> Int {
        guard let text = string("days") else { return AgendaItem.defaultDays }
        guard let days = Int(text), AgendaItem.dayRange.contains(days) else {
            throw .badQuery("days '\(text)' is not a number of days from \(AgendaItem.dayRange.lowerBound) to \(AgendaItem.dayRange.upperBound), e.g. days=\(AgendaItem.defaultDays)")
        }
        return days
    }

    /// A page number from 1.
    func page() throws(RequestError) -> Int {
        guard let text = string("page") else { return 1 }
        guard let page = Int(text), page >= 1, page <= 1_000_000 else { throw .badQuery("page '\(text)' is not a page number (1, 2, …)") }
        return page
    }
}
