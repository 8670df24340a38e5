import CSQLite

/// How results are ordered.
public enum SearchSort: String, Sendable, CaseIterable {
    case relevance, newest, oldest
}

/// Ranking parameters: BM25F weights per FTS column (higher = matches there count more),
/// its k1 and b, and the weight of the proximity bonus (CSQLite/ranking.h).
public struct RankWeights: Sendable, Equatable {
    public var title: Double
    public var tags: Double
    public var author: Double
    public var body: Double
    /// BM25's term-frequency saturation: how fast repeats of a word stop adding to the score.
    public var k1: Double
    /// BM25's length normalisation: 0 ignores a field's length, 1 divides by it fully.
    public var b: Double
    /// Weight of the bonus for query words found next to each other, in the order typed.
    public var proximity: Double

    public init(title: Double = 10, tags: Double = 4, author: Double = 2, body: Double = 1,
                k1: Double = 0.8, b: Double = 0.75, proximity: Double = 0.3) {
        self.title = title
        self.tags = tags
        self.author = author
        self.body = body
        self.k1 = k1
        self.b = b
        self.proximity = proximity
    }

    public static let `default` = RankWeights()

    /// The arguments of `newsd_bm25f` after the table: the column weights (or `columns`, with
    /// no proximity bonus: a field's part alone), k1, b, proximity, the phrase map of the
    /// expression scored (`FTSCompiler.phraseMap`: letters and `-` only, safe as a literal),
    /// then how many of the best rows need exact scores (0: all). With `pageParameters` the
    /// last two are `?, ?`, to bind with `Self.keep(limit:offset:)` (the others are pruned
    /// cheaply) and a `.tally` (rows scored, counted).
    func rankArguments(phraseMap: String, columns: [Double]? = nil, pageParameters: Bool = false) -> String {
        let weights = columns ?? [title, tags, author, body]
        return (weights.map { "\($0)" } + ["\(k1)", "\(b)", "\(columns == nil ? proximity : 0)", "'\(phraseMap)'", pageParameters ? "?, ?" : "0"])
            .joined(separator: ", ")
    }

    /// The rows a query ordered by the score with `LIMIT limit OFFSET offset` needs exact: the
    /// window's; 0 (all) when the window is unbounded, odd, or past what the ranking function
    /// prunes for (`NEWSD_BM25F_KEEP_MAX`, CSQLite/ranking.h).
    static func keep(limit: Int, offset: Int) -> Int64 {
        let most = Int(NEWSD_BM25F_KEEP_MAX)
        return limit > 0 && offset >= 0 && limit <= most - offset ? Int64(limit + offset) : 0
    }
}

/// A search: the query (user syntax or raw FTS5), filters, order and page.
public struct SearchRequest: Sendable {
    public var query: String
    /// Treat `query` as raw FTS5 syntax (validated by SQLite, errors reported cleanly).
    public var rawFTS: Bool = false
    public var since: Int64?
    public var until: Int64?
    public var sort: SearchSort = .relevance
    public var limit: Int = 10
    public var offset: Int = 0
    public var weights: RankWeights = .default
    /// Extra weight for recent articles (0 = none): see `Searcher` for the formula.
    public var recencyBoost: Double = 0
    /// Rank the exact word forms typed above other forms of the words (stems still match).
    public var exactForms: Bool = true
    /// Words of context in a snippet.
    public var snippetWords: Int = 24
    /// Explain each hit's score (`SearchHit.explanation`): a few more queries per hit.
    public var explain = false

    public init(query: String) { self.query = query }
}

/// One result.
public struct SearchHit: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var date: String?
    public var site: String?
    public var author: String?
    public var url: String?
    public var tags: [String]
    public var language: String?
    /// Snippet text; matched terms are wrapped in `Highlight.start` / `Highlight.end`.
    public var snippet: String
    /// bm25 score (lower is better, as SQLite reports it), or 0 when not ranked by text.
    public var score: Double
    public var path: String?
    /// Files recorded as duplicates (exact, near or older versions) of this article: one result stands for them all.
    public var duplicates: Int = 0
    /// Why it ranks where it does, when the request asked (`SearchRequest.explain`).
    public var explanation: SearchExplanation? = nil
    /// The version that matched best is a near duplicate of article `id` (its title, snippet
    /// and path are the copy's), not the article itself.
    public var nearCopy = false
    /// The FTS row the hit stands for: the article's id, or a near copy's rowid.
    var ftsRowID: Int64?
}

/// Markers around matched terms in snippets (private-use characters, never in articles'
/// own text after printing sanitises them).
public enum Highlight {
    public static let start = "\u{E000}"
    public static let end = "\u{E001}"
}

/// A page of results and the total number of matches.
public struct SearchResults: Sendable {
    public var total: Int
    public var hits: [SearchHit]
}

/// A file newsd could not index, as recorded in the `failures` table.
public struct FailedFile: Sendable, Equatable {
    public var id: Int64
    /// Its name in the inbox (relative to it).
    public var sourceName: String
    /// Where it was moved, relative to the state folder (`failed/…`); nil if never moved.
    public var path: String?
    /// A short machine-readable reason (`not-regular`, `crashed-newsd`, a parser's code…).
    public var reasonCode: String
    /// Why, in words.
    public var reason: String
    /// When it was recorded (Unix seconds).
    public var recordedAt: Int64
}
