import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Near duplicates are searchable (schema 7), and an article still shows once: as its
/// best-ranked version, carrying the count of its copies.
struct NearCopySearchTests {
    /// Records `copy` as a near duplicate of article `id`, its text kept searchable.
    private func recordNearCopy(_ copy: Article, of id: Int64, in temp: TemporaryIndex, name: String) throws {
        try temp.index.write { writer in
            let record = ArticleRecord(article: copy, filePath: "duplicates/\(name)", sourceName: name, fileHash: "h-\(name)", itemIndex: 0)
            try writer.recordDuplicate(DuplicateRecord(articleID: id, kind: .near, similarity: 0.9, title: copy.title, sourceName: name,
                                                       filePath: "duplicates/\(name)", fileHash: "h-\(name)", copy: record), at: 0)
        }
    }

    private let body = "Ministers met on Tuesday to discuss the budget. The talks ran late into the night and ended without agreement."

    @Test func wordsOnlyTheCopyHoldsFindTheArticleThroughIt() throws {
        let temp = try TemporaryIndex([article("Budget talks stall", body, date: "2024-03-05"),
                                       article("Harvest festival opens", "Farmers gathered for the harvest festival.")])
        try recordNearCopy(article("Budget talks stall again", body + " A spokesman for the treasury declined to comment.",
                                   date: "2024-03-06", url: "https://wire.example.com/budget"), of: 1, in: temp, name: "wire.txt")
        let results = try temp.index.search(SearchRequest(query: "treasury spokesman"))
        #expect(results.total == 1)
        let hit = try #require(results.hits.first)
        #expect(hit.id == 1, "the article the copy duplicates, so `newsq show` prints it")
        #expect(hit.nearCopy && hit.title == "Budget talks stall again" && hit.path == "duplicates/wire.txt")
        #expect(hit.snippet.contains(Highlight.start + "treasury" + Highlight.end))
        #expect(hit.duplicates == 1)
        // Filters read the copy's own metadata.
        #expect(try temp.titles("treasury site:wire.example.com") == ["Budget talks stall again"])
        #expect(try temp.titles("treasury date:2024-03-06..") == ["Budget talks stall again"])
        #expect(try temp.titles("treasury date:..2024-03-05").isEmpty)
        // Explaining a copy's score reads the copy's row.
        var explained = SearchRequest(query: "treasury spokesman")
        explained.explain = true
        let why = try #require(try temp.index.search(explained).hits.first?.explanation)
        #expect(why.columns.contains { column in column.matched.contains { $0.text == "treasury" } })
    }

    @Test func anArticleAndItsCopyMatchingAlikeAreOneResult() throws {
        let temp = try TemporaryIndex([article("Budget talks stall", body)])
        try recordNearCopy(article("Budget talks stall", body + " Reporting by staff."), of: 1, in: temp, name: "copy.txt")
        let results = try temp.index.search(SearchRequest(query: "budget talks"))
        #expect(results.total == 1 && results.hits.map(\.id) == [1])
        #expect(try temp.index.search(SearchRequest(query: "budget talks -harvest")).hits.map(\.id) == [1])
        #expect(try temp.index.search(SearchRequest(query: "budget talks date:2000..")).hits.map(\.id).isEmpty,
                "undated versions pass no date filter")
        // The other orders do not search copies: the article alone.
        for sort in [SearchSort.newest, .oldest] {
            var request = SearchRequest(query: "budget talks")
            request.sort = sort
            #expect(try temp.index.search(request).hits.map(\.id) == [1])
        }
    }

    @Test func pagesNeverRepeatAnArticleAndTheTotalCountsArticles() throws {
        let temp = try TemporaryIndex((1...15).map { n in
            article("Reserves report \(n)", "The central bank added reserves on day \(n) of the operation, dealers said.")
        })
        for id in Int64(1)...15 {
            // Shorter copies rank above their articles for the common word.
            try recordNearCopy(article("Reserves \(id)", "Reserves added on day \(id), dealers said."), of: id, in: temp, name: "c\(id).txt")
        }
        var seen: [Int64] = [], copiesShown = 0
        for offset in [0, 10] {
            var request = SearchRequest(query: "reserves dealers")
            request.offset = offset
            let page = try temp.index.search(request)
            #expect(page.total == 15, "offset \(offset)")
            seen += page.hits.map(\.id)
            copiesShown += page.hits.filter(\.nearCopy).count
        }
        #expect(copiesShown > 0, "the test folds copies that rank first")
        #expect(seen.count == 15 && Set(seen).count == 15, "every article once across the pages: \(seen)")
    }

    @Test func theIndexStaysConsistentWithCopiesThroughARebuild() throws {
        let temp = try TemporaryIndex([article("Budget talks stall", body, language: "en")])
        try recordNearCopy(article("Haushaltsgespräche stocken", "Die Minister berieten über die Haushalte.", language: "de"),
                           of: 1, in: temp, name: "de.txt")
        #expect(try temp.index.check().fullTextProblem == nil)
        try temp.index.rebuildFullTextIndex()
        #expect(try temp.index.check().fullTextProblem == nil)
        // The copy is stemmed in its own language, and queries stem in it though no article
        // has it: "Ministern" (German stem "minist") finds "Minister".
        #expect(try temp.titles("ministern") == ["Haushaltsgespräche stocken"])
    }

    @Test func aReplacedArticleTakesItsCopiesOutOfTheIndex() throws {
        let temp = try TemporaryIndex([article("Budget talks stall", body)])
        let copy = article("Budget talks stall again", body + " A spokesman for the treasury declined to comment.")
        try recordNearCopy(copy, of: 1, in: temp, name: "wire.txt")
        // Delivered again, the copy is an exact duplicate of the article it was folded into.
        let key = ArticleRecord(article: copy, filePath: "x", sourceName: "x", fileHash: "x", itemIndex: 0).contentKey
        #expect(try temp.index.write { try $0.articleID(contentKey: key) } == 1)
        #expect(try temp.titles("treasury") == ["Budget talks stall again"])
        // A new version of the article: the copies were copies of the old one.
        _ = try temp.index.write { writer in
            try writer.replace(id: 1, with: ArticleRecord(article: article("Harvest festival opens", "Farmers gathered for the harvest."),
                                                          filePath: "v2", sourceName: "v2", fileHash: "v2", itemIndex: 0), at: 1)
        }
        #expect(try temp.titles("treasury").isEmpty)
        #expect(try temp.titles("budget").isEmpty)
        #expect(try temp.titles("harvest") == ["Harvest festival opens"])
        #expect(try temp.index.check().fullTextProblem == nil)
        #expect(try temp.index.write { try $0.articleID(contentKey: key) } == nil)
    }
}
