import NewsCore

/// A Bloom filter over keys stored in the database, so the ingest path skips index lookups for
/// keys no stored row has (nearly all of a new article's).
///
/// Built from `source` when a transaction first needs it, and rebuilt when another connection
/// has committed since (`PRAGMA data_version`), so keys written by `newsq import` are never
/// missed, or when it holds more keys than it was sized for. Keys of rolled-back or replaced
/// rows stay in it: they only cost a lookup. Transactions that never ask it (move
/// confirmations) never build it.
final class StoredKeyFilter {
    /// The query listing every stored key, one per row.
    let source: String
    /// Keys per article, to size the filter from the highest article id.
    let keysPerArticle: Int
    /// The filter's key of one row of `source`.
    let key: (Row) -> Int64

    /// Never copied out (a copy alive during `insert` would copy the whole bit array).
    private var filter = KeyFilter(capacity: 0)
    private var built = false
    private var dataVersion: Int64 = -1
    /// Write transactions begun, and the one the filter was last checked in.
    private var transaction = 0, checkedIn = -1

    init(source: String, keysPerArticle: Int, key: @escaping (Row) -> Int64) {
        self.source = source
        self.keysPerArticle = keysPerArticle
        self.key = key
    }

    /// Notes that a write transaction began (the filter is checked again at its first use).
    func beginTransaction() { transaction += 1 }

    /// Brings the filter up to date with the database, once per transaction; call inside it.
    /// Only a refresh that succeeded counts as done: after a failed one the next call tries again.
    func refresh(_ connection: Connection) throws {
        guard checkedIn != transaction else { return }
        let version = try connection.scalar("PRAGMA data_version")
        if !built || version != dataVersion || filter.isOverloaded {
            // Sized from the highest article id (an index lookup, not a count over the table),
            // with room to double before the filter is rebuilt; if the source held more keys
            // than that (many near copies), sized again from their number.
            let articles = Int(try connection.scalar("SELECT coalesce(max(id), 0) FROM articles"))
            var fresh = try build(capacity: 2 * articles * keysPerArticle, connection)
            if fresh.isOverloaded { fresh = try build(capacity: 2 * fresh.count, connection) }
            filter = fresh
            built = true
            dataVersion = version
        }
        checkedIn = transaction
    }

    private func build(capacity: Int, _ connection: Connection) throws -> KeyFilter {
        var fresh = KeyFilter(capacity: max(capacity, 1 << 20))
        try connection.cached(source).forEachRow { fresh.insert(key($0)) }
        return fresh
    }

    /// Drops the filter: the next transaction builds it again (after this connection rewrote
    /// the keys in bulk, which `PRAGMA data_version` does not see).
    func invalidate() { built = false }

    func insert(_ key: Int64) { filter.insert(key) }

    func mightContain(_ key: Int64) -> Bool { filter.mightContain(key) }
}
