/// Splits a user query into tokens: words, quoted phrases, parentheses, `OR`, `NOT`, `-`.
/// A comma is a token only inside `NEAR( )`, before the distance; elsewhere it is punctuation
/// (`Argentina, Venezuela`, `45,000`), as in the titles users copy.
struct QueryLexer {
    enum Kind: Equatable {
        case word(String)
        case phrase(String)
        case field(String)  // `name:` directly followed by a value
        case open, close, or, not, minus, near
        case comma
    }

    struct Token: Equatable {
        var kind: Kind
        var position: Int
    }

    /// Field prefixes the language knows; any other `x:` is part of a word (`http://…`).
    static let fields: Set<String> = ["title", "author", "tag", "tags", "site", "lang", "language", "date"]

    static func tokenize(_ query: String) throws -> [Token] {
        let chars = Array(query)
        var tokens: [Token] = []
        /// Parentheses open inside the current `NEAR(`, 0 outside one.
        var nearDepth = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "(":
                if nearDepth > 0 || tokens.last?.kind == .near { nearDepth += 1 }
                tokens.append(Token(kind: .open, position: i)); i += 1
            case ")":
                nearDepth = max(0, nearDepth - 1)
                tokens.append(Token(kind: .close, position: i)); i += 1
            case "," where nearDepth > 0:
                tokens.append(Token(kind: .comma, position: i)); i += 1
            case "\"", "“", "”", "„":
                i += 1
                var text = ""
                while i < chars.count, !Self.quotes.contains(chars[i]) { text.append(chars[i]); i += 1 }
                guard i < chars.count else {
                    throw QuerySyntaxError(message: "unterminated quote: close the phrase with \"", position: start, query: query)
                }
                i += 1
                tokens.append(Token(kind: .phrase(text), position: start))
            case "-" where i + 1 < chars.count && !chars[i + 1].isWhitespace
                && (tokens.isEmpty || i == 0 || chars[i - 1].isWhitespace || chars[i - 1] == "(" || Self.endsField(tokens, at: i)):
                tokens.append(Token(kind: .minus, position: i)); i += 1
            default:
                var text = ""
                while i < chars.count, !chars[i].isWhitespace, !"()".contains(chars[i]), !Self.quotes.contains(chars[i]),
                      nearDepth == 0 || chars[i] != "," {
                    text.append(chars[i])
                    // A known field name followed by ':' ends the token as a field prefix.
                    if chars[i] == ":", fields.contains(String(text.dropLast()).lowercased()) { break }
                    i += 1
                }
                if text.hasSuffix(":"), fields.contains(String(text.dropLast()).lowercased()) {
                    i += 1
                    tokens.append(Token(kind: .field(String(text.dropLast()).lowercased()), position: start))
                } else if text == "OR" || text == "|" {
                    tokens.append(Token(kind: .or, position: start))
                } else if text == "NOT" {
                    tokens.append(Token(kind: .not, position: start))
                } else if text == "AND" {
                    continue  // AND is the default; accept it as a no-op.
                } else if text == "NEAR", i < chars.count, chars[i] == "(" {
                    tokens.append(Token(kind: .near, position: start))
                } else {
                    tokens.append(Token(kind: .word(text), position: start))
                }
            }
        }
        return tokens
    }

    /// Characters that open or close a phrase (straight, English and German quotes).
    static let quotes: Set<Character> = ["\"", "“", "”", "„"]

    /// True when the character at `i` directly follows a field prefix (`title:-oil`).
    private static func endsField(_ tokens: [Token], at i: Int) -> Bool {
        guard case .field(let name)? = tokens.last?.kind else { return false }
        return tokens.last!.position + name.count + 1 == i
    }
}
