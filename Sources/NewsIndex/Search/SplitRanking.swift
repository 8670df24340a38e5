import CSQLite
import Foundation

/// How a ranked statement runs: its words' document counts learnt first, then, when they say
/// the query matches many articles, as two halves of the id range at once, each on its own
/// connection and thread. On a large index a search on two common words scores tens of
/// thousands of matches, and the machine's second core shortens that wait; a search on
/// rarer words would lose more to the hand-off between threads than it gains.
///
/// Each word's document count is a walk of its whole list that every ranking statement would
/// otherwise make on its first row: walked once here (`newsd_phrase_counts`,
/// CSQLite/ranking.h) and handed to the rankings through their tallies, so both halves score
/// with the same statistics. The halves also see the same snapshot (checked: FTS5's totals
/// and structure records are the same on both connections), and each keeps its own best rows,
/// so the merged page is the page one statement returns.
final class SplitRanking {
    /// The connections, main first, and the ids each one scores.
    private let parts: [(connection: Connection, ids: ClosedRange<Int64>)]
    /// Each phrase's document count (-1: the ranking walks it), for the rankings' tallies.
    let phraseHits: UnsafeMutablePointer<Int64>
    let phraseHitCount: Int32

    /// When a search is split.
    struct Thresholds {
        /// Searches on indexes whose last article id is below this run as one statement, as
        /// they did (a few milliseconds at most: the counts' statement would add to them).
        var articles: Int64 = 20_000
        /// Queries whose rarest word is in fewer articles than this run as one statement:
        /// the hand-off to a second thread costs 0.3-0.5 ms on this machine, and at 200k
        /// articles splitting words in 5,000-10,000 articles made the median search slower.
        var rarestWord: Int64 = 20_000
    }

    /// Whether the statement runs in two halves.
    var isSplit: Bool { parts.count > 1 }

    private init(parts: [(connection: Connection, ids: ClosedRange<Int64>)], counts: [Int64]) {
        self.parts = parts
        phraseHitCount = Int32(counts.count)
        phraseHits = .allocate(capacity: max(counts.count, 1))
        phraseHits.initialize(from: counts, count: counts.count)
    }

    /// Ends the helper's read transaction.
    deinit {
        phraseHits.deallocate()
        if isSplit { _ = try? parts[1].connection.execute("COMMIT") }
    }

    /// Learns the phrase counts on `main` (inside a read transaction) and splits the ids at
    /// `splitAt` (a multiple of 8: the halves mark disjoint bytes of the tallies' bitmap)
    /// when they say the query matches many articles and `helper` gives a connection that
    /// sees the same snapshot. nil when nothing matches.
    static func prepare(main: Connection, helper: () -> Connection?, match: String, phraseMap: String,
                        splitAt: Int64, rarestWord: Int64) throws -> SplitRanking? {
        let sql = "SELECT newsd_phrase_counts(articles_fts, ?) FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1"
        guard let blob = try main.cached(sql).first([.text(phraseMap), .text(match)], { $0.blob(0) ?? [] }) else { return nil }
        // Each phrase's document count, -1 for those that share the one before's.
        let counts = blob.withUnsafeBytes { raw in (0..<blob.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) } }
        let whole = SplitRanking(parts: [(main, Int64.min...Int64.max)], counts: counts)
        guard let rarest = counts.filter({ $0 >= 0 }).min(), rarest >= rarestWord, let helper = helper() else { return whole }
        // Any failure from here runs the search as one statement, and leaves the helper
        // outside a transaction (one left open would refuse every later BEGIN).
        if !helper.isAutocommit { _ = try? helper.execute("ROLLBACK") }
        guard (try? helper.execute("BEGIN DEFERRED")) != nil else { return whole }
        let mine = try? snapshotRecords(main), theirs = try? snapshotRecords(helper)
        guard let mine, mine == theirs else {
            // A commit came between the two transactions (or the helper could not read).
            _ = try? helper.execute("COMMIT")
            return whole
        }
        return SplitRanking(parts: [(main, Int64.min...(splitAt - 1)), (helper, splitAt...Int64.max)], counts: counts)
    }

    /// FTS5's records that tell snapshots apart: the totals (row count, column sizes) and the
    /// structure (its segments), which every commit that writes the index changes. (The totals
    /// alone miss a revision with as many tokens per column as the text it replaces.)
    private static func snapshotRecords(_ connection: Connection) throws -> [[UInt8]] {
        try connection.cached("SELECT block FROM articles_fts_data WHERE id IN (1, 10) ORDER BY id").map { $0.blob(0) ?? [] }
    }

    /// Runs `body` for each part, at once when there are two (part 0 on the main connection,
    /// part 1 on the helper), with the part's connection and ids; the results in part order.
    func run<T>(_ body: (_ part: Int, _ connection: Connection, _ ids: ClosedRange<Int64>) throws -> T) throws -> [T] {
        var results = [Result<T, Error>?](repeating: nil, count: parts.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                slots.buffer[part] = Result { try body(part, parts[part].connection, parts[part].ids) }
            }
        }
        return try results.map { try $0!.get() }
    }
}

/// A buffer written by concurrent iterations, each at its own index.
private struct UncheckedBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
