import NewsCore

/// The tables newsd derives from `articles` to keep ingest fast: the filter entries
/// (`FilterEntries`) and the dedup keys (`DedupKeys`). `newsq check` compares them with the
/// articles, and the band rows with the signatures (`RecentBands`); `newsq reindex` builds
/// the first two again.
public enum DerivedTables {
    /// What disagrees with the articles, one line per kind of problem (empty: consistent).
    /// Reads every article: for `check`, not for the hot path.
    public static func problems(_ connection: Connection) throws -> [String] {
        let entries = FilterEntries.select("a.id, a.date_epoch, a.site, a.language", where: [])
        let mark = "(SELECT \(RecentBands.markSQL))"
        let keys = DedupKeys.tables.map { "SELECT key, article_id FROM \($0)" }.joined(separator: " UNION ALL ")
        let counts: [(String, String)] = [
            ("articles without a filter entry", "SELECT count(*) FROM articles WHERE id NOT IN (SELECT id FROM (\(entries)))"),
            ("filter entries without an article", "SELECT count(*) FROM (\(entries)) e WHERE e.id NOT IN (SELECT id FROM articles)"),
            ("articles with a filter entry in both tiers", "SELECT count(*) FROM article_filters JOIN article_filters_recent USING (id)"),
            ("filter entries whose date, site or language differ from their article's", """
                SELECT count(*) FROM (\(entries)) e JOIN articles a ON a.id = e.id
                WHERE e.date_epoch IS NOT a.date_epoch OR e.site IS NOT a.site OR e.language IS NOT a.language
                """),
            ("dedup keys missing", "SELECT count(*) FROM (SELECT * FROM (\(DedupKeys.ofArticles)) EXCEPT SELECT * FROM (\(keys)))"),
            ("dedup keys left over", "SELECT count(*) FROM (SELECT * FROM (\(keys)) EXCEPT SELECT * FROM (\(DedupKeys.ofArticles)))"),
            // Every signature up to the mark has its 16 band rows in a table, and none above it
            // has any (their keys are held in memory): counted, not compared key by key.
            ("band rows missing or left over (near-duplicate lookups)", """
                SELECT abs(\(MinHashSignature.bands) * (SELECT count(*) FROM article_minhash WHERE article_id <= \(mark))
                           - (SELECT count(*) FROM near_bands_all WHERE article_id <= \(mark)))
                """),
            ("band rows of articles above the band mark", "SELECT count(*) FROM near_bands_all WHERE article_id > \(mark)"),
        ]
        return try counts.compactMap { label, sql in
            let n = try connection.scalar(sql)
            return n == 0 ? nil : "\(n) \(label)"
        }
    }

    /// Builds both sets of tables again from `articles`, inside the caller's transaction.
    static func rebuild(_ connection: Connection) throws {
        try connection.execute("""
            DELETE FROM article_filters_recent;
            DELETE FROM article_filters;
            INSERT INTO article_filters (id, date_epoch, site, language) SELECT id, date_epoch, site, language FROM articles ORDER BY id;
            DELETE FROM dedup_keys_recent;
            DELETE FROM dedup_keys;
            INSERT OR IGNORE INTO dedup_keys (key, article_id) \(DedupKeys.ofArticles) ORDER BY 1, 2;
            """)
    }
}
