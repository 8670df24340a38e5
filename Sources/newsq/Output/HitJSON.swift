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
    /// bm25 score: lower (more negative) is a better match.
    var score: Double
    /// Absolute path of the stored source file.
    var path: String?

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
    }
}

/// A page of results as one JSON document.
struct ResultsJSON: Encodable {
    var query: String
    var total: Int
    var offset: Int
    var results: [HitJSON]
}
