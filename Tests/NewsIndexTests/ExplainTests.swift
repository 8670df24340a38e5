import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// `--explain`: each result's score split by field, the words that matched and in which form.
struct ExplainTests {
    @Test func explainsFieldsWordFormsAndTheExactFormBonus() throws {
        let temp = try TemporaryIndex([
            article("Oil prices rise", "Crude oil prices rose sharply on Monday as supply fell."),
            article("Oil price rising again", "The price of crude kept rising through the week."),
        ])
        var request = SearchRequest(query: "prices rise")
        request.explain = true
        let hits = try temp.index.search(request).hits
        #expect(hits.map(\.title) == ["Oil prices rise", "Oil price rising again"], "the forms typed rank first")

        let first = try #require(hits[0].explanation)
        #expect(first.score == hits[0].score, "the explained score is the ranking score")
        let stems = try #require(first.stemsOnlyScore)
        #expect(first.score < stems, "the exact forms add to the stems' score (lower ranks higher)")
        let title = try #require(first.columns.first { $0.name == "title" })
        #expect(title.weight == RankWeights.default.title)
        #expect(title.matched == [.init(text: "prices", exactForm: true), .init(text: "rise", exactForm: true)])
        let body = try #require(first.columns.first { $0.name == "body" })
        #expect(body.matched.contains(.init(text: "rose", exactForm: false)) == false, "rose is not a Porter form of rise")
        #expect(body.matched.contains(.init(text: "prices", exactForm: true)))

        let second = try #require(hits[1].explanation)
        let secondTitle = try #require(second.columns.first { $0.name == "title" })
        #expect(secondTitle.matched == [.init(text: "price", exactForm: false), .init(text: "rising", exactForm: false)])
        #expect(second.columns.map(\.name) == ["title", "body"], "fields without a match are left out")
        #expect(try temp.index.search(SearchRequest(query: "prices rise")).hits.allSatisfy { $0.explanation == nil }, "only when asked")
    }
}
