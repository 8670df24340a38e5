import NewsCore

/// The LSH band keys stored in the band tables (`BandStaging.tables`), held as a Bloom filter
/// so the near-duplicate check skips the index for bands no stored article has (nearly all of
/// a new article's).
///
/// Built from the view `near_bands_all` when a transaction first needs it, and rebuilt when
/// another connection has committed since (`PRAGMA data_version`), so keys written by `newsq import`
/// are never missed. Keys of rolled-back or replaced rows stay in the filter: they only cost
/// a lookup. Transactions that never look at bands (move confirmations) never build it.
final class BandKeyCache {
    /// Never copied out (a copy alive during `insert` would copy the whole bit array).
    private var filter = KeyFilter(capacity: 0)
    private var built = false
    private var dataVersion: Int64 = -1
    /// Write transactions begun, and the one the filter was last checked in.
    private var transaction = 0, checkedIn = -1

    /// Notes that a write transaction began (the filter is checked again at its first use).
    func beginTransaction() { transaction += 1 }

    /// Brings the filter up to date with the database, once per transaction; call inside it.
    func refresh(_ connection: Connection) throws {
        guard checkedIn != transaction else { return }
        checkedIn = transaction
        stagedRows.rows = nil  // a rolled-back transaction may have counted rows that are gone
        let version = try connection.scalar("PRAGMA data_version")
        guard !built || version != dataVersion || filter.isOverloaded else { return }
        // Sized from the highest article id (an index lookup, not a count over the table),
        // with room to double before the filter is rebuilt.
        let articles = Int(try connection.scalar("SELECT coalesce(max(id), 0) FROM articles"))
        var fresh = KeyFilter(capacity: max(2 * articles * MinHashSignature.bands, 1 << 20))
        try connection.cached("SELECT band_key FROM near_bands_all").forEachRow { fresh.insert($0.int(0)) }
        filter = fresh
        built = true
        dataVersion = version
    }

    /// Rows in `near_bands_recent`, counted once per transaction.
    let stagedRows = StagedRowCount()

    func insert(_ key: Int64) { filter.insert(key) }

    func mightContain(_ key: Int64) -> Bool { filter.mightContain(key) }
}
