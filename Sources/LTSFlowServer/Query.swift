import Hummingbird
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

    /// A page number from 1.
    func page() throws(RequestError) -> Int {
        guard let text = string("page") else { return 1 }
        guard let page = Int(text), page >= 1, page <= 1_000_000 else { throw .badQuery("page '\(text)' is not a page number (1, 2, …)") }
        return page
    }
}
