import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Copies of an article are one result, carrying their count.
struct DuplicateCountTests {
    @Test func aResultCountsTheCopiesItStandsFor() throws {
        let temp = try TemporaryIndex([article("Fed adds reserves", "The Federal Reserve added reserves via customer repurchases."),
                                       article("Gold falls", "Gold fell for a third day.")])
        try temp.index.write { writer in
            for (n, kind) in [DuplicateRecord.Kind.exact, .near].enumerated() {
                try writer.recordDuplicate(DuplicateRecord(articleID: 1, kind: kind, similarity: kind == .exact ? 1 : 0.9, title: "Fed adds reserves",
                                                           sourceName: "copy\(n).txt", filePath: "duplicates/copy\(n).txt", fileHash: "h\(n)"), at: 0)
            }
        }
        for sort in SearchSort.allCases {
            var request = SearchRequest(query: "reserves")
            request.sort = sort
            #expect(try temp.index.search(request).hits.map(\.duplicates) == [2], "one result with its two copies (\(sort))")
        }
        #expect(try temp.index.search(SearchRequest(query: "gold")).hits.map(\.duplicates) == [0])
    }
}
