import NewsCore

/// A Bloom filter over keys stored in the database, so the ingest path skips index lookups for
/// keys no stored row has (nearly all of a new article's).
///
/// Built from `source` when a transaction first needs it, and rebuilt when another connection
/// has committed since (`PRAGMA data_version`), so keys written by `newsq import` are never
/// missed, or when it holds more keys than it was sized for. Keys of rolled-back or replaced
/// rows stay in it: they only cost a lookup. Transactions that never ask it (move
/// confirmations) never build it. Its size is capped (`maxKeys`), so memory does not grow
/// with the archive past that: beyond it the false-positive rate climbs slowly (about 3.4% at
/// one and a half times as many keys, 10% at twice), which costs index lookups, not memory.
final class StoredKeyFilter {
    /// The query listing every stored key, one per row.
    let source: String
    /// Keys per article, to size the filter from the highest article id.
    let keysPerArticle: Int
    /// The filter's key of one row of `source`.
    let key: (Row) -> Int64
    /// The most keys the filter is sized for (about 1.3 bytes each, rounded up to a power of two).
    let maxKeys: Int
    /// Times the filter was built (tests check that a full filter is not rebuilt in a loop).
    private(set) var builds = 0

    /// Never copied out (a copy alive during `insert` would copy the whole bit array).
    private var filter = KeyFilter(capacity: 0)
    /// When the filter is built again.
    private var copy = DerivedCopy()

    init(source: String, keysPerArticle: Int, maxKeys: Int, key: @escaping (Row) -> Int64) {
        self.source = source
        self.keysPerArticle = keysPerArticle
        self.maxKeys = maxKeys
        self.key = key
    }

    /// Notes that a write transaction began (the filter is checked again at its first use).
    func beginTransaction() { copy.beginTransaction() }

    /// Brings the filter up to date with the database, once per transaction; call inside it.
    /// Only a refresh that succeeded counts as done: after a failed one the next call tries again.
    func refresh(_ connection: Connection) throws {
        try copy.refresh(connection, outgrown: { canGrow(filter) }) {
            // Sized from the highest article id (an index lookup, not a count over the table),
            // with room to double before the filter is rebuilt; if the source held more keys
            // than that (many near copies), sized again from their number.
            let articles = Int(try connection.scalar("SELECT coalesce(max(id), 0) FROM articles"))
            var fresh = try build(capacity: 2 * articles * keysPerArticle, connection)
            if canGrow(fresh) { fresh = try build(capacity: 2 * fresh.count, connection) }
            filter = fresh
        }
    }

    /// True when `filter` holds more keys than it was sized for and may still grow.
    private func canGrow(_ filter: KeyFilter) -> Bool { filter.isOverloaded && filter.capacity < maxKeys }

    private func build(capacity: Int, _ connection: Connection) throws -> KeyFilter {
        builds += 1
        // The old bits go before the new ones are allocated; until the new filter is in place
        // (if this throws, until a later refresh succeeds) it counts as not built (`DerivedCopy`
        // drops it before building), so no stored key is hidden.
        filter = KeyFilter(capacity: 0)
        var fresh = KeyFilter(capacity: min(max(capacity, 1 << 20), maxKeys))
        try connection.cached(source).forEachRow { fresh.insert(key($0)) }
        return fresh
    }

    /// Drops the filter: the next transaction builds it again (after this connection rewrote
    /// the keys in bulk, which `PRAGMA data_version` does not see).
    func invalidate() { copy.invalidate() }

    func insert(_ key: Int64) { filter.insert(key) }

    func mightContain(_ key: Int64) -> Bool { !copy.isBuilt || filter.mightContain(key) }
}
