import Foundation

/// Why a result ranks where it does (`newsq search --explain`).
///
/// BM25F (like FTS5's bm25) is not a sum over columns: each column's part is the score the
/// article would get if only that column counted (the others weighted 0, no proximity bonus).
/// Scores are negative; lower ranks higher. The exact-form part is how much the word forms
/// typed add over their stems alone.
public struct SearchExplanation: Sendable, Equatable {
    /// One FTS column's part.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var weight: Double
        public var score: Double
        /// Distinct words of this column that matched the query, in text order.
        public var matched: [MatchedWord]
    }

    /// A word of the article that matched, and whether it is the form typed or another form.
    public struct MatchedWord: Sendable, Equatable {
        public var text: String
        public var exactForm: Bool
    }

    /// The ranking score (what orders the results).
    public var score: Double
    /// The score the words' stems alone give (no exact-form bonus); nil when not ranked by forms.
    public var stemsOnlyScore: Double?
    /// Columns that matched, in index order.
    public var columns: [Column]
}

extension SQLiteIndex {
    static let ftsColumns = ["title", "tags", "author", "body"]

    /// Explains the hits `ids` (FTS rowids) of `match` (the stems query) ranked by `ranked`
    /// (with exact forms), each with the phrase map of its expression (`FTSCompiler.phraseMap`).
    /// One statement per range of ids: the ranking function counts each word's matches once
    /// per statement, so a statement per hit cost a page of 1,000 hits 1,000 such counts.
    func explain(ids: [Int64], match: (query: String, map: String), ranked: (query: String, map: String), weights w: RankWeights,
                 queryWords: Set<String>) throws -> [Int64: SearchExplanation] {
        let all = [w.title, w.tags, w.author, w.body]
        func score(only column: Int?, map: String) -> String {
            let columns = column.map { c in all.indices.map { $0 == c ? all[$0] : 0 } }
            return "\(Self.rankFunction)(articles_fts, \(w.rankArguments(phraseMap: map, columns: columns)))"
        }
        let parts = (0..<all.count).map { score(only: $0, map: ranked.map) }.joined(separator: ", ")
        // The matched words of each column, marked (not the column's whole text, as highlight()
        // gives: quadratic in the matches, see CSQLite/snippet.h).
        let highlights = (0..<all.count).map { "newsd_matches(articles_fts, \($0), ?, ?)" }.joined(separator: ", ")
        let markers = Array(repeating: [Statement.Value.text(Highlight.start), .text(Highlight.end)], count: all.count).flatMap { $0 }
        var explanations: [Int64: SearchExplanation] = [:]
        for group in Self.rowidGroups(ids) {
            let sql = "SELECT rowid, \(score(only: nil, map: ranked.map)), \(parts), \(highlights) FROM articles_fts WHERE articles_fts MATCH ? AND \(group)"
            for (id, explanation) in try connection.prepare(sql).map(markers + [.text(ranked.query)], { row -> (Int64, SearchExplanation) in
                let columns = (0..<all.count).compactMap { c -> SearchExplanation.Column? in
                    let words = Self.markedWords(in: row.string(Int32(2 + all.count + c)) ?? "", queryWords: queryWords)
                    guard !words.isEmpty else { return nil }
                    return SearchExplanation.Column(name: Self.ftsColumns[c], weight: all[c], score: row.double(Int32(2 + c)), matched: words)
                }
                return (row.int(0), SearchExplanation(score: row.double(1), stemsOnlyScore: nil, columns: columns))
            }) { explanations[id] = explanation }
            if ranked.query != match.query {
                let stems = try connection.prepare("SELECT rowid, \(score(only: nil, map: match.map)) FROM articles_fts WHERE articles_fts MATCH ? AND \(group)")
                    .map([.text(match.query)]) { ($0.int(0), $0.double(1)) }
                for (id, score) in stems { explanations[id]?.stemsOnlyScore = score }
            }
        }
        return explanations
    }

    /// The distinct highlighted words of a column's marked matches, each marked exact when it
    /// is one of the words typed (case and accents aside).
    static func markedWords(in text: String, queryWords: Set<String>) -> [SearchExplanation.MatchedWord] {
        var words: [SearchExplanation.MatchedWord] = [], seen = Set<String>()
        var rest = text[...]
        while let open = rest.range(of: Highlight.start), let close = rest.range(of: Highlight.end, range: open.upperBound..<rest.endIndex) {
            for word in rest[open.upperBound..<close.lowerBound].split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                let folded = fold(String(word))
                if seen.insert(folded).inserted { words.append(.init(text: String(word), exactForm: queryWords.contains(folded))) }
            }
            rest = rest[close.upperBound...]
        }
        return words
    }

    /// Lower case, no diacritics: how the index compares words.
    static func fold(_ word: String) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

extension ParsedQuery {
    /// Every word typed in the positive clauses.
    var words: [String] {
        func collect(_ node: QueryNode) -> [String] {
            switch node {
            case .term(let word, _): return [word]
            case .phrase(let words): return words
            case .near(let words, _): return words.map { $0.hasSuffix("*") ? String($0.dropLast()) : $0 }
            case .or(let nodes), .and(let nodes): return nodes.flatMap(collect)
            case .column(_, let inner): return collect(inner)
            }
        }
        return clauses.flatMap(collect)
    }
}
