/// One line of a batch file split into words as a POSIX shell splits a simple command: blanks
/// separate words; 'single quotes' keep everything literally; "double quotes" keep everything
/// but `\"`, `\\`, `\$` and `` \` ``, which a backslash escapes; outside quotes a backslash keeps
/// the next character; a `#` that starts a word starts a comment to the end of the line.
/// No variables, globs, pipes or redirections: every other character is itself.
enum CommandLineWords {
    /// Why a line cannot be split.
    enum Problem: Error, Equatable, CustomStringConvertible {
        case unclosedQuote(Character)
        case trailingBackslash

        var description: String {
            switch self {
            case .unclosedQuote(let quote):
                "the \(quote == "'" ? "single" : "double") quote opened on this line is not closed (a command is one line)"
            case .trailingBackslash:
                "the line ends with a backslash: a command is one line (escape a backslash as \\\\)"
            }
        }
    }

    /// The words of `line`: empty for a blank line or a comment.
    static func split(_ line: String) throws(Problem) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                word += try quoted(&characters, until: "'", escapes: [])
            case "\"":
                inWord = true
                word += try quoted(&characters, until: "\"", escapes: ["\"", "\\", "$", "`"])
            case "\\":
                guard let next = characters.next() else { throw .trailingBackslash }
                inWord = true
                word.append(next)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// The text up to the closing `quote`, with the characters in `escapes` taken literally
    /// after a backslash (any other backslash is kept, as in a shell's double quotes).
    private static func quoted(_ characters: inout String.Iterator, until quote: Character,
                               escapes: Set<Character>) throws(Problem) -> String {
        var text = ""
        while let character = characters.next() {
            if character == quote { return text }
            if character == "\\", !escapes.isEmpty {
                guard let next = characters.next() else { break }
                if !escapes.contains(next) { text.append("\\") }
                text.append(next)
            } else {
                text.append(character)
            }
        }
        throw .unclosedQuote(quote)
    }
}
