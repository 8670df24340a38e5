/// The values searches filter by (date, site, language) of every article (schema 12), in two
/// tiers like the dedup keys (`DedupKeys`): a new article's entry waits in the small
/// `article_filters_recent`, whose indexes stay in the page cache, and the staged entries move
/// into `article_filters` together once `limit` are waiting, so each of its large indexes takes
/// them in one pass instead of a random insert per article. As indexes on `articles` the three
/// filter indexes cost about 15% of ingest at 200k articles (docs/performance.md).
///
/// Every article has exactly one entry, in one of the tiers; both tiers carry the same three
/// indexes, so a filter reads each through a covering index, never an article row.
enum FilterEntries {
    /// Entries staged before they move to `article_filters`.
    static let limit = 16_384

    /// The tiers: the large one first.
    static let tables = ["article_filters", "article_filters_recent"]

    /// Stages the entry of article `id`, and moves the staged entries to `article_filters` when
    /// they reach `limit` (inside the caller's transaction). A replaced article's entry must be
    /// removed first.
    static func stage(id: Int64, dateEpoch: Int64?, site: String?, language: String?,
                      in connection: Connection, counter: StagedRowCount) throws {
        try connection.cached("INSERT INTO article_filters_recent (id, date_epoch, site, language) VALUES (?, ?, ?, ?)")
            .run([.integer(id), dateEpoch.map { .integer($0) } ?? .null, site.map { .text($0) } ?? .null,
                  language.map { .text($0) } ?? .null])
        try counter.staged(1, in: "article_filters_recent", limit: limit, connection: connection, merge: merge)
    }

    /// Removes the entry of article `id` from whichever tier holds it.
    static func remove(id: Int64, in connection: Connection) throws {
        for table in tables {
            try connection.cached("DELETE FROM \(table) WHERE id = ?").run([.integer(id)])
        }
    }

    /// Moves every staged entry into `article_filters`.
    static func merge(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR REPLACE INTO article_filters (id, date_epoch, site, language)
                SELECT id, date_epoch, site, language FROM article_filters_recent ORDER BY id;
            DELETE FROM article_filters_recent;
            """)
    }

    /// A query for `columns` (over the alias `a`: `a.id`, `a.date_epoch`, `a.site`,
    /// `a.language`) of the entries that pass `clauses` (terms over the same alias; none: every
    /// entry): one arm per tier, so the clauses' values are bound once per tier (`values(for:)`).
    static func select(_ columns: String, where clauses: [String]) -> String {
        let condition = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return tables.map { "SELECT \(columns) FROM \($0) a" + condition }.joined(separator: " UNION ALL ")
    }

    /// The values to bind to `select(_:where:)`, given the values of its clauses.
    static func values(for clauseValues: [Statement.Value]) -> [Statement.Value] {
        Array(Array(repeating: clauseValues, count: tables.count).joined())
    }

    /// A query for the number of articles (one entry each), from the tiers' small rows: a
    /// count over `articles` reads every article's pages.
    static let articleCount = "SELECT " + tables.map { "(SELECT count(*) FROM \($0))" }.joined(separator: " + ")

    /// A query for the count of entries per value of `column` (`site` or `language`), over both
    /// tiers, as rows (v, n): read from the covering indexes.
    static func counts(by column: String) -> String {
        "SELECT v, sum(n) AS n FROM (" + tables.map { "SELECT \(column) AS v, count(*) AS n FROM \($0) GROUP BY v" }
            .joined(separator: " UNION ALL ") + ") GROUP BY v"
    }
}
