import NewsCore

/// `IndexWriter` over one SQLite connection inside an open write transaction.
struct SQLiteWriter: IndexWriter {
    let connection: Connection
    let bandKeys: StoredKeyFilter
    let recentBands: RecentBands
    let dedupKeys: StoredKeyFilter
    let dedupStaged: StagedRowCount
    let filterStaged: StagedRowCount

    func articleID(contentKey: String) throws -> Int64? {
        // The filter holds near copies' keys too: no means neither query can find it.
        guard try mightBeStored(DedupKeys.content(contentKey)) else { return nil }
        // Candidates share the key's first 64 bits; the full key is compared on the row.
        let stored = try connection.cached("SELECT content_key FROM articles WHERE id = ?")
        for id in try DedupKeys.articles(holding: DedupKeys.content(contentKey), in: connection)
        where try stored.first([.integer(id)], { $0.string(0) }) == contentKey {
            return id
        }
        // A near copy's text counts as its article's: delivered again, it is an exact duplicate.
        // (In SQL, a `content_key = ?` term would be propagated into the indexed expression and
        // the planner would scan the table.)
        return try connection.cached("SELECT article_id, content_key FROM near_copies WHERE substr(content_key, 1, 16) = ? ORDER BY id")
            .map([.text(String(contentKey.prefix(16)))]) { ($0.int(0), $0.string(1)) }.first { $0.1 == contentKey }?.0
    }

    func articleID(urlKey: String) throws -> Int64? {
        guard try mightBeStored(DedupKeys.url(urlKey)) else { return nil }
        let stored = try connection.cached("SELECT url_key FROM articles WHERE id = ?")
        return try DedupKeys.articles(holding: DedupKeys.url(urlKey), in: connection).first {
            try stored.first([.integer($0)], { $0.string(0) }) == urlKey
        }
    }

    func articleID(slug: String, site: String) throws -> Int64? {
        guard try mightBeStored(DedupKeys.slug(slug, site: site)) else { return nil }
        let stored = try connection.cached("SELECT slug, site FROM articles WHERE id = ?")
        return try DedupKeys.articles(holding: DedupKeys.slug(slug, site: site), in: connection).first {
            try stored.first([.integer($0)], { [$0.string(0), $0.string(1)] }) == [slug, site]
        }
    }

    /// False when no article (or near copy) holds the dedup key: its lookups are skipped.
    private func mightBeStored(_ key: String) throws -> Bool {
        try dedupKeys.refresh(connection)
        return dedupKeys.mightContain(DedupKeys.filterKey(key))
    }

    /// Stages the dedup keys of article `id` and adds them to the filter.
    private func stageDedupKeys(_ record: ArticleRecord, id: Int64) throws {
        let keys = keys(of: record)
        try DedupKeys.stage(keys, id: id, in: connection, counter: dedupStaged)
        for key in keys { dedupKeys.insert(DedupKeys.filterKey(key)) }
    }

    func nearestDuplicate(of signature: MinHashSignature, threshold: Double) throws -> (id: Int64, similarity: Double)? {
        try bandKeys.refresh(connection)
        // Only the keys the filter lets through (one to three of the 16, usually). A match
        // shares at least `required` keys, each of them stored, so each passes the filter.
        try recentBands.refresh(connection)
        let keys = signature.bandKeys.filter { bandKeys.mightContain($0) || recentBands.contains($0) }
        let required = NearCandidates.minimumSharedBands(atThreshold: threshold)
        guard !keys.isEmpty, keys.count >= required else { return nil }
        let members = try keys.map { try NearCandidates.members(ofBand: $0, recent: recentBands, in: connection) }
        let candidates = NearCandidates.select(members: members, minimumShared: required)
        return try NearCandidates.matches(among: candidates, to: signature, threshold: threshold, in: connection)
            .min(by: NearCandidates.closerFirst)
    }

    func earlyModified(of id: Int64) throws -> Int64? {
        try connection.cached("SELECT early_mtime FROM articles WHERE id = ?").first([.integer(id)]) { $0.isNull(0) ? nil : $0.int(0) } ?? nil
    }

    func storedFile(of id: Int64) throws -> (path: String, hash: String)? {
        try connection.cached("SELECT file_path, file_hash FROM articles WHERE id = ?")
            .first([.integer(id)]) { ($0.string(0) ?? "", $0.string(1) ?? "") }
    }

    func title(of id: Int64) throws -> String? {
        try connection.string("SELECT title FROM articles WHERE id = ?", [.integer(id)])
    }

    func insert(_ record: ArticleRecord, at time: Int64) throws -> Int64 {
        try connection.cached("""
            INSERT INTO articles (title, body, author, date, date_original, date_epoch, url, url_key, site, tags,
                category, slug, language, format, site_name, summary, content_key, file_path, source_name,
                file_hash, item_index, early_mtime, revision, ingested_at, updated_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)
            """).run(columns(of: record) + [.integer(time), .integer(time)])
        let id = connection.lastInsertRowID
        try stageDedupKeys(record, id: id)
        try stageFilterEntry(id: id, record)
        try indexText(id: id, record.article, tokens: record.tokens)
        try storeSignature(id: id, signature: record.minHash)
        try storeBands(id: id, signature: record.minHash)
        return id
    }

    func replace(id: Int64, with record: ArticleRecord, at time: Int64) throws -> Int {
        let oldBands = try NearCandidates.storedSignature(of: id, in: connection)?.bandKeys
        guard let oldKeys = try connection.cached("SELECT content_key, url_key, slug, site FROM articles WHERE id = ?").first([.integer(id)], {
            DedupKeys.keys(contentKey: $0.string(0) ?? "", urlKey: $0.string(1), slug: $0.string(2), site: $0.string(3))
        }) else { throw IndexError.notFound(id: id) }
        try DedupKeys.remove(oldKeys, id: id, in: connection)
        try FilterEntries.remove(id: id, in: connection)
        try connection.cached("""
            INSERT OR REPLACE INTO revisions (article_id, revision, title, content_key, file_path, replaced_at)
            SELECT id, revision, title, content_key, file_path, ? FROM articles WHERE id = ?
            """).run([.integer(time), .integer(id)])
        try connection.cached("""
            INSERT INTO articles_fts (articles_fts, rowid, title, tags, author, body)
            SELECT 'delete', id, title, tags, author, body FROM articles_fts_content WHERE id = ?
            """).run([.integer(id)])
        try connection.cached("""
            UPDATE articles SET title = ?, body = ?, author = ?, date = ?, date_original = ?, date_epoch = ?, url = ?,
                url_key = ?, site = ?, tags = ?, category = ?, slug = ?, language = ?, format = ?, site_name = ?,
                summary = ?, content_key = ?, minhash = NULL, file_path = ?, source_name = ?, file_hash = ?,
                item_index = ?, early_mtime = ?, revision = revision + 1, updated_at = ?
            WHERE id = ?
            """).run(columns(of: record) + [.integer(time), .integer(id)])
        try stageDedupKeys(record, id: id)
        try stageFilterEntry(id: id, record)
        try indexText(id: id, record.article, tokens: record.tokens)
        try unindexCopies(of: id)
        try removeBands(id: id, keys: oldBands ?? [])
        try storeSignature(id: id, signature: record.minHash)
        try storeBands(id: id, signature: record.minHash)
        return Int(try connection.scalar("SELECT revision FROM articles WHERE id = ?", [.integer(id)]))
    }

    func recordDuplicate(_ record: DuplicateRecord, at time: Int64) throws {
        try connection.cached("""
            INSERT INTO duplicates (article_id, kind, similarity, title, source_name, file_path, file_hash, recorded_at)
            VALUES (?,?,?,?,?,?,?,?)
            """).run([
                .integer(record.articleID), .text(record.kind.rawValue), .real(record.similarity), .text(record.title),
                .text(record.sourceName), .text(record.filePath), .text(record.fileHash), .integer(time),
            ])
        guard let copy = record.copy else { return }
        let rowid = NearCopy.rowidBase + connection.lastInsertRowID
        let a = copy.article
        func text(_ s: String?) -> Statement.Value { s.map { .text($0) } ?? .null }
        try connection.cached("""
            INSERT INTO near_copies (id, article_id, title, tags, author, content_key, body, language, date, date_epoch, url, site)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
            """).run([
                .integer(rowid), .integer(record.articleID), .text(a.title), .text(a.tags.joined(separator: "\n")), text(a.author),
                .text(copy.contentKey), .text(a.body), text(a.language), text(a.date?.normalized),
                a.date.map { .integer($0.epochSeconds) } ?? .null, text(a.sourceURL), text(copy.site),
            ])
        try indexText(id: rowid, a, tokens: copy.tokens)
        dedupKeys.insert(DedupKeys.filterKey(DedupKeys.content(copy.contentKey)))
    }

    /// Takes the near copies of article `id` out of the index (their duplicate records stay):
    /// they were near copies of the version being replaced, not necessarily of the new one.
    private func unindexCopies(of id: Int64) throws {
        try connection.cached("""
            INSERT INTO articles_fts (articles_fts, rowid, title, tags, author, body)
            SELECT 'delete', c.id, c.title, c.tags, c.author, c.body FROM articles_fts_content c
            WHERE c.id IN (SELECT id FROM near_copies WHERE article_id = ?)
            """).run([.integer(id)])
        try connection.cached("DELETE FROM near_copies WHERE article_id = ?").run([.integer(id)])
    }

    func recordFailure(_ record: FailureRecord, at time: Int64) throws {
        try connection.cached("""
            INSERT INTO failures (source_name, file_path, file_hash, reason_code, reason, recorded_at) VALUES (?,?,?,?,?,?)
            """).run([
                .text(record.sourceName), .text(record.filePath), record.fileHash.map { .text($0) } ?? .null,
                .text(record.reasonCode), .text(record.reason), .integer(time),
            ])
    }

    func journalMove(sourceName: String, fileHash: String, destination: String, at time: Int64) throws -> Int64 {
        try connection.cached("""
            INSERT INTO file_moves (source_name, file_hash, destination, done, recorded_at) VALUES (?,?,?,0,?)
            """).run([.text(sourceName), .text(fileHash), .text(destination), .integer(time)])
        return connection.lastInsertRowID
    }

    func markMovesDone(_ ids: [Int64]) throws {
        // A finished move needs no record (the outcome is in articles/duplicates/failures):
        // deleting keeps the journal as small as the moves in flight.
        // A batch's moves were journalled with consecutive ids: one statement per run of them.
        let statement = try connection.cached("DELETE FROM file_moves WHERE id BETWEEN ? AND ?")
        var start = 0
        let sorted = ids.sorted()
        for end in sorted.indices where end == sorted.count - 1 || sorted[end + 1] != sorted[end] + 1 {
            try statement.run([.integer(sorted[start]), .integer(sorted[end])])
            start = end + 1
        }
    }

    func redirectMove(id: Int64, fileHash: String, from old: String, to new: String) throws {
        // Rows written with the move or after it (an older file at that path, since removed,
        // keeps its rows). No index on the paths: this runs only when another program took a
        // name, a scan per table.
        let since = "(SELECT recorded_at FROM file_moves WHERE id = ?)"
        for (table, time) in [("articles", "updated_at"), ("duplicates", "recorded_at"), ("failures", "recorded_at")] {
            try connection.cached("UPDATE \(table) SET file_path = ? WHERE file_path = ? AND file_hash = ? AND \(time) >= \(since)")
                .run([.text(new), .text(old), .text(fileHash), .integer(id)])
        }
        // An earlier item of the same feed file that a later one revised.
        try connection.cached("UPDATE revisions SET file_path = ? WHERE file_path = ? AND replaced_at >= \(since)")
            .run([.text(new), .text(old), .integer(id)])
        try connection.cached("UPDATE file_moves SET destination = ? WHERE id = ?").run([.text(new), .integer(id)])
    }

    func setMeta(_ key: String, _ value: String) throws {
        try connection.cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run([.text(key), .text(value)])
    }

    /// Adds the row's text to the FTS index (external content: written explicitly, with the
    /// values the `articles_fts_content` view gives, so `'delete'` and `rebuild` see what was indexed).
    /// Tokens recorded off this thread (`TokenRecorder`) are replayed instead of computed.
    private func indexText(id: Int64, _ article: Article, tokens: RecordedTokens?) throws {
        let statement = try connection.cached("INSERT INTO articles_fts (rowid, title, tags, author, body) VALUES (?, ?, ?, ?, ?)")
        let columns = tokens?.columnValues(of: article) ?? FTSTokenizer.columnValues(of: article)
        let values: [Statement.Value] = [.integer(id)] + columns.map { .text($0) }
        guard let tokens else { return try statement.run(values) }
        try tokens.offered(to: connection) { try statement.run(values) }
    }

    /// Keeps article `id`'s signature in `article_minhash` (none for texts too short to have one).
    private func storeSignature(id: Int64, signature: MinHashSignature?) throws {
        guard let signature else {
            return try connection.cached("DELETE FROM article_minhash WHERE article_id = ?").run([.integer(id)])
        }
        try connection.cached("INSERT OR REPLACE INTO article_minhash (article_id, minhash) VALUES (?, ?)")
            .run([.integer(id), .blob(signature.bytes)])
    }

    /// Holds the bands of a new article in memory (`RecentBands`), merged into the middle tier
    /// once enough wait there; an article at or below the stored mark (a replaced one) has its
    /// rows written to the middle tier at once.
    private func storeBands(id: Int64, signature: MinHashSignature?) throws {
        guard let signature else { return }
        try bandKeys.refresh(connection)
        try recentBands.refresh(connection)
        let keys = signature.bandKeys
        guard id > recentBands.storedThrough else {
            for key in keys { bandKeys.insert(key) }
            // All of an article's rows in one statement: one step instead of one per band.
            return try connection.cached(BandStaging.insertRows(keys.count)).run(keys.flatMap { [.integer($0), .integer(id)] })
        }
        // Not into the filter of the tables yet: the merge that writes them adds them (the
        // checks ask `recentBands` meanwhile). Added here too, each key cost the writer a
        // cache miss, and counted twice towards the filter's size.
        recentBands.add(id: id, keys: keys)
        if recentBands.articles >= recentBands.mergeLimit { try BandStaging.merge(connection, recentBands, filter: bandKeys) }
    }

    /// Removes the bands `keys` of article `id` from wherever they are held.
    private func removeBands(id: Int64, keys: [Int64]) throws {
        guard !keys.isEmpty else { return }
        // Built before the deletes: built after them, the filter would miss these keys for good
        // if the transaction then rolled back (review).
        try bandKeys.refresh(connection)
        try recentBands.refresh(connection)
        recentBands.remove(id: id, keys: keys)
        for table in BandStaging.tables {
            let deleteBand = try connection.cached("DELETE FROM \(table) WHERE band_key = ? AND article_id = ?")
            for key in keys { try deleteBand.run([.integer(key), .integer(id)]) }
        }
    }

    /// The dedup keys of `record`, from the values its row stores.
    private func keys(of record: ArticleRecord) -> [String] {
        DedupKeys.keys(contentKey: record.contentKey, urlKey: record.urlKey, slug: record.article.slug, site: record.site)
    }

    /// Stages the filter entry of article `id` from the values its row stores.
    private func stageFilterEntry(id: Int64, _ record: ArticleRecord) throws {
        try FilterEntries.stage(id: id, dateEpoch: record.article.date?.epochSeconds, site: record.site,
                                language: record.article.language, in: connection, counter: filterStaged)
    }

    /// The 22 article columns shared by INSERT and UPDATE, in statement order.
    private func columns(of record: ArticleRecord) -> [Statement.Value] {
        let a = record.article
        func text(_ s: String?) -> Statement.Value { s.map { .text($0) } ?? .null }
        return [
            .text(a.title), .text(a.body), text(a.author), text(a.date?.normalized), text(a.date?.original),
            a.date.map { .integer($0.epochSeconds) } ?? .null, text(a.sourceURL), text(record.urlKey), text(record.site),
            .text(a.tags.joined(separator: "\n")), text(a.category), text(a.slug), text(a.language), .text(a.format.rawValue),
            text(a.siteName), text(a.summary), .text(record.contentKey), .text(record.filePath), .text(record.sourceName), .text(record.fileHash), .integer(Int64(record.itemIndex)),
            record.earlyModified.map { .integer($0) } ?? .null,
        ]
    }
}
