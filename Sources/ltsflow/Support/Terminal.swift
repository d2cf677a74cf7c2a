import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal or a pipe: colour only on a real terminal, untrusted text cleaned,
/// and a closed pipe (`| head`) ends the program quietly.
enum Terminal {
    nonisolated(unsafe) static var colorDisabledByFlag = false

    /// Colour is on only when stdout is a terminal and nothing asks for it off.
    static var useColor: Bool {
        let environment = GlobalOptions.environment
        if colorDisabledByFlag || environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }

    /// Ignores SIGPIPE so that a closed pipe surfaces as a write error, handled below.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes to stdout; exits 0 quietly when the reader has gone away.
    static func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// ``write(_:)`` of bytes already encoded.
    static func write(bytes: [UInt8]) {
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                exit(0)
            }
            offset += written
        }
    }

    static func print(_ line: String = "") {
        write(line + "\n")
    }

    /// Put before every message on stderr: `line N: ` while a line of a batch runs.
    @TaskLocal static var errorPrefix = ""

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((errorPrefix + message + "\n").utf8))
    }

    /// Removes control characters (and so escape sequences) from text that came from a user.
    static func clean(_ text: String, keepNewlines: Bool = false) -> String {
        // Printable ASCII (nearly every cell of a table) has nothing to replace.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            if keepNewlines && scalar == "\n" { return scalar }
            let category = scalar.properties.generalCategory
            let unsafe = category == .control || (category == .format && scalar.value != 0x200D)
            return unsafe ? " " : scalar
        }))
    }

    /// The columns a terminal gives the text: two for a wide character (CJK, emoji shown as
    /// emoji), one for any other; printable ASCII is its length.
    static func width(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { total, character in
            guard let first = character.unicodeScalars.first else { return total }
            return total + (isWide(first) || character.unicodeScalars.contains(where: \.properties.isEmojiPresentation) ? 2 : 1)
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
    }

    static func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// An aligned table: columns padded to their widest cell, measured in terminal columns.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    /// Optional style per row (applied to the whole line on a terminal).
    var styles: [Terminal.Style?] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    mutating func add(_ cells: [String], style: Terminal.Style? = nil) {
        rows.append(cells.map { Terminal.clean($0) })
        styles.append(style)
    }

    func render() -> String {
        // Widths in terminal columns, each cell's measured once: a list of thousands of rows
        // is rendered in a few milliseconds (Foundation's `padding(toLength:)` took a third of a
        // second for 10,000 rows, counted UTF-16 units and cut the widest cells that had emoji).
        let counts = rows.map { $0.map(Terminal.width) }
        var widths = headers.map(Terminal.width)
        for row in counts {
            for (index, count) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], count)
            }
        }
        func line(_ cells: [String], _ counts: [Int]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { text += "  " }
                text += cell
                if index < cells.count - 1, index < widths.count {
                    text += String(repeating: " ", count: max(0, widths[index] - counts[index]))
                }
            }
            return text
        }
        func line(_ cells: [String]) -> String { line(cells, cells.map(Terminal.width)) }
        var lines = [Terminal.styled(line(headers), .bold)]
        for ((row, count), style) in zip(zip(rows, counts), styles) {
            let text = line(row, count)
            lines.append(style.map { Terminal.styled(text, $0) } ?? text)
        }
        return lines.joined(separator: "\n")
    }
}
