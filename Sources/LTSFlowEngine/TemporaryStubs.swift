import Foundation
// TEMPORARY: replaced by the catalog module when its branch merges.

public struct SearchCluster: Sendable, Hashable, CustomStringConvertible {
    public var product: String, version: String
    public init?(parsing text: String) { let p = text.lowercased().split(separator: " "); guard p.count == 2 else { return nil }; product = String(p[0]); version = String(p[1]) }
    public var description: String { "\(product) \(version)" }
}
public struct LTSCatalog: Sendable { public static func parse(yaml: String, file: String) throws(DefinitionError) -> LTSCatalog { LTSCatalog() }
  public func version(_ q: String) -> LTSVersion? { LTSVersion(id: q) }
  public func searchCoordination(current: SearchCluster, target: LTSVersion) -> (required: Bool, reason: String) { (true, "") }
  public func plan(from: String, to: String, searchCluster: String?, now: Date) throws -> UpgradePlan { UpgradePlan(from: LTSVersion(id: from), to: LTSVersion(id: to), currentSearchCluster: SearchCluster(searchCluster ?? "elasticsearch 7.17")!) }
}
public struct LTSVersion: Sendable { public var id: String }
public struct UpgradePlan: Sendable { public var from: LTSVersion; public var to: LTSVersion; public var currentSearchCluster: SearchCluster }
extension SearchCluster { public init?(_ text: String) { self.init(parsing: text) } }
