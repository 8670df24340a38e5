/// Turns a parsed query into an FTS5 MATCH expression in which every user word is a quoted
/// string: no user input is ever read as FTS5 syntax, so no query can inject operators.
///
/// Every string starts with a language header naming the languages to stem in (see
/// `FTSTokenizer`): a word matches its stem in any of them. With `exactForms`, each word and
/// phrase of the positive clauses becomes `("w" OR "\u{E002}w")`: the first string matches
/// every form of the word, the second only the form the user typed (the `newsd` tokenizer
/// indexes it beside the stem). Both match the same articles, but the ranking adds the rarer
/// exact form's weight, so an article with the very words typed ranks above one with only
/// other forms of them.
struct FTSCompiler {
    /// The prefix that asks the `newsd` tokenizer for exact forms (a private-use character).
    static let exactMarker = "\u{E002}"

    /// Put before every string: which languages' stems a word matches.
    let header: String

    /// A compiler whose words match their stems in `languages` (English when empty).
    init(stemmingIn languages: [String]) {
        header = FTSTokenizer.queryHeader(languages: languages)
    }

    /// The MATCH expression for the positive clauses (nil when there are none).
    func positive(_ query: ParsedQuery, exactForms: Bool = false) -> String? {
        guard !query.clauses.isEmpty else { return nil }
        let positive = query.clauses.map { compile($0, exactForms: exactForms) }.joined(separator: " AND ")
        guard !query.excluded.isEmpty else { return positive }
        return "(\(positive)) NOT \(negative(query)!)"
    }

    /// One expression matching any excluded clause (nil when there are none).
    func negative(_ query: ParsedQuery) -> String? {
        guard !query.excluded.isEmpty else { return nil }
        return "(" + query.excluded.map { compile($0) }.joined(separator: " OR ") + ")"
    }

    func compile(_ node: QueryNode, exactForms: Bool = false) -> String {
        switch node {
        case .term(let word, let prefix):
            if prefix { return quote(word) + "*" }
            return exactForms ? "(\(quote(word)) OR \(quote(word, exact: true)))" : quote(word)
        case .phrase(let words):
            let text = words.joined(separator: " ")
            return exactForms ? "(\(quote(text)) OR \(quote(text, exact: true)))" : quote(text)
        case .or(let nodes):
            return "(" + nodes.map { compile($0, exactForms: exactForms) }.joined(separator: " OR ") + ")"
        case .and(let nodes):
            return "(" + nodes.map { compile($0, exactForms: exactForms) }.joined(separator: " AND ") + ")"
        case .near(let words, let distance):
            return "NEAR(" + words.map { $0.hasSuffix("*") ? quote(String($0.dropLast())) + "*" : quote($0) }.joined(separator: " ") + ", \(distance))"
        case .column(let name, let inner):
            return "\(name) : (\(compile(inner, exactForms: exactForms)))"
        }
    }

    /// Which query word each phrase of `positive(query, exactForms:)` stands for, one letter
    /// per FTS5 phrase in expression order: `a` for the first top-level word or quoted phrase,
    /// `b` for the next…, `-` for phrases inside operators, columns, NEAR groups and exclusions.
    /// The ranking function's proximity bonus pairs consecutive letters.
    func phraseMap(_ query: ParsedQuery, exactForms: Bool) -> String {
        var map = ""
        for (index, clause) in query.clauses.enumerated() {
            let letter: Character = index < 26 ? Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(index))) : "-"
            switch clause {
            case .term, .phrase: map += String(repeating: letter, count: Self.phraseCount(clause, exactForms: exactForms))
            default: map += String(repeating: "-", count: Self.phraseCount(clause, exactForms: exactForms))
            }
        }
        for clause in query.excluded { map += String(repeating: "-", count: Self.phraseCount(clause, exactForms: false)) }
        return map
    }

    /// How many FTS5 phrases `compile(node, exactForms:)` writes.
    static func phraseCount(_ node: QueryNode, exactForms: Bool) -> Int {
        switch node {
        case .term(_, let prefix): return exactForms && !prefix ? 2 : 1
        case .phrase: return exactForms ? 2 : 1
        case .or(let nodes), .and(let nodes): return nodes.map { phraseCount($0, exactForms: exactForms) }.reduce(0, +)
        case .near(let words, _): return words.count
        case .column(_, let inner): return phraseCount(inner, exactForms: exactForms)
        }
    }

    /// An FTS5 string literal (double quotes doubled inside double quotes) behind the header.
    func quote(_ text: String, exact: Bool = false) -> String {
        "\"" + header + (exact ? Self.exactMarker : "") + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
