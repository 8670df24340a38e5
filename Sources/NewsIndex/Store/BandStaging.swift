/// New LSH band rows wait in `near_bands_recent` (schema 8) and move to `near_bands` in
/// key order, many at a time: random keys written a batch at a time would dirty about one
/// page of the big table per row, and every dirty page is written to the WAL at commit.
enum BandStaging {
    /// Rows staged before a merge: 8,192 articles' bands. The staging table stays a few MB
    /// (in the page cache); a merge at 200k articles writes the big table's ~16k pages once,
    /// about 8 KB per article instead of about 50 KB.
    static let limit = 131_072

    /// Moves every staged row into `near_bands`, inside the caller's write transaction.
    static func merge(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR IGNORE INTO near_bands (band_key, article_id) SELECT band_key, article_id FROM near_bands_recent;
            DELETE FROM near_bands_recent;
            """)
    }
}
