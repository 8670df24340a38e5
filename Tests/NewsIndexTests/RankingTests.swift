import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// BM25F parameters and the proximity bonus (CSQLite/ranking.h).
struct RankingTests {
    // Same words, same lengths; only the order and adjacency of "oil" and "prices" differ.
    static let apart = article("Prices fell as crude oil stocks grew", "Traders said supplies were ample this week.")
    static let adjacent = article("Oil prices fell as crude stocks grew", "Traders said supplies were ample this week.")

    @Test func queryWordsSideBySideInTheOrderTypedRankFirst() throws {
        // The apart article is stored first, so without the bonus it would win the tie.
        let index = try TemporaryIndex([Self.apart, Self.adjacent])
        #expect(try index.titles("oil prices") == [Self.adjacent.title, Self.apart.title])
        #expect(try index.titles("oil prices") { $0.weights.proximity = 0 } == [Self.apart.title, Self.adjacent.title],
                "without the bonus the two tie and the older one comes first")
    }

    @Test func theBonusNeedsTheOrderTyped() throws {
        let index = try TemporaryIndex([Self.adjacent, Self.apart])
        let forward = try index.index.search(SearchRequest(query: "oil prices")).hits
        let backward = try index.index.search(SearchRequest(query: "prices oil")).hits
        let adjacentForward = try #require(forward.first { $0.title == Self.adjacent.title })
        let adjacentBackward = try #require(backward.first { $0.title == Self.adjacent.title })
        #expect(adjacentForward.score < adjacentBackward.score, "\(adjacentForward.score) vs \(adjacentBackward.score)")
    }

    @Test func k1AndBChangeScoresNotMatches() throws {
        let index = try TemporaryIndex([Self.apart, Self.adjacent, article("Gold steady", "Oil was not mentioned much.")])
        let base = try index.index.search(SearchRequest(query: "oil")).hits
        var request = SearchRequest(query: "oil")
        request.weights.k1 = 2.0
        request.weights.b = 0
        let tuned = try index.index.search(request).hits
        #expect(Set(base.map(\.id)) == Set(tuned.map(\.id)))
        #expect(base.map(\.score) != tuned.map(\.score))
    }

    @Test func phraseMapNamesEachTopLevelWordsPhrases() throws {
        let compiler = FTSCompiler(stemmingIn: ["en"])
        #expect(compiler.phraseMap(try QueryParser.parse("oil prices rise"), exactForms: true) == "aabbcc")
        #expect(compiler.phraseMap(try QueryParser.parse("oil prices rise"), exactForms: false) == "abc")
        #expect(compiler.phraseMap(try QueryParser.parse("\"oil prices\" pric* -gold"), exactForms: true) == "aab-")
        #expect(compiler.phraseMap(try QueryParser.parse("(oil OR gas) title:prices NEAR(a b, 3) rise"), exactForms: true) == "--------dd")
    }
}
