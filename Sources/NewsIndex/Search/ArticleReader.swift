/// A stored article with everything `newsq show` prints.
public struct StoredArticle: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var body: String
    public var author: String?
    public var date: String?
    public var dateOriginal: String?
    public var url: String?
    public var site: String?
    public var tags: [String]
    public var category: String?
    public var slug: String?
    public var language: String?
    public var format: String
    public var path: String?
    public var sourceName: String?
    public var revision: Int
    public var ingestedAt: Int64
    public var updatedAt: Int64
    /// Files recorded as duplicates of this article.
    public var duplicateCount: Int
}

/// Counts over the whole index.
public struct IndexStats: Sendable, Equatable {
    public var articles: Int
    public var duplicates: Int
    public var exactDuplicates: Int
    public var nearDuplicates: Int
    /// Older versions taken after a newer one (see `DuplicateRecord.Kind.older`).
    public var olderVersions: Int
    public var failed: Int
    public var updates: Int
    public var lastIngest: String?
    public var databaseBytes: Int64
}

extension SQLiteIndex {
    static let articleColumns = """
        id, title, body, author, date, date_original, url, site, tags, category, slug, language, format,
        file_path, source_name, revision, ingested_at, updated_at, \(duplicateCount("articles.id"))
        """

    /// Files recorded as duplicates (exact, near or older versions) of the article `id` names, as an SQL term.
    static func duplicateCount(_ id: String) -> String {
        "(SELECT count(*) FROM duplicates d WHERE d.article_id = \(id))"
    }

    /// The article with this id.
    public func article(id: Int64) throws -> StoredArticle {
        guard let article = try connection.cached("SELECT \(Self.articleColumns) FROM articles WHERE id = ?")
            .first([.integer(id)], Self.storedArticle) else { throw IndexError.notFound(id: id) }
        return article
    }

    /// The most recently ingested articles, newest first, optionally since an epoch time.
    public func recent(limit: Int, since: Int64? = nil) throws -> [StoredArticle] {
        try connection.cached("SELECT \(Self.articleColumns) FROM articles WHERE ingested_at >= ? ORDER BY ingested_at DESC, id DESC LIMIT ?")
            .map([.integer(since ?? 0), .integer(Int64(limit))], Self.storedArticle)
    }

    /// Counts of articles, duplicates and failures, and the database size.
    public func stats() throws -> IndexStats {
        try read {
            let pages = try connection.scalar("PRAGMA page_count"), pageSize = try connection.scalar("PRAGMA page_size")
            return IndexStats(
                articles: Int(try connection.scalar(FilterEntries.articleCount)),
                duplicates: Int(try connection.scalar("SELECT count(*) FROM duplicates")),
                exactDuplicates: Int(try connection.scalar("SELECT count(*) FROM duplicates WHERE kind = 'exact'")),
                nearDuplicates: Int(try connection.scalar("SELECT count(*) FROM duplicates WHERE kind = 'near'")),
                olderVersions: Int(try connection.scalar("SELECT count(*) FROM duplicates WHERE kind = 'older'")),
                failed: Int(try connection.scalar("SELECT count(*) FROM failures")),
                updates: Int(try connection.scalar("SELECT count(*) FROM revisions")),
                lastIngest: try meta("last_ingest"),
                databaseBytes: pages * pageSize)
        }
    }

    static func storedArticle(_ row: Row) -> StoredArticle {
        StoredArticle(
            id: row.int(0), title: row.string(1) ?? "", body: row.string(2) ?? "", author: row.string(3),
            date: row.string(4), dateOriginal: row.string(5), url: row.string(6), site: row.string(7),
            tags: (row.string(8) ?? "").split(separator: "\n").map(String.init), category: row.string(9),
            slug: row.string(10), language: row.string(11), format: row.string(12) ?? "", path: row.string(13),
            sourceName: row.string(14), revision: Int(row.int(15)), ingestedAt: row.int(16), updatedAt: row.int(17),
            duplicateCount: Int(row.int(18)))
    }
}
