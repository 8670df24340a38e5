import CSQLite
import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Run by a statement trace on the main connection when the phrase counts' statement starts.
nonisolated(unsafe) private var whenCountsStart: (() -> Void)?

/// On a large index a search on common words is scored in two halves of the id range at once,
/// on two connections (`SplitRanking`). Here the thresholds are lowered so that real BBC
/// articles split, and every page must come out as one statement gives it: the same rows,
/// scores, snippets and totals.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
struct SplitRankingTests {
    /// A page of results as a comparable value.
    private struct Page: Equatable {
        var total: Int
        var rows: [String]
    }

    private func page(_ index: SQLiteIndex, _ query: String, limit: Int = 10, offset: Int = 0, split: Bool) throws -> Page {
        index.splitThresholds = split ? .init(articles: 0, rarestWord: 0) : .init(articles: .max, rarestWord: .max)
        var request = SearchRequest(query: query)
        request.limit = limit
        request.offset = offset
        let results = try index.search(request)
        return Page(total: results.total, rows: results.hits.map { "\($0.id) \($0.score) \($0.nearCopy) \($0.snippet)" })
    }

    @Test func splitPagesAreThePagesOfOneStatement() throws {
        let articles = try TopKPruningTests.bbcArticles(["business", "politics"]).enumerated().map { offset, item -> Article in
            var item = item
            item.sourceURL = "https://site\(offset % 3).example.com/\(offset)"
            return item
        }
        let temp = try TemporaryIndex(articles)
        // Common words, a title word, a phrase, an exclusion, a site filter, no match at all.
        let queries = ["said year", "government plans", "market growth", "labour", "\"interest rates\" rise",
                       "bank -rates", "said site:site1.example.com", "zzyzx said"]
        for query in queries {
            for (limit, offset) in [(10, 0), (10, 25), (3, 7), (Int.max, 0), (10, -5)] {
                let whole = try page(temp.index, query, limit: limit, offset: offset, split: false)
                let split = try page(temp.index, query, limit: limit, offset: offset, split: true)
                #expect(split == whole, "\(query) limit \(limit) offset \(offset)")
                #expect(query.hasPrefix("zzyzx") || whole.total > 40, "\(query): too few matches to split")
            }
        }
        #expect(temp.index.splitHelper != nil, "the searches were split")
    }

    @Test func nearCopiesFoldAsInOneStatement() throws {
        let articles = try TopKPruningTests.bbcArticles(["business"])
        let temp = try TemporaryIndex(articles)
        // Near copies of articles in both halves of the ids, which fold into their articles.
        for id: Int64 in [3, 40, Int64(articles.count) - 2] {
            let original = articles[Int(id) - 1]
            let copy = article(original.title, original.body + " Markets said the figures were a surprise.")
            try temp.index.write { writer in
                let record = ArticleRecord(article: copy, filePath: "duplicates/\(id).txt", sourceName: "\(id).txt", fileHash: "h\(id)", itemIndex: 0)
                try writer.recordDuplicate(DuplicateRecord(articleID: id, kind: .near, similarity: 0.9, title: copy.title, sourceName: "\(id).txt",
                                                           filePath: "duplicates/\(id).txt", fileHash: "h\(id)", copy: record), at: 0)
            }
        }
        for query in ["markets surprise", "said figures", "said"] {
            for offset in [0, 5] {
                let whole = try page(temp.index, query, offset: offset, split: false)
                #expect(try page(temp.index, query, offset: offset, split: true) == whole, "\(query) offset \(offset)")
            }
        }
    }

    /// Forty short articles; 35 alone lacks `alpha`.
    private static func alphaArticles() -> [Article] {
        (1...40).map { i in article("Report \(i)", "\(i == 35 ? "beta" : "alpha") term\(i) common filler words here") }
    }

    @Test func aHelperThatFailsLeavesNoTransactionAndTheSearchRunsAsOneStatement() throws {
        let temp = try TemporaryIndex(Self.alphaArticles())
        temp.index.splitThresholds = .init(articles: 0, rarestWord: 0)
        _ = try temp.index.search(SearchRequest(query: "alpha"))
        let helper = try #require(temp.index.splitHelper)
        // The helper cannot read FTS5's records (standing for BUSY, IOERR, NOMEM… after its BEGIN).
        sqlite3_set_authorizer(helper.handle, { _, action, table, _, _, _ in
            action == SQLITE_READ && table.map { String(cString: $0) } == "articles_fts_data" ? SQLITE_DENY : SQLITE_OK
        }, nil)
        #expect(try temp.index.search(SearchRequest(query: "alpha")).total == 39)
        sqlite3_set_authorizer(helper.handle, nil, nil)
        #expect(helper.isAutocommit, "the helper was left inside its transaction")
        #expect(try temp.index.search(SearchRequest(query: "alpha")).total == 39, "the next search splits again")
    }

    @Test func aCommitBetweenTheTwoSnapshotsIsSeenEvenWhenTheTotalsDoNotChange() throws {
        let temp = try TemporaryIndex(Self.alphaArticles())
        temp.index.splitThresholds = .init(articles: 0, rarestWord: 0)
        let writer = try SQLiteIndex(path: temp.path)
        let totals = { try temp.index.connection.cached("SELECT block FROM articles_fts_data WHERE id = 1").first { $0.blob(0) } }
        let before = try totals()
        // While the main connection counts the phrases (its snapshot taken), article 35 gets
        // a revision with as many tokens per column, now matching.
        whenCountsStart = {
            whenCountsStart = nil
            _ = try? writer.write { try $0.replace(id: 35, with: record(article("Report 35", "alpha term35 common filler words here"), 99), at: 1) }
        }
        sqlite3_trace_v2(temp.index.connection.handle, UInt32(SQLITE_TRACE_STMT), { _, _, statement, _ in
            if let statement, let sql = sqlite3_sql(OpaquePointer(statement)), String(cString: sql).contains("newsd_phrase_counts") {
                whenCountsStart?()
            }
            return 0
        }, nil)
        defer { sqlite3_trace_v2(temp.index.connection.handle, 0, nil, nil) }
        var request = SearchRequest(query: "alpha")
        request.limit = 100
        request.explain = true
        let results = try temp.index.search(request)
        #expect(whenCountsStart == nil, "the revision was committed")
        #expect(try totals() == before, "the totals record cannot tell the snapshots apart")
        // The search reads the main connection's snapshot throughout: 35 does not match there.
        #expect(results.total == 39)
        #expect(!results.hits.map(\.id).contains(35))
    }

    @Test func aWindowOfNoRowsCountsAsOneStatementDoes() throws {
        let temp = try TemporaryIndex(Self.alphaArticles())
        var request = SearchRequest(query: "alpha")
        request.limit = 0
        request.offset = 5
        temp.index.splitThresholds = .init(articles: .max, rarestWord: .max)
        let whole = try temp.index.search(request).total
        temp.index.splitThresholds = .init(articles: 0, rarestWord: 0)
        #expect(try temp.index.search(request).total == whole)
    }
}
