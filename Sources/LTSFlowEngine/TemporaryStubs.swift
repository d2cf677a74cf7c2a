import Foundation
// TEMPORARY: replaced by the scheduling and catalog modules when their branches merge.

public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }
    public init?(parsing text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), d >= 1 else { return nil }
        var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(identifier: "UTC")!
        guard let date = c.date(from: DateComponents(year: y, month: m, day: d)), c.component(.day, from: date) == d else { return nil }
        self.init(year: y, month: m, day: d)
    }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public static func < (a: LocalDate, b: LocalDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    var utc: Date { var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(identifier: "UTC")!; return c.date(from: DateComponents(year: year, month: month, day: day))! }
    public func adding(days: Int) -> LocalDate { var c = Calendar(identifier: .gregorian); c.timeZone = TimeZone(identifier: "UTC")!; let d = c.date(byAdding: .day, value: days, to: utc)!; let x = c.dateComponents([.year, .month, .day], from: d); return LocalDate(year: x.year!, month: x.month!, day: x.day!) }
    public func days(until other: LocalDate) -> Int { Int((other.utc.timeIntervalSince(utc) / 86400).rounded()) }
}
public struct LocalTime: Sendable, Hashable, CustomStringConvertible {
    public var hour: Int, minute: Int
    public init(hour: Int, minute: Int) { self.hour = hour; self.minute = minute }
    public init?(parsing text: String) {
        let p = text.split(separator: ":"); guard text.count == 5, p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        self.init(hour: h, minute: m)
    }
    public var description: String { String(format: "%02d:%02d", hour, minute) }
}
enum LocalClock {
    static func resolve(_ date: LocalDate, _ time: LocalTime, offsetSeconds: Int) -> Date { date.utc.addingTimeInterval(Double(time.hour * 3600 + time.minute * 60 - offsetSeconds)) }
    static func resolve(_ date: LocalDate, _ time: LocalTime, in zone: TimeZone) -> Date {
        let naive = date.utc.addingTimeInterval(Double(time.hour * 3600 + time.minute * 60))
        let before = zone.secondsFromGMT(for: naive.addingTimeInterval(-86400))
        let candidate = naive.addingTimeInterval(Double(-before))
        return candidate
    }
    static func local(_ instant: Date, in zone: TimeZone) -> (date: LocalDate, time: LocalTime) {
        var c = Calendar(identifier: .gregorian); c.timeZone = zone
        let x = c.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return (LocalDate(year: x.year!, month: x.month!, day: x.day!), LocalTime(hour: x.hour!, minute: x.minute!))
    }
    static func describe(_ instant: Date, in zone: TimeZone) -> String {
        let l = local(instant, in: zone); let u = local(instant, in: TimeZone(identifier: "UTC")!)
        return "\(l.date) \(l.time) \(zone.abbreviation(for: instant) ?? "") (\(u.date) \(u.time) UTC)"
    }
}
public struct SearchCluster: Sendable, Hashable, CustomStringConvertible {
    public var product: String, version: String
    public init?(parsing text: String) { let p = text.lowercased().split(separator: " "); guard p.count == 2 else { return nil }; product = String(p[0]); version = String(p[1]) }
    public var description: String { "\(product) \(version)" }
}
public enum Region: String, CaseIterable, Sendable, Codable { case eu, us, jp
    public var timeZone: TimeZone { TimeZone(identifier: ["eu": "Europe/Paris", "us": "America/New_York", "jp": "Asia/Tokyo"][rawValue]!)! }
}
public struct WindowSpec: Sendable, Hashable, CustomStringConvertible {
    public var start: LocalTime, end: LocalTime
    public init(parsing text: String) throws { let p = text.split(separator: "-"); guard p.count == 2, let a = LocalTime(parsing: String(p[0])), let b = LocalTime(parsing: String(p[1])), a != b else { throw EngineError.missingReason(verb: "window") }; start = a; end = b }
    public var description: String { "\(start)-\(end)" }
}
public struct LTSCatalog: Sendable { public static func parse(yaml: String, file: String) throws(DefinitionError) -> LTSCatalog { LTSCatalog() }
  public func version(_ q: String) -> LTSVersion? { LTSVersion(id: q) }
  public func searchCoordination(current: SearchCluster, target: LTSVersion) -> (required: Bool, reason: String) { (true, "") }
  public func plan(from: String, to: String, searchCluster: String?, now: Date) throws -> UpgradePlan { UpgradePlan(from: LTSVersion(id: from), to: LTSVersion(id: to), currentSearchCluster: SearchCluster(searchCluster ?? "elasticsearch 7.17")!) }
}
public struct LTSVersion: Sendable { public var id: String }
public struct UpgradePlan: Sendable { public var from: LTSVersion; public var to: LTSVersion; public var currentSearchCluster: SearchCluster }
extension SearchCluster { public init?(_ text: String) { self.init(parsing: text) } }
