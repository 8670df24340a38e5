import NewsIndex

/// The stable JSON shape of one search result (`--json`, `--format json|jsonl`).
struct HitJSON: NullKeepingEncodable {
    var id: Int64
    var title: String
    var date: String?
    var author: String?
    var url: String?
    var site: String?
    var tags: [String]
    var language: String?
    /// Snippet text, matches unmarked.
    var snippet: String
    /// The same snippet with matches wrapped in `«` … `»`.
    var snippet_marked: String
    /// BM25F score: lower (more negative) is a better match.
    var score: Double
    /// Absolute path of the stored source file.
    var path: String?
    /// Files recorded as exact or near duplicates or older versions of this article (`newsq dups` lists them).
    var duplicates: Int
    /// True when the best match is a near duplicate of article `id`: title, snippet and path
    /// are the copy's (`newsq show id` prints the article).
    var near_copy: Bool

    init(_ hit: SearchHit, path: String?) {
        id = hit.id
        title = hit.title
        date = hit.date
        author = hit.author
        url = hit.url
        site = hit.site
        tags = hit.tags
        language = hit.language
        snippet = Style.plain(hit.snippet)
        snippet_marked = hit.snippet.replacingOccurrences(of: Highlight.start, with: "«").replacingOccurrences(of: Highlight.end, with: "»")
        score = (hit.score * 1000).rounded() / 1000
        self.path = path
        duplicates = hit.duplicates
        near_copy = hit.nearCopy
    }
}

/// A page of results as one JSON document.
struct ResultsJSON: Encodable {
    var query: String
    var total: Int
    var offset: Int
    var results: [ExplainedHitJSON]
}

/// A result as JSON, with `explain` added when the search explained its scores
/// (`--explain`); without it, exactly `HitJSON`.
struct ExplainedHitJSON: Encodable {
    struct Explain: Encodable {
        struct Column: Encodable {
            var field: String
            var weight: Double
            var score: Double
            var matched: [String]
            var other_forms: [String]
        }
        var score: Double
        var stems_only_score: Double?
        var fields: [Column]
    }

    var hit: HitJSON
    var explain: Explain?

    init(_ hit: SearchHit, path: String?) {
        self.hit = HitJSON(hit, path: path)
        explain = hit.explanation.map { why in
            Explain(score: why.score, stems_only_score: why.stemsOnlyScore, fields: why.columns.map { column in
                Explain.Column(field: column.name, weight: column.weight, score: column.score,
                               matched: column.matched.filter(\.exactForm).map(\.text), other_forms: column.matched.filter { !$0.exactForm }.map(\.text))
            })
        }
    }

    func encode(to encoder: Encoder) throws {
        try hit.encode(to: encoder)
        guard let explain else { return }
        var container = encoder.container(keyedBy: NamedKey.self)
        try container.encode(explain, forKey: NamedKey(stringValue: "explain"))
    }
}
