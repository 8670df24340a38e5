import NewsCore

/// The LSH band keys stored in `near_bands`, held as a Bloom filter so the near-duplicate
/// check skips the index for bands no stored article has (nearly all of a new article's).
///
/// Built from the table at the first write, and rebuilt when another connection has
/// committed since (`PRAGMA data_version`), so keys written by `newsq import` are never
/// missed. Keys of rolled-back or replaced rows stay in the filter: they only cost a lookup.
final class BandKeyCache {
    /// Never copied out (a copy alive during `insert` would copy the whole bit array).
    private var filter = KeyFilter(capacity: 0)
    private var built = false
    private var dataVersion: Int64 = -1

    /// Brings the filter up to date with the database; call inside the write transaction.
    func refresh(_ connection: Connection) throws {
        let version = try connection.scalar("PRAGMA data_version")
        guard !built || version != dataVersion || filter.isOverloaded else { return }
        let stored = Int(try connection.scalar("SELECT count(*) FROM near_bands"))
        var fresh = KeyFilter(capacity: max(2 * stored, 1 << 20))
        try connection.cached("SELECT band_key FROM near_bands").forEachRow { fresh.insert($0.int(0)) }
        filter = fresh
        built = true
        dataVersion = version
    }

    func insert(_ key: Int64) { filter.insert(key) }

    func mightContain(_ key: Int64) -> Bool { filter.mightContain(key) }
}
