/// The database schema, versioned with `PRAGMA user_version`. Each migration moves the
/// schema one version up inside the caller's transaction; never edit a shipped migration.
enum Schema {
    /// The schema version this build writes and reads.
    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Migration n (1-based) turns version n-1 into version n.
    static let migrations: [String] = [
        // 1: articles, their FTS5 index, duplicate/failure records, the move journal.
        """
        CREATE TABLE articles (
            id            INTEGER PRIMARY KEY,
            title         TEXT NOT NULL,
            body          TEXT NOT NULL,
            author        TEXT,
            date          TEXT,
            date_original TEXT,
            date_epoch    INTEGER,
            url           TEXT,
            url_key       TEXT,
            site          TEXT,
            tags          TEXT NOT NULL DEFAULT '',
            category      TEXT,
            slug          TEXT,
            language      TEXT,
            format        TEXT NOT NULL,
            site_name     TEXT,
            summary       TEXT,
            content_key   TEXT NOT NULL,
            minhash       BLOB,
            file_path     TEXT,
            source_name   TEXT,
            file_hash     TEXT,
            item_index    INTEGER NOT NULL DEFAULT 0,
            revision      INTEGER NOT NULL DEFAULT 1,
            ingested_at   INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL
        );
        CREATE INDEX articles_content_key ON articles(content_key);
        CREATE INDEX articles_url_key ON articles(url_key) WHERE url_key IS NOT NULL;
        CREATE INDEX articles_slug_site ON articles(slug, site) WHERE slug IS NOT NULL;
        CREATE INDEX articles_date ON articles(date_epoch);
        CREATE INDEX articles_site ON articles(site);
        CREATE INDEX articles_file_hash ON articles(file_hash);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, tags, author, body,
            content='articles', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );

        CREATE TABLE near_bands (
            band_key   INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX near_bands_article ON near_bands(article_id);

        CREATE TABLE revisions (
            article_id  INTEGER NOT NULL,
            revision    INTEGER NOT NULL,
            title       TEXT NOT NULL,
            content_key TEXT NOT NULL,
            file_path   TEXT,
            replaced_at INTEGER NOT NULL,
            PRIMARY KEY (article_id, revision)
        );

        CREATE TABLE duplicates (
            id          INTEGER PRIMARY KEY,
            article_id  INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            similarity  REAL NOT NULL,
            title       TEXT,
            source_name TEXT NOT NULL,
            file_path   TEXT,
            file_hash   TEXT,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX duplicates_article ON duplicates(article_id);

        CREATE TABLE failures (
            id          INTEGER PRIMARY KEY,
            source_name TEXT NOT NULL,
            file_path   TEXT,
            file_hash   TEXT,
            reason_code TEXT NOT NULL,
            reason      TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        );

        CREATE TABLE file_moves (
            id          INTEGER PRIMARY KEY,
            source_name TEXT NOT NULL,
            file_hash   TEXT NOT NULL,
            destination TEXT NOT NULL,
            done        INTEGER NOT NULL DEFAULT 0,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX file_moves_pending ON file_moves(source_name) WHERE done = 0;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // 2: the FTS index moves to the `newsd` tokenizer (CSQLite/shim.h): Arabic normalised,
        // CJK split into characters (substring search), exact word forms kept beside stems.
        // The index is rebuilt from the articles table; no file is read again.
        """
        DROP TABLE articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, tags, author, body,
            content='articles', content_rowid='id',
            tokenize='newsd porter unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
        // 3: an index for `lang:` filters, so filtered searches narrow matches without
        // reading article rows (the filter columns sit after the long body column).
        """
        CREATE INDEX IF NOT EXISTS articles_language ON articles(language);
        """,
        // 4: leaner write path. Every index costs a B-tree insert per article (and dirty pages
        // per commit), so: the file-hash and band-by-article indexes go (nothing looks them up;
        // a replaced article's bands are deleted by key); exact duplicates are found through the
        // first 64 bits of the content key (the full key is compared on the row); one covering
        // index on (date, site, language) serves filtered searches without reading article rows.
        """
        DROP INDEX IF EXISTS articles_file_hash;
        DROP INDEX IF EXISTS near_bands_article;
        DROP INDEX IF EXISTS articles_content_key;
        DROP INDEX IF EXISTS articles_date;
        CREATE INDEX articles_content_prefix ON articles(substr(content_key, 1, 16));
        CREATE INDEX articles_date_site_language ON articles(date_epoch, site, language);
        """,
        // 5: the language index also covers date and site, so `lang:` with a date or site
        // filter is answered from the index too (it read every article row of the language).
        """
        DROP INDEX IF EXISTS articles_language;
        CREATE INDEX articles_language_date_site ON articles(language, date_epoch, site);
        """,
        // 6: Snowball stemming in each article's language (CSQLite/stemming.h). The FTS index
        // reads its text through a view that puts a language header before each column value
        // (FTSTokenizer.document writes the same bytes), so 'rebuild', 'delete' and the
        // integrity check tokenize exactly what was indexed. Rebuilt from the articles table.
        """
        DROP TABLE articles_fts;
        CREATE VIEW articles_fts_content AS SELECT id,
            CASE WHEN language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'
                THEN char(57347) || language || ' ' || title ELSE title END AS title,
            CASE WHEN language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'
                THEN char(57347) || language || ' ' || tags ELSE tags END AS tags,
            CASE WHEN language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'
                THEN char(57347) || language || ' ' || coalesce(author, '') ELSE coalesce(author, '') END AS author,
            CASE WHEN language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'
                THEN char(57347) || language || ' ' || body ELSE body END AS body
        FROM articles;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, tags, author, body,
            content='articles_fts_content', content_rowid='id',
            tokenize='newsd snowball unicode61 remove_diacritics 2'
        );
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
        // 7: near duplicates become searchable. A near duplicate keeps its record in
        // `duplicates` and now also its text, in `near_copies`, indexed in the same FTS table
        // under rowid `NearCopy.rowidBase` + its duplicate record's id (articles never reach
        // 2^40). Searches show each article once, as its best-ranked version. Copies recorded
        // before this version kept no text and stay unsearchable. A copy's content key makes a
        // second delivery of it an exact duplicate; its filter columns are indexed like the
        // articles'. No rebuild: the view only gains rows that do not exist yet.
        """
        CREATE TABLE near_copies (
            id         INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL,
            language   TEXT,
            date_epoch INTEGER,
            site       TEXT,
            date       TEXT,
            url        TEXT,
            title      TEXT NOT NULL,
            tags       TEXT NOT NULL DEFAULT '',
            author     TEXT,
            content_key TEXT NOT NULL,
            body       TEXT NOT NULL -- last: filters read the columns before it without walking its pages
        );
        CREATE INDEX near_copies_article ON near_copies(article_id);
        CREATE INDEX near_copies_content_prefix ON near_copies(substr(content_key, 1, 16));
        CREATE INDEX near_copies_language_date_site ON near_copies(language, date_epoch, site);
        CREATE INDEX near_copies_date_site_language ON near_copies(date_epoch, site, language);
        DROP VIEW articles_fts_content;
        CREATE VIEW articles_fts_content AS
            \(headeredColumns(from: "articles")) UNION ALL \(headeredColumns(from: "near_copies"));
        """,
        // 8: new LSH band rows are staged in a small table and merged into `near_bands` in key
        // order once it holds `BandStaging.limit` rows. Written one batch at a time, random keys
        // dirtied about one `near_bands` page per row (a 4,000-page WAL write per batch at 200k
        // articles); the small table stays in the page cache, and a merge writes each page of
        // the big one once. Readers see both through `near_bands_all`.
        """
        CREATE TABLE near_bands_recent (
            band_key   INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        CREATE VIEW near_bands_all AS
            SELECT band_key, article_id FROM near_bands UNION ALL SELECT band_key, article_id FROM near_bands_recent;
        """,
        // 9: MinHash signatures move to a narrow table. In `articles` the signature sat after
        // the body, so every near-duplicate check read each candidate's whole row, overflow
        // pages included, from a table far larger than the page cache. `articles.minhash` is
        // no longer read; rows added or replaced from now on leave it NULL (old values stay
        // rather than rewriting the whole table here).
        """
        CREATE TABLE article_minhash (
            article_id INTEGER PRIMARY KEY,
            minhash    BLOB NOT NULL
        );
        INSERT INTO article_minhash (article_id, minhash) SELECT id, minhash FROM articles WHERE minhash IS NOT NULL;
        """,
        // 10: a middle tier for band rows. Each merge of the staged rows rewrote most of
        // `near_bands` (18% of all WAL writes at 200k articles, growing with the archive);
        // staged rows now merge into `near_bands_mid`, and that into `near_bands` only once
        // it holds `BandStaging.middleLimit` rows (`BandStaging`).
        """
        CREATE TABLE near_bands_mid (
            band_key   INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;
        DROP VIEW near_bands_all;
        CREATE VIEW near_bands_all AS
            SELECT band_key, article_id FROM near_bands UNION ALL SELECT band_key, article_id FROM near_bands_mid
            UNION ALL SELECT band_key, article_id FROM near_bands_recent;
        """,
        // 11: the keys that find an article again (content-key prefix, URL, slug on its site)
        // leave the indexes of `articles` for two tiers (`DedupKeys`): each index took a random
        // insert per article into a B-tree larger than the page cache. Same key text as
        // `DedupKeys.keys` (`DedupKeys.ofArticles`).
        """
        CREATE TABLE dedup_keys (
            key        TEXT NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE dedup_keys_recent (
            key        TEXT NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO dedup_keys (key, article_id) \(DedupKeys.ofArticles) ORDER BY 1, 2;
        DROP INDEX IF EXISTS articles_content_prefix;
        DROP INDEX IF EXISTS articles_url_key;
        DROP INDEX IF EXISTS articles_slug_site;
        """,
        // 12: the values searches filter by (date, site, language) leave the indexes of
        // `articles` for two tiers (`FilterEntries`), for the same reason. The entries are read
        // from the covering index (an article row's columns sit after its long body), and the
        // tiers' indexes are built after their rows.
        """
        CREATE TABLE article_filters (id INTEGER PRIMARY KEY, date_epoch INTEGER, site TEXT, language TEXT);
        CREATE TABLE article_filters_recent (id INTEGER PRIMARY KEY, date_epoch INTEGER, site TEXT, language TEXT);
        INSERT INTO article_filters (id, date_epoch, site, language)
            SELECT id, date_epoch, site, language FROM articles INDEXED BY articles_date_site_language ORDER BY id;
        CREATE INDEX article_filters_site ON article_filters(site);
        CREATE INDEX article_filters_date_site_language ON article_filters(date_epoch, site, language);
        CREATE INDEX article_filters_language_date_site ON article_filters(language, date_epoch, site);
        CREATE INDEX article_filters_recent_site ON article_filters_recent(site);
        CREATE INDEX article_filters_recent_date_site_language ON article_filters_recent(date_epoch, site, language);
        CREATE INDEX article_filters_recent_language_date_site ON article_filters_recent(language, date_epoch, site);
        DROP INDEX IF EXISTS articles_site;
        DROP INDEX IF EXISTS articles_date_site_language;
        DROP INDEX IF EXISTS articles_language_date_site;
        """,
        // 13: the file's mtime (nanoseconds) of an article taken ahead of the queue (the fresh
        // lane), so that an older version taken after it does not replace it. NULL for articles
        // taken in order.
        """
        ALTER TABLE articles ADD COLUMN early_mtime INTEGER;
        """,
        // 14: the few articles with an early mtime, found without a scan of `articles` when
        // the backlog they were taken ahead of is done and their mtimes are cleared.
        """
        CREATE INDEX articles_early_mtime ON articles(id) WHERE early_mtime IS NOT NULL;
        """,
        // 15: the `newsd` tokenizer folds the Persian and Urdu letter forms to the Arabic ones
        // and Arabic-Indic and Persian digits to ASCII digits (CSQLite/tokenizer.h). An index
        // whose texts hold any of them is rebuilt from the articles table, as `newsq reindex`
        // does; one without them keeps its tokens unchanged, and only its texts are scanned.
        """
        INSERT INTO articles_fts(articles_fts) SELECT 'rebuild' WHERE EXISTS (
            SELECT 1 FROM articles WHERE newsd_folds_since_15(title, tags, author, body)
            UNION ALL SELECT 1 FROM near_copies WHERE newsd_folds_since_15(title, tags, author, body)
        );
        """,
        // 16: the newest articles' band keys are no longer written as rows: they follow from
        // the signatures in `article_minhash`, and are held in memory (`RecentBands`) until
        // they merge into `near_bands_mid` in key order. Articles up to the `meta` mark
        // `bands_stored_through` have their rows in a table. The staged rows move to the middle tier.
        """
        INSERT OR IGNORE INTO near_bands_mid (band_key, article_id) SELECT band_key, article_id FROM near_bands_recent;
        DROP VIEW near_bands_all;
        DROP TABLE near_bands_recent;
        CREATE VIEW near_bands_all AS
            SELECT band_key, article_id FROM near_bands UNION ALL SELECT band_key, article_id FROM near_bands_mid;
        INSERT OR REPLACE INTO meta (key, value)
            SELECT 'bands_stored_through', coalesce(max(article_id), 0) FROM article_minhash;
        """,
        // 17: FTS5 merges its segments eight at a time instead of four (`automerge`). Every
        // batch commit leaves a segment; merging fewer, larger groups rewrites each entry fewer
        // times while a backlog drains (the writer's merge work: 8-11% of newsd's drain time in
        // paired runs at 10k and 200k articles). The idle merge (`mergeSegmentsStep`) still
        // leaves one segment per level once the inbox is quiet, so idle searches are unchanged;
        // searches during a drain may open up to twice as many segments (measured: no slower
        // within the noise, right after 20,000 files into a 200k index).
        """
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);
        """,
    ]

    /// `SELECT id, title, tags, author, body FROM table`, each text behind the row's language
    /// header when the language is a usable code (`FTSTokenizer.document` writes the same).
    private static func headeredColumns(from table: String) -> String {
        let usable = "language GLOB '[a-z][a-z]' OR language GLOB '[a-z][a-z][a-z]'"
        let columns = ["title", "tags", "coalesce(author, '')", "body"].map { value in
            "CASE WHEN \(usable) THEN char(57347) || language || ' ' || \(value) ELSE \(value) END"
        }
        return "SELECT id, " + zip(columns, ["title", "tags", "author", "body"]).map { "\($0) AS \($1)" }.joined(separator: ", ")
            + " FROM \(table)"
    }

    /// Brings the database to `currentVersion`. Refuses a database from a newer build.
    static func migrate(_ connection: Connection) throws {
        try connection.writeTransaction {
            let version = try connection.scalar("PRAGMA user_version")
            guard version <= currentVersion else {
                throw IndexError.newerSchema(found: version, supported: currentVersion)
            }
            for index in Int(version)..<migrations.count {
                try connection.execute(migrations[index])
            }
            if version != currentVersion {
                try connection.execute("PRAGMA user_version = \(currentVersion)")
            }
        }
    }
}
