import NewsCore

/// LSH band rows live in three tiers. The newest articles' bands are held in memory
/// (`RecentBands`, schema 16; derived from their stored signatures), move to `near_bands_mid`
/// in key order many at a time (schema 10), and from there to `near_bands` in larger steps
/// still: random keys written a batch at a time would dirty about one page of the big table
/// per row, and every dirty page is written to the WAL at commit (and again by the checkpoint).
enum BandStaging {
    /// Articles whose bands are held in memory before a merge into the middle tier: 8,192
    /// articles, 131,072 keys (about 4 MB).
    static let limit = 8_192
    /// Rows the middle tier holds before it merges into `near_bands`: eight merges' worth.
    /// A merge rewrites most pages of the table it goes into (about 26,000 of `near_bands`
    /// at 200k articles), so the big table is rewritten once every eight merges, not each time.
    static let middleLimit = 8 * limit * MinHashSignature.bands

    /// The band tables, newest rows first: middle tier, bulk.
    static let tables = ["near_bands_mid", "near_bands"]

    /// Writes the bands held in `recent` into the middle tier and moves the stored mark past
    /// them, and merges the middle tier into `near_bands` once it is full, inside the caller's
    /// write transaction (`SQLiteIndex.write`, which has `recent` rebuilt if it fails). Each key
    /// goes into `filter` too (the band-key filter of the tables): keys rebuilt from signatures
    /// after a restart were never added to it, and would be passed over once no longer in memory.
    static func merge(_ connection: Connection, _ recent: RecentBands, filter: StoredKeyFilter) throws {
        try recent.refresh(connection)
        // Many rows per statement: a merge writes 131,072 rows, and one step per row spent
        // about as much in the statement's setup as in the B-tree.
        let rows = recent.sortedRows()
        let fullChunk = try connection.cached(insertRows(rowsPerInsert))
        var values: [Statement.Value] = []
        values.reserveCapacity(2 * rowsPerInsert)
        for start in stride(from: 0, to: rows.count, by: rowsPerInsert) {
            let chunk = rows[start..<min(start + rowsPerInsert, rows.count)]
            values.removeAll(keepingCapacity: true)
            for row in chunk {
                values.append(.integer(row.key))
                values.append(.integer(row.id))
                filter.insert(row.key)
            }
            try (chunk.count == rowsPerInsert ? fullChunk : connection.cached(insertRows(chunk.count))).run(values)
        }
        let mark = recent.highestID
        try setMark(mark, in: connection)
        if try connection.scalar("SELECT count(*) FROM near_bands_mid") >= Int64(middleLimit) { try mergeMiddle(connection) }
        recent.clear(through: mark)
    }

    /// Rows a merge writes per statement: 128 parameters, within every SQLite's limit (999
    /// before 3.32, 32,766 since).
    static let rowsPerInsert = 64

    /// `INSERT OR IGNORE` of `count` rows into the middle tier.
    static func insertRows(_ count: Int) -> String {
        "INSERT OR IGNORE INTO near_bands_mid (band_key, article_id) VALUES " + Array(repeating: "(?, ?)", count: count).joined(separator: ", ")
    }

    /// Records that every article up to `id` has its band rows in a table.
    static func setMark(_ id: Int64, in connection: Connection) throws {
        try connection.cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run([.text(RecentBands.markKey), .text(String(id))])
    }

    /// Moves the middle tier into `near_bands`.
    static func mergeMiddle(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR IGNORE INTO near_bands (band_key, article_id) SELECT band_key, article_id FROM near_bands_mid;
            DELETE FROM near_bands_mid;
            """)
    }
}
