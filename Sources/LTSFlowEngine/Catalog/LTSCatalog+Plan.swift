import Foundation

extension LTSCatalog {
    /// Plans an upgrade: the hop chain with each hop's checklist, whether the search cluster must
    /// change, and warnings about the target's lifecycle.
    ///
    /// Hops are sequential (docs/domain.md, "Hops"): 2019 → 2023 goes through 2021. Search
    /// coordination compares the customer's cluster with the final target only (docs/domain.md,
    /// "Search coordination"). A target past its end of life on the planning date is refused; one
    /// already in maintenance, or entering it within ``maintenanceWarningMonths`` months, is a
    /// warning.
    ///
    /// - Parameters:
    ///   - from: the customer's LTS, in any form ``version(_:)`` accepts.
    ///   - to: the target LTS.
    ///   - searchCluster: the customer's cluster, such as `elasticsearch 7.9`; `nil` assumes the
    ///     source's ``LTSVersion/defaultSearchCluster``.
    ///   - now: the planning instant (injected; the catalog never reads the clock).
    /// - Returns: the plan, with at least one hop.
    /// - Throws: ``CatalogError`` for an unknown version, the same version twice, a target older
    ///   than the source, a target past end of life at `now`, or an unreadable cluster.
    public func plan(from: String, to: String, searchCluster: String?, now: Date) throws(CatalogError) -> UpgradePlan {
        guard let source = version(from) else { throw .unknownVersion(from, valid: validVersionNames) }
        guard let target = version(to) else { throw .unknownVersion(to, valid: validVersionNames) }
        guard let start = index(of: source), let end = index(of: target) else {
            preconditionFailure("a version found by version(_:) is in versions")
        }
        if start == end { throw .sameVersion(source.title) }
        if end < start { throw .backwards(from: source.title, to: target.title) }
        if target.isPastEndOfLife(at: now) {
            let alternatives = versions[(end + 1)...]
                .filter { $0.released.start <= now && !$0.isPastEndOfLife(at: now) }
                .map(\.title)
            throw .pastEndOfLife(
                target.title, endOfLife: target.endOfLife.phrase,
                now: LifecycleDate.day(of: now).description, alternatives: alternatives)
        }

        let cluster: SearchCluster
        if let searchCluster {
            guard let given = SearchCluster(searchCluster) else { throw .badSearchCluster(searchCluster) }
            cluster = given
        } else {
            cluster = defaultSearchCluster(for: source)
        }

        let hops = (start..<end).map { index in
            UpgradePlan.Hop(from: versions[index], to: versions[index + 1], notes: checklist(hop: index))
        }
        var warnings: [String] = []
        if searchCluster != nil, !source.supports(cluster) {
            warnings.append(
                "\(cluster) is not a cluster \(source.title) supports (supported: \(source.supportedClustersText));"
                    + " check the recorded search cluster")
        }
        warnings += lifecycleWarnings(for: target, at: end, now: now)
        return UpgradePlan(
            from: source, to: target, hops: hops,
            searchCoordination: searchCoordination(current: cluster, target: target),
            currentSearchCluster: cluster, searchClusterAssumed: searchCluster == nil,
            warnings: warnings)
    }

    /// Warnings about the target's lifecycle at `now`: not released yet, in maintenance, or
    /// entering maintenance within ``maintenanceWarningMonths`` months.
    private func lifecycleWarnings(for target: LTSVersion, at position: Int, now: Date) -> [String] {
        var warnings: [String] = []
        if now < target.released.start {
            warnings.append("\(target.title) is not released yet (release date: \(target.released))")
        }
        guard let maintenance = target.maintenanceFrom else { return warnings }
        // Newer versions a CSM could aim for instead: released, and not in maintenance yet.
        let newer = versions[(position + 1)...]
            .filter { $0.released.start <= now && ($0.maintenanceFrom.map { now < $0.start } ?? !$0.isPastEndOfLife(at: now)) }
            .map(\.title)
        let advice = newer.isEmpty ? "" : "; a newer LTS is available: \(newer.joined(separator: ", "))"
        let horizon = LifecycleDate.calendar.date(byAdding: .month, value: maintenanceWarningMonths, to: now)!
        if maintenance.start <= now {
            warnings.append(
                "\(target.title) is in maintenance since \(maintenance)"
                    + " (end of life \(target.endOfLife))\(advice)")
        } else if maintenance.start <= horizon {
            warnings.append(
                "\(target.title) enters maintenance \(maintenance.phrase), within \(maintenanceWarningMonths)"
                    + " months (end of life \(target.endOfLife))\(advice)")
        }
        return warnings
    }
}
