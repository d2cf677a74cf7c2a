import Foundation
import LTSFlowEngine

/// Diagrams of a workflow: Mermaid for Markdown, DOT for Graphviz.
///
/// Labels come from definition files, so they are escaped for each syntax.
public enum WorkflowGraph {
    /// A Mermaid `flowchart` of the stages; optional stages dashed, conditional ones marked.
    public static func mermaid(_ definition: WorkflowDefinition) -> String {
        var lines = ["flowchart TD"]
        for stage in definition.stages {
            var label = "\(stage.id)<br/>\(MermaidText.escape(stage.title))"
            if stage.optional { label += "<br/><i>optional</i>" }
            if let condition = stage.condition { label += "<br/><i>if \(condition.rawValue)</i>" }
            lines.append("    \(node(stage.id))[\"\(label)\"]")
        }
        for stage in definition.stages {
            for dependency in stage.dependsOn {
                lines.append("    \(node(dependency)) --> \(node(stage.id))")
            }
        }
        let optional = definition.stages.filter { $0.optional || $0.condition != nil }.map { node($0.id) }
        if !optional.isEmpty {
            lines.append("    classDef optional stroke-dasharray: 5 5")
            lines.append("    class \(optional.joined(separator: ",")) optional")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz DOT digraph of the stages.
    public static func dot(_ definition: WorkflowDefinition) -> String {
        var lines = ["digraph \"\(dotEscape(definition.id))\" {", "  rankdir=TB;", "  node [shape=box, style=rounded];"]
        for stage in definition.stages {
            var label = "\(stage.id)\\n\(dotEscape(stage.title))"
            if stage.optional { label += "\\n(optional)" }
            if let condition = stage.condition { label += "\\n(if \(condition.rawValue))" }
            let style = stage.optional || stage.condition != nil ? ", style=\"rounded,dashed\"" : ""
            lines.append("  \"\(stage.id)\" [label=\"\(label)\"\(style)];")
        }
        for stage in definition.stages {
            for dependency in stage.dependsOn {
                lines.append("  \"\(dependency)\" -> \"\(stage.id)\";")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid node ids may not contain hyphens safely in every renderer.
    static func node(_ id: String) -> String {
        id.replacingOccurrences(of: "-", with: "_")
    }

    static func dotEscape(_ text: String) -> String {
        text.unicodeScalars.filter { $0.properties.generalCategory != .control }
            .map(String.init).joined()
            .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

/// Escaping for text inside a quoted Mermaid label.
public enum MermaidText {
    /// Replaces the characters that end a quoted label or start markup (`"`, `<`, `>`, `&`, `#`,
    /// a backtick, `|`) with Mermaid entities, which it renders as the characters themselves,
    /// and removes control characters. Brackets and parentheses are plain text inside quotes and
    /// stay as typed, so ordinary words read cleanly.
    public static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "#quot;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "&": result += "#amp;"
            case "#": result += "#35;"
            case "`": result += "#96;"
            case "|": result += "#124;"
            default:
                if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                    result += " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
