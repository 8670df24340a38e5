import NewsCore

/// One article as `newsq export` writes it (a JSON object per line) and `newsq import`
/// reads it back: the parsed article, where its file is, and its history timestamps.
/// Keys derived from the text (content key, MinHash, URL key) are recomputed on import.
public struct ExportedArticle: Codable, Sendable, Equatable {
    public var id: Int64?
    public var title: String
    public var body: String
    public var author: String?
    public var date: String?
    public var date_original: String?
    public var date_epoch: Int64?
    public var url: String?
    public var tags: [String]
    public var category: String?
    public var slug: String?
    public var language: String?
    public var format: String
    public var site_name: String?
    public var summary: String?
    public var path: String?
    public var source_name: String?
    public var file_hash: String?
    public var item_index: Int?
    public var revision: Int?
    public var ingested_at: Int64?
    public var updated_at: Int64?

    /// The article this line describes.
    public var article: Article {
        var when: ArticleDate?
        if let date, let date_epoch { when = ArticleDate(normalized: date, original: date_original ?? date, epochSeconds: date_epoch) }
        return Article(title: title, body: body, date: when, author: author, sourceURL: url, tags: tags, category: category,
                       slug: slug, language: language, format: DocumentFormat(rawValue: format) ?? .plain,
                       siteName: site_name, summary: summary)
    }
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// New articles stored.
    public var imported = 0
    /// Lines whose article (same title and body) was already in the index.
    public var alreadyPresent = 0

    public init() {}
}

extension SQLiteIndex {
    /// Calls `body` for every article in id order (one read snapshot).
    public func exportArticles(_ body: (ExportedArticle) throws -> Void) throws {
        try read {
            try connection.prepare("""
                SELECT id, title, body, author, date, date_original, date_epoch, url, tags, category, slug, language, format,
                    site_name, summary, file_path, source_name, file_hash, item_index, revision, ingested_at, updated_at
                FROM articles ORDER BY id
                """).forEachRow { r in
                func text(_ i: Int32) -> String? { r.isNull(i) ? nil : r.string(i) }
                try body(ExportedArticle(
                    id: r.int(0), title: r.string(1) ?? "", body: r.string(2) ?? "", author: text(3), date: text(4),
                    date_original: text(5), date_epoch: r.isNull(6) ? nil : r.int(6), url: text(7),
                    tags: (r.string(8) ?? "").split(separator: "\n").map(String.init), category: text(9), slug: text(10),
                    language: text(11), format: r.string(12) ?? "plain", site_name: text(13), summary: text(14),
                    path: text(15), source_name: text(16), file_hash: text(17), item_index: Int(r.int(18)),
                    revision: Int(r.int(19)), ingested_at: r.int(20), updated_at: r.int(21)))
            }
        }
    }

    /// Stores exported articles in one transaction, skipping any whose text (content key)
    /// is already in the index, so importing the same export twice adds nothing.
    public func importArticles(_ articles: [ExportedArticle], at time: Int64) throws -> ImportReport {
        try write { writer in
            var report = ImportReport()
            for exported in articles {
                let record = ArticleRecord(article: exported.article, filePath: exported.path ?? "",
                                           sourceName: exported.source_name ?? exported.path ?? "",
                                           fileHash: exported.file_hash ?? "", itemIndex: exported.item_index ?? 0)
                if try writer.articleID(contentKey: record.contentKey) != nil {
                    report.alreadyPresent += 1
                    continue
                }
                let id = try writer.insert(record, at: exported.ingested_at ?? time)
                try connection.cached("UPDATE articles SET revision = ?, updated_at = ?, file_path = ? WHERE id = ?").run([
                    .integer(Int64(exported.revision ?? 1)), .integer(exported.updated_at ?? exported.ingested_at ?? time),
                    exported.path.map { .text($0) } ?? .null, .integer(id),
                ])
                report.imported += 1
            }
            return report
        }
    }
}
