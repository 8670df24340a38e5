/// The keys that find an article again (schema 11): the first 64 bits of its content key
/// (exact duplicates), its canonical URL and its slug on its site (updates).
///
/// They live in two tiers, like the band rows (`BandStaging`): new keys wait in the small
/// `dedup_keys_recent`, which stays in the page cache, and move in key order into
/// `dedup_keys` once it holds `limit` rows. As indexes on `articles` each key was a random
/// insert into a B-tree larger than the page cache, and a batch dirtied most of its leaves
/// (at 200k articles the three indexes cost 5–10% of ingest; docs/performance.md).
enum DedupKeys {
    /// Keys staged before they move to `dedup_keys`: about 30,000 articles' worth.
    static let limit = 65_536

    /// The key tables, newest first.
    static let tables = ["dedup_keys_recent", "dedup_keys"]

    /// The key of an article's text: its content key's first 16 characters (64 bits of hex);
    /// candidates are confirmed on the full key.
    static func content(_ contentKey: String) -> String { "c" + contentKey.prefix(16) }
    static func url(_ urlKey: String) -> String { "u" + urlKey }
    static func slug(_ slug: String, site: String) -> String { "s" + site + "\n" + slug }

    /// The keys of an article with these column values. `ofArticles` builds the same text in
    /// SQL from the stored columns.
    static func keys(contentKey: String, urlKey: String?, slug: String?, site: String?) -> [String] {
        var keys = [content(contentKey)]
        if let urlKey { keys.append(url(urlKey)) }
        if let slug, let site { keys.append(self.slug(slug, site: site)) }
        return keys
    }

    /// A query for the (key, article_id) rows of every article, from its stored columns, as
    /// `keys(contentKey:urlKey:slug:site:)` makes them (migration 11, check and rebuild).
    static let ofArticles = """
        SELECT 'c' || substr(content_key, 1, 16), id FROM articles
        UNION ALL SELECT 'u' || url_key, id FROM articles WHERE url_key IS NOT NULL
        UNION ALL SELECT 's' || site || char(10) || slug, id FROM articles WHERE slug IS NOT NULL AND site IS NOT NULL
        """

    /// Every stored key, and the content key of every near copy (which `articleID(contentKey:)`
    /// finds too): the source of the writer's filter of keys (`StoredKeyFilter`).
    static let stored = """
        SELECT key FROM dedup_keys UNION ALL SELECT key FROM dedup_keys_recent
        UNION ALL SELECT 'c' || substr(content_key, 1, 16) FROM near_copies
        """

    /// A key as the filter holds it: a 64-bit hash of its bytes (FNV-1a, then mixed so that
    /// every bit depends on every byte, as `KeyFilter` expects).
    static func filterKey(_ key: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Int64(bitPattern: hash)
    }

    /// The articles holding `key`, lowest id first.
    static func articles(holding key: String, in connection: Connection) throws -> [Int64] {
        try connection.cached("""
            SELECT article_id FROM dedup_keys_recent WHERE key = ?1 UNION SELECT article_id FROM dedup_keys WHERE key = ?1 ORDER BY 1
            """).map([.text(key)]) { $0.int(0) }
    }

    /// Stages the keys of article `id`, and moves the staged keys to `dedup_keys` when they
    /// reach `limit` (inside the caller's transaction).
    static func stage(_ keys: [String], id: Int64, in connection: Connection, counter: StagedRowCount) throws {
        let insert = try connection.cached("INSERT OR IGNORE INTO dedup_keys_recent (key, article_id) VALUES (?, ?)")
        for key in keys { try insert.run([.text(key), .integer(id)]) }
        try counter.staged(keys.count, in: "dedup_keys_recent", limit: limit, connection: connection, merge: merge)
    }

    /// Removes the keys of article `id` (before it is replaced) from both tiers.
    static func remove(_ keys: [String], id: Int64, in connection: Connection) throws {
        for table in tables {
            let delete = try connection.cached("DELETE FROM \(table) WHERE key = ? AND article_id = ?")
            for key in keys { try delete.run([.text(key), .integer(id)]) }
        }
    }

    /// Moves every staged key into `dedup_keys`, in key order (the staging table's order).
    static func merge(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR IGNORE INTO dedup_keys (key, article_id) SELECT key, article_id FROM dedup_keys_recent;
            DELETE FROM dedup_keys_recent;
            """)
    }
}
