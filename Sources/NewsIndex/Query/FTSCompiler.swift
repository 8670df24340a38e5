/// Turns a parsed query into an FTS5 MATCH expression in which every user word is a quoted
/// string: no user input is ever read as FTS5 syntax, so no query can inject operators.
enum FTSCompiler {
    /// The MATCH expression for the positive clauses (nil when there are none).
    static func positive(_ query: ParsedQuery) -> String? {
        guard !query.clauses.isEmpty else { return nil }
        let positive = query.clauses.map(compile).joined(separator: " AND ")
        guard !query.excluded.isEmpty else { return positive }
        return "(\(positive)) NOT \(negative(query)!)"
    }

    /// One expression matching any excluded clause (nil when there are none).
    static func negative(_ query: ParsedQuery) -> String? {
        guard !query.excluded.isEmpty else { return nil }
        return "(" + query.excluded.map(compile).joined(separator: " OR ") + ")"
    }

    static func compile(_ node: QueryNode) -> String {
        switch node {
        case .term(let word, let prefix):
            return quote(word) + (prefix ? "*" : "")
        case .phrase(let words):
            return quote(words.joined(separator: " "))
        case .or(let nodes):
            return "(" + nodes.map(compile).joined(separator: " OR ") + ")"
        case .and(let nodes):
            return "(" + nodes.map(compile).joined(separator: " AND ") + ")"
        case .near(let words, let distance):
            return "NEAR(" + words.map(quote).joined(separator: " ") + ", \(distance))"
        case .column(let name, let inner):
            return "\(name) : (\(compile(inner)))"
        }
    }

    /// An FTS5 string literal: double quotes doubled inside double quotes.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
