import NewsCore
import NewsIndex

/// The JSON shape of a whole article (`show --json`, `recent --json`).
struct ArticleJSON: NullKeepingEncodable {
    var id: Int64
    var title: String
    var date: String?
    var date_original: String?
    var author: String?
    var url: String?
    var site: String?
    var tags: [String]
    var category: String?
    var slug: String?
    var language: String?
    var format: String
    var revision: Int
    var duplicates: Int
    var path: String?
    var source_name: String?
    var body: String
    /// Whether `body` holds only the text's first `bodyLimit` characters (`recent --json`).
    var body_truncated: Bool

    /// `a` with its body whole, or cut at `bodyLimit` characters.
    init(_ a: StoredArticle, path: String?, bodyLimit: Int? = nil) {
        id = a.id; title = a.title; date = a.date; date_original = a.dateOriginal; author = a.author; url = a.url
        site = a.site; tags = a.tags; category = a.category; slug = a.slug; language = a.language; format = a.format
        revision = a.revision; duplicates = a.duplicateCount; self.path = path; source_name = a.sourceName
        body_truncated = bodyLimit.map { a.body.count > $0 } ?? false
        body = body_truncated ? String(a.body.prefix(bodyLimit ?? 0)) : a.body
    }
}

