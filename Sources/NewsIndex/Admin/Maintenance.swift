import CSQLite

/// What `newsq check` found in the database itself (files are checked by the caller).
public struct DatabaseCheck: Sendable, Equatable {
    /// `PRAGMA integrity_check` problems; empty when SQLite says "ok".
    public var integrityProblems: [String]
    /// The FTS5 `integrity-check` failure (index vs. the articles table), nil when consistent.
    public var fullTextProblem: String?
    /// Where the filter entries and dedup keys disagree with the articles (empty: they agree).
    public var derivedProblems: [String] = []
    /// True when nothing is wrong.
    public var isHealthy: Bool { integrityProblems.isEmpty && fullTextProblem == nil && derivedProblems.isEmpty }
}

/// A file the database refers to: an article's stored source or a recorded duplicate.
public struct StoredFile: Sendable, Equatable {
    public enum Kind: String, Sendable { case article, duplicate }
    public var kind: Kind
    /// The article id (for duplicates, the article they duplicate).
    public var articleID: Int64
    /// Path as stored (relative to the state folder, or absolute).
    public var path: String
    /// SHA-256 of the file's bytes when it was ingested.
    public var fileHash: String?
}

/// Sizes before and after `optimize`.
public struct OptimizeReport: Sendable, Equatable {
    public var bytesBefore: Int64
    public var bytesAfter: Int64
    public var vacuumed: Bool
}

extension SQLiteIndex {
    /// Runs SQLite's `integrity_check`, FTS5's `integrity-check` (which compares the full-text
    /// index with the articles table) and compares the filter entries and dedup keys with the
    /// articles. Needs a read-write open; writes nothing.
    public func check(maxProblems: Int = 20) throws -> DatabaseCheck {
        let rows = try connection.prepare("PRAGMA integrity_check(\(max(1, maxProblems)))").map { $0.string(0) ?? "" }
        let problems = rows == ["ok"] ? [] : rows
        var fullText: String?
        do {
            try connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        } catch let error as DatabaseError {
            fullText = error.message
        }
        return DatabaseCheck(integrityProblems: problems, fullTextProblem: fullText,
                             derivedProblems: try read { try DerivedTables.problems(connection) })
    }

    /// Every file the database refers to, articles first.
    public func storedFiles() throws -> [StoredFile] {
        try read {
            let articles = try connection.prepare("SELECT id, file_path, file_hash FROM articles WHERE file_path IS NOT NULL ORDER BY id")
                .map { StoredFile(kind: .article, articleID: $0.int(0), path: $0.string(1) ?? "", fileHash: $0.string(2)) }
            let duplicates = try connection.prepare("SELECT article_id, file_path, file_hash FROM duplicates WHERE file_path IS NOT NULL ORDER BY id")
                .map { StoredFile(kind: .duplicate, articleID: $0.int(0), path: $0.string(1) ?? "", fileHash: $0.string(2)) }
            return articles + duplicates
        }
    }

    /// Rebuilds the full-text index, the filter entries and the dedup keys from the articles
    /// table (no file is read again). Returns the number of articles indexed.
    @discardableResult
    public func rebuildFullTextIndex() throws -> Int {
        try connection.writeTransaction {
            try connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            try DerivedTables.rebuild(connection)
            filterStaged.rows = nil
            dedupStaged.rows = nil
            dedupKeys.invalidate()
            return Int(try connection.scalar(FilterEntries.articleCount))
        }
    }

    /// Merges the FTS5 index segments, refreshes the planner's statistics, and runs
    /// `VACUUM` when `vacuum` is true or at least a tenth of the file is free pages.
    public func optimize(vacuum: Bool? = nil) throws -> OptimizeReport {
        let before = try databaseBytes()
        try connection.writeTransaction {
            try connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
            try connection.execute("ANALYZE")
        }
        let free = try connection.scalar("PRAGMA freelist_count"), pages = try connection.scalar("PRAGMA page_count")
        let worthwhile = vacuum ?? (pages > 0 && free * 10 >= pages)
        if worthwhile { try connection.execute("VACUUM") }
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return OptimizeReport(bytesBefore: before, bytesAfter: try databaseBytes(), vacuumed: worthwhile)
    }

    /// Pages in use times the page size.
    func databaseBytes() throws -> Int64 {
        try connection.scalar("PRAGMA page_count") * connection.scalar("PRAGMA page_size")
    }
}
