/// New LSH band rows wait in `near_bands_recent` (schema 8), move to `near_bands_mid` in key
/// order many at a time (schema 10), and from there to `near_bands` in larger steps still:
/// random keys written a batch at a time would dirty about one page of the big table per row,
/// and every dirty page is written to the WAL at commit (and again by the checkpoint).
enum BandStaging {
    /// Rows staged before a merge into the middle tier: 8,192 articles' bands. The staging
    /// table stays a few MB (in the page cache).
    static let limit = 131_072
    /// Rows the middle tier holds before it merges into `near_bands`: eight merges' worth.
    /// A merge rewrites most pages of the table it goes into (about 26,000 of `near_bands`
    /// at 200k articles), so the big table is rewritten once every eight merges, not each time.
    static let middleLimit = 8 * limit

    /// The band tables, newest rows first: staged, middle tier, bulk.
    static let tables = ["near_bands_recent", "near_bands_mid", "near_bands"]

    /// Moves every staged row into the middle tier, and the middle tier into `near_bands`
    /// once it is full, inside the caller's write transaction.
    static func merge(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR IGNORE INTO near_bands_mid (band_key, article_id) SELECT band_key, article_id FROM near_bands_recent;
            DELETE FROM near_bands_recent;
            """)
        if try connection.scalar("SELECT count(*) FROM near_bands_mid") >= Int64(middleLimit) { try mergeMiddle(connection) }
    }

    /// Moves the middle tier into `near_bands`.
    static func mergeMiddle(_ connection: Connection) throws {
        try connection.execute("""
            INSERT OR IGNORE INTO near_bands (band_key, article_id) SELECT band_key, article_id FROM near_bands_mid;
            DELETE FROM near_bands_mid;
            """)
    }
}
