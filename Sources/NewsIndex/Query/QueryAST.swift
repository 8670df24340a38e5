/// A parsed user query: a conjunction of clauses, some negated.
public struct ParsedQuery: Equatable, Sendable {
    /// Clauses that must all match.
    public var clauses: [QueryNode] = []
    /// Clauses that must not match.
    public var excluded: [QueryNode] = []
    /// `site:` filters (any of them).
    public var sites: [String] = []
    /// `lang:` filters (any of them).
    public var languages: [String] = []
    /// `date:` range in epoch seconds (inclusive lower, exclusive upper).
    public var since: Int64?
    public var until: Int64?

    /// True when the query has no full-text part (only filters, or only exclusions).
    public var hasTextClauses: Bool { !clauses.isEmpty }
}

/// A full-text node of a query.
public indirect enum QueryNode: Equatable, Sendable {
    /// One word; `prefix` for `word*`.
    case term(String, prefix: Bool)
    /// An exact phrase of words.
    case phrase([String])
    /// Any of the nodes.
    case or([QueryNode])
    /// All of the nodes (a parenthesised group).
    case and([QueryNode])
    /// `NEAR(a b …, distance)`; a word ending in `*` is a prefix (`NEAR(tsun* aid, 5)`).
    case near([String], distance: Int)
    /// A node restricted to one FTS column (`title:`, `author:`, `tag:`).
    case column(String, QueryNode)
}

extension QueryNode {
    /// The node with its words in lower case: nodes equal this way match the same articles.
    var caseFolded: QueryNode {
        switch self {
        case .term(let word, let prefix): return .term(word.lowercased(), prefix: prefix)
        case .phrase(let words): return .phrase(words.map { $0.lowercased() })
        case .or(let nodes): return .or(nodes.map(\.caseFolded))
        case .and(let nodes): return .and(nodes.map(\.caseFolded))
        case .near(let words, let distance): return .near(words.map { $0.lowercased() }, distance: distance)
        case .column(let name, let node): return .column(name, node.caseFolded)
        }
    }
}

/// A query the user must fix: what is wrong and where.
public struct QuerySyntaxError: Error, CustomStringConvertible, Equatable {
    public let message: String
    /// Character offset in the query where the problem is.
    public let position: Int
    public let query: String

    /// The message, then the query around the problem with a caret under it. The query is
    /// shown at most `shownAround` characters either side of the problem, control and
    /// direction-changing characters replaced, so an echo cannot flood or rewrite a terminal.
    public var description: String {
        let characters = Array(query), at = min(max(0, position), characters.count)
        let start = max(0, at - Self.shownAround), end = min(characters.count, at + Self.shownAround)
        let shown = (start > 0 ? "…" : "") + String(characters[start..<end].map(Self.printable)) + (end < characters.count ? "…" : "")
        let caret = String(repeating: " ", count: at - start + (start > 0 ? 1 : 0)) + "^"
        return "query error: \(message) (at character \(position + 1))\n  \(shown)\n  \(caret)"
    }

    static let shownAround = 60

    /// A character as shown in a message: controls and invisible format characters (bidi
    /// overrides, zero-width joiners) become U+FFFD, one column as they stood.
    static func printable(_ character: Character) -> Character {
        character.unicodeScalars.contains { [.control, .format].contains($0.properties.generalCategory) } ? "\u{FFFD}" : character
    }
}
