import Foundation
import NewsCore
import Testing
@testable import NewsIndex

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
}
