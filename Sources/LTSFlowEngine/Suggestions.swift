import Foundation

/// "Did you mean" suggestions for mistyped ids.
public enum Suggestions {
    /// The candidates closest to `text` by edit distance (or containing it), best first, at most
    /// `limit`, and only those close enough to be a plausible typo.
    public static func closest(to text: String, among candidates: [String], limit: Int = 3) -> [String] {
        let needle = Array(text.lowercased())
        guard !needle.isEmpty, needle.count <= 200 else { return [] }
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            let lowered = candidate.lowercased()
            if lowered.contains(String(needle)) || String(needle).contains(lowered) { return (candidate, 0) }
            let distance = editDistance(needle, Array(lowered))
            let allowed = max(2, min(needle.count, lowered.count) / 3)
            return distance <= allowed ? (candidate, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// `text` as an error message quotes it: at most `limit` characters, then "…", so that a
    /// pasted 10,000-character value still gives a one-line error.
    public static func shown(_ text: String, limit: Int = 60) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
