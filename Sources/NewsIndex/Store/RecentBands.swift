import NewsCore

/// The LSH band keys of the newest articles, held in memory instead of as rows (schema 16).
///
/// An article's band keys follow from its signature, which `article_minhash` stores anyway,
/// so the newest articles' bands need no table of their own: articles with ids above the
/// `bands_stored_through` mark in `meta` have theirs only here, rebuilt from their signatures
/// when needed, and `BandStaging.merge` writes them into `near_bands_mid` in key order once
/// there are `BandStaging.limit` of them, moving the mark. Staging them as rows cost the
/// writer about 8% of its time at 200k articles (16 random inserts per article).
///
/// Built when a write transaction first needs it, and rebuilt when another connection has
/// committed since (`PRAGMA data_version`) or a transaction of this one failed (`invalidate`),
/// so it never holds less than the database implies. Bounded: at most `BandStaging.limit`
/// articles' keys (about 4 MB) between merges.
final class RecentBands {
    /// Every article with an id up to this one has its band rows in a table.
    private(set) var storedThrough: Int64 = 0
    /// The first article holding each key, and the later ones of keys held by several
    /// (articles of similar text).
    private var first = BandKeyTable()
    private var more: [Int64: [Int64]] = [:]
    /// The articles whose keys are held here.
    private var ids = Set<Int64>()
    /// Articles held before their keys are merged into the middle table (tests lower it).
    var mergeLimit = BandStaging.limit
    /// When the keys are rebuilt from the signatures.
    private var copy = DerivedCopy()

    /// The `meta` key of the mark.
    static let markKey = "bands_stored_through"

    /// The mark as stored (0 before any band was stored), as an SQL expression.
    static let markSQL = "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '\(markKey)'), 0)"

    /// The mark as stored (0 before any band was stored).
    static func storedMark(in connection: Connection) throws -> Int64 {
        try connection.scalar("SELECT \(markSQL)")
    }

    /// Notes that a write transaction began (the keys are checked again at their first use).
    func beginTransaction() { copy.beginTransaction() }

    /// Forgets everything: the next use rebuilds from the database (after a failed transaction,
    /// whose additions or merge were rolled back).
    func invalidate() { copy.invalidate() }

    /// Brings the keys up to date with the database, once per transaction; call inside it.
    func refresh(_ connection: Connection) throws {
        try copy.refresh(connection) {
            let mark = try Self.storedMark(in: connection)
            clear(through: mark)
            try Self.forEachUnstored(after: mark, in: connection) { id, signature in add(id: id, keys: signature.bandKeys) }
        }
    }

    /// Calls `body` with each article above `mark` (by default the stored one) that has a signature.
    static func forEachUnstored(after mark: Int64? = nil, in connection: Connection,
                                _ body: (Int64, MinHashSignature) throws -> Void) throws {
        try connection.cached("SELECT article_id, minhash FROM article_minhash WHERE article_id > ? ORDER BY article_id")
            .forEachRow([.integer(try mark ?? storedMark(in: connection))]) { row in
                guard let signature = row.blob(1).flatMap(MinHashSignature.init(bytes:)) else { return }
                try body(row.int(0), signature)
            }
    }

    /// How many articles' keys are held here.
    var articles: Int { ids.count }

    /// Holds `keys` for article `id` (above `storedThrough`), unless they are held already (a
    /// rebuild inside the transaction that stored its signature reads it too).
    func add(id: Int64, keys: [Int64]) {
        // SQLite never assigns rowid 0 (`BandKeyTable` marks empty slots with it): an article
        // given id 0 by hand is left out of the near-duplicate check, not taken for a crash.
        guard id != 0, ids.insert(id).inserted else { return }
        for key in keys where !first.insert(key, id: id) { more[key, default: []].append(id) }
    }

    /// Drops article `id` from `keys` (its old bands, when it is replaced).
    func remove(id: Int64, keys: [Int64]) {
        guard ids.remove(id) != nil else { return }
        for key in keys {
            guard let head = first.id(for: key) else { continue }
            var rest = more.removeValue(forKey: key) ?? []
            if head == id {
                if rest.isEmpty { first.remove(key) } else { first.replace(key, with: rest.removeFirst()) }
            } else {
                rest.removeAll { $0 == id }
            }
            if !rest.isEmpty { more[key] = rest }
        }
    }

    /// True when some article held here has `key`.
    func contains(_ key: Int64) -> Bool { first.id(for: key) != nil }

    /// The articles holding `key`, highest id first.
    func members(of key: Int64) -> [Int64] {
        guard let head = first.id(for: key) else { return [] }
        guard let rest = more[key] else { return [head] }
        // Ids arrive in increasing order, but a replaced article comes back with its old id.
        return ([head] + rest).sorted(by: >)
    }

    /// Every (key, article) pair held, in key order: the rows of a merge.
    func sortedRows() -> [(key: Int64, id: Int64)] {
        var rows: [(key: Int64, id: Int64)] = []
        rows.reserveCapacity(first.count + more.values.reduce(0) { $0 + $1.count })
        first.forEach { rows.append(($0, $1)) }
        for (key, ids) in more { for id in ids { rows.append((key, id)) } }
        rows.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        return rows
    }

    /// The highest article id held (the mark after a merge), or the mark when none is.
    var highestID: Int64 {
        max(storedThrough, ids.max() ?? 0)
    }

    /// Empties the keys after a merge wrote them (or before a rebuild) and sets the mark.
    /// The tables keep their capacity: they fill to about the same size again before each
    /// merge, and growing them anew each time left freed blocks behind in the heap.
    func clear(through mark: Int64) {
        first.removeAll()
        more.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        storedThrough = mark
    }
}
