import Foundation

/// The Nuxeo LTS versions, their lifecycle and compatibility, and the notes of each upgrade hop.
///
/// A catalog is data (`workflows/nuxeo-lts-catalog.yaml`, docs/domain.md, "LTS versions and
/// lifecycle" to "Per-hop notes") read by ``parse(yaml:file:)``; this type applies the product's
/// rules to it: which hops an upgrade takes, what each involves, whether the search cluster must
/// change, and which targets are refused. It never reads the clock: the planning date is passed in.
public struct LTSCatalog: Sendable, Hashable {
    /// Every version, in upgrade order; consecutive versions form the hops.
    public internal(set) var versions: [LTSVersion]
    /// A target entering maintenance within this many months of the planning date is warned about.
    public internal(set) var maintenanceWarningMonths: Int
    /// Checklist templates opening every hop.
    var beforeEveryHop: [String]
    /// Checklist templates closing every hop.
    var stepsOfEveryHop: [String]
    /// `hopNotes[i]` describes the hop from `versions[i]` to `versions[i + 1]`.
    var hopNotes: [HopNotes]

    /// Names a checklist template may use, each replaced by the hop's values.
    static let placeholders: Set<String> = ["from", "to", "from-platform", "to-platform"]

    /// Reads and validates a catalog.
    ///
    /// Every problem of the file is collected before giving up, each with its line and a stable
    /// code: those of the YAML reader (`yaml-syntax`, `empty-file`, `wrong-type`, `unknown-key`,
    /// `duplicate-key`, …) and `missing-key`, `bad-value`, `bad-date`, `date-order`,
    /// `duplicate-id`, `unknown-version`, `bad-hop`, `missing-hop`.
    ///
    /// - Parameters:
    ///   - yaml: the text of the catalog.
    ///   - file: the name diagnostics should carry, such as `workflows/nuxeo-lts-catalog.yaml`.
    /// - Returns: the whole catalog; never a partly loaded one.
    /// - Throws: ``DefinitionError`` with every diagnostic when any is an error.
    public static func parse(yaml: String, file: String) throws(DefinitionError) -> LTSCatalog {
        // The built-in catalog's text was parsed when the binary was built (a test proves it equal).
        if let compiled = BuiltinDefinitions.compiledCatalog(yaml: yaml) { return compiled }
        return try parseText(yaml: yaml, file: file)
    }

    /// ``parse(yaml:file:)`` without the built-in shortcut: always parses.
    static func parseText(yaml: String, file: String) throws(DefinitionError) -> LTSCatalog {
        var parser = CatalogParser(file: file)
        let catalog = parser.parse(yaml)
        guard let catalog, !parser.reader.hasErrors else {
            throw DefinitionError(parser.reader.diagnostics)
        }
        return catalog
    }

    // MARK: Looking up versions

    /// The version a person's text names, or `nil`.
    ///
    /// Case and surrounding spaces are ignored, and an `LTS` prefix may be followed by a space,
    /// a hyphen or nothing: `2019`, `LTS 2019`, `lts-2019` and `10.10` all name LTS 2019. For
    /// year-numbered lines a release also names its LTS (`2021.40` is LTS 2021).
    public func version(_ query: String) -> LTSVersion? {
        let key = Self.normalise(query)
        guard !key.isEmpty else { return nil }
        return versions.first { $0.matches(normalised: key) }
    }

    /// The versions as `2019 (10.10)`, for messages listing what is valid.
    public var validVersionNames: [String] {
        versions.map { $0.platform.hasPrefix($0.id) ? $0.id : "\($0.id) (\($0.platform))" }
    }

    /// Lower case, trimmed, with any `lts` prefix and the separator after it removed.
    static func normalise(_ text: String) -> String {
        var key = Substring(text.trimmingBlanksAndNewlines().lowercased())
        if key.hasPrefix("lts") {
            key = key.dropFirst(3).drop { $0.isWhitespace || $0 == "-" || $0 == "_" }
        }
        return String(key)
    }

    /// The position of a version in upgrade order.
    func index(of version: LTSVersion) -> Int? {
        versions.firstIndex { $0.id == version.id }
    }

    // MARK: Search cluster

    /// The cluster assumed for a customer on `version` when none was recorded at intake.
    public func defaultSearchCluster(for version: LTSVersion) -> SearchCluster {
        version.defaultSearchCluster
    }

    /// Whether moving to `target` needs the search cluster to change (docs/domain.md, "Search
    /// coordination").
    ///
    /// - Parameters:
    ///   - current: the customer's cluster.
    ///   - target: the LTS the upgrade ends on.
    /// - Returns: `required` exactly when `target` does not support `current`, with a sentence
    ///   naming both.
    public func searchCoordination(current: SearchCluster, target: LTSVersion) -> SearchCoordination {
        guard target.supports(current) else {
            return SearchCoordination(
                required: true,
                reason: "\(current) is not supported by \(target.title)"
                    + " (supported: \(target.supportedClustersText));"
                    + " coordinate the cluster change with the Nuxeo Cloud team")
        }
        var reason = "\(current) is supported by \(target.title), so no search-cluster change is needed"
        let clients = target.clients(supporting: current)
        if !clients.isEmpty {
            reason += " (client package: \(clients.joined(separator: " or ")))"
        }
        return SearchCoordination(required: false, reason: reason)
    }

    // MARK: Checklists

    /// The checklist of the hop from `versions[index]` to the next version: the checks of every
    /// hop, what the source needs before leaving, the hop's own notes, the service changes,
    /// then the generic steps.
    func checklist(hop index: Int) -> [String] {
        let from = versions[index]
        let to = versions[index + 1]
        let notes = hopNotes[index]
        var lines = (beforeEveryHop + from.beforeLeaving).map { Self.expand($0, from: from, to: to) }
        lines.append("Search cluster: " + Self.sentence(notes.searchCluster))
        lines.append("Repository re-index: " + Self.sentence(notes.reindex))
        lines += notes.steps.map { Self.expand($0, from: from, to: to) }
        for (old, new) in zip(from.services.labelled, to.services.labelled) where old.value != new.value {
            lines.append("\(old.label): \(old.value) on \(from.title) → \(new.value) on \(to.title).")
        }
        lines += stepsOfEveryHop.map { Self.expand($0, from: from, to: to) }
        return lines
    }

    /// Replaces `{from}`, `{to}`, `{from-platform}` and `{to-platform}` in a template.
    static func expand(_ template: String, from: LTSVersion, to: LTSVersion) -> String {
        template
            .replacingOccurrences(of: "{from-platform}", with: from.platform)
            .replacingOccurrences(of: "{to-platform}", with: to.platform)
            .replacingOccurrences(of: "{from}", with: from.title)
            .replacingOccurrences(of: "{to}", with: to.title)
    }

    /// Ends a note with a full stop unless it has one.
    private static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? text : text + "."
    }

    /// The placeholder names in a template that are not known, or `nil` when a brace is unclosed.
    static func unknownPlaceholders(in template: String) -> [String]? {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) { unknown.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return unknown
    }
}
