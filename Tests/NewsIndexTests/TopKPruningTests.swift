import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// The ranking function scores exactly only the rows that can reach the page asked for
/// (`keep` in CSQLite/ranking.h) and bounds the others without reading their lengths. Pages
/// must come out as if every match had been scored exactly: asking for every match at once
/// (a `keep` above the number of matches) prunes nothing, and is the reference.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
struct TopKPruningTests {

    /// Real BBC articles from two sections: a headline line, then the text.
    static func bbcArticles(_ sections: [String]) throws -> [Article] {
        try sections.flatMap { section -> [Article] in
            let folder = bbcCorpus.appendingPathComponent(section)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
                return article(lines[0], lines.count > 1 ? lines[1] : "")
            }
        }
    }

    @Test func pagesMatchAnExactRankingOfEveryMatch() throws {
        let index = try TemporaryIndex(try Self.bbcArticles(["business", "politics"]))
        // Common words (hundreds of matches, most of them pruned), a title word, a phrase.
        for query in ["said year", "government plans", "market growth", "labour", "bank rates", "\"interest rates\" rise"] {
            var everything = SearchRequest(query: query)
            everything.limit = 1000
            let reference = try index.index.search(everything).hits
            #expect(reference.count > 40, "\(query): too few matches to prune")
            for offset in [0, 10, 25] {
                var request = SearchRequest(query: query)
                request.offset = offset
                let page = try index.index.search(request).hits
                let expected = Array(reference.dropFirst(offset).prefix(10))
                #expect(page.map(\.id) == expected.map(\.id), "\(query) from \(offset)")
                #expect(page.map(\.score) == expected.map(\.score), "\(query) from \(offset): pruning must not change a shown score")
            }
        }
    }

    @Test func filteredPagesMatchToo() throws {
        let articles = try Self.bbcArticles(["business"]).enumerated().map { offset, item -> Article in
            var item = item
            item.sourceURL = "https://site\(offset % 3).example.com/\(offset)"
            return item
        }
        let index = try TemporaryIndex(articles)
        var everything = SearchRequest(query: "said site:site1.example.com")
        everything.limit = 1000
        let reference = try index.index.search(everything).hits
        #expect(reference.count > 40)
        var request = SearchRequest(query: "said site:site1.example.com")
        request.offset = 10
        #expect(try index.index.search(request).hits.map(\.id) == Array(reference.dropFirst(10).prefix(10)).map(\.id))
    }

    @Test func windowsThatCannotBePrunedScoreEveryRow() throws {
        let index = try TemporaryIndex(try Self.bbcArticles(["business"]))
        var everything = SearchRequest(query: "said")
        everything.limit = 1000
        let reference = try index.index.search(everything).hits
        // An unbounded limit, a negative offset (SQLite reads it as 0), a window past the
        // pruning cap: every row is scored exactly, and nothing overflows.
        for (limit, offset) in [(Int.max, 0), (10, -5), (Int.max, Int.max), (200_000, 10)] {
            var request = SearchRequest(query: "said")
            request.limit = limit
            request.offset = offset
            let hits = try index.index.search(request).hits
            let expected = Array(reference.dropFirst(max(offset, 0)).prefix(limit))
            #expect(hits.map(\.id) == expected.map(\.id), "limit \(limit) offset \(offset)")
            #expect(hits.map(\.score) == expected.map(\.score), "limit \(limit) offset \(offset)")
        }
    }
}
