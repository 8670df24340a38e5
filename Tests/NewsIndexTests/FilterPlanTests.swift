import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Filtered searches narrow the matches through covering indexes of both tiers of filter
/// entries: no combination of site, language and date filters may read article rows (each row
/// read walks the long body) or scan a tier's table.
struct FilterPlanTests {
    @Test(arguments: ["site:x.org", "lang:en", "date:2015", "site:x.org date:2015", "lang:en date:2015",
                      "site:x.org lang:en", "site:x.org lang:en date:2015"])
    func everyFilterCombinationIsAnsweredFromAnIndex(filters: String) throws {
        let temp = try TemporaryIndex([article("Oil prices rise", "Crude rose.", date: "2015-05-04", url: "https://x.org/a", language: "en")])
        let sql = SQLiteIndex.metadataFilters(try QueryParser.parse(filters))
        for table in FilterEntries.tables {
            let plan = try temp.index.connection.prepare("EXPLAIN QUERY PLAN SELECT a.id FROM \(table) a WHERE " + sql.clauses.joined(separator: " AND "))
                .map(sql.values) { $0.string(3) ?? "" }.joined(separator: "; ")
            #expect(plan.contains("COVERING INDEX"), "\(table) \(filters): \(plan)")
        }
    }

    /// Counting the articles (`newsq stats`, `status`) reads the entries, not the articles.
    @Test func theArticleCountReadsNoArticleRow() throws {
        let temp = try TemporaryIndex([article("Oil prices rise", "Crude rose.")])
        let plan = try temp.index.connection.prepare("EXPLAIN QUERY PLAN " + FilterEntries.articleCount).map { $0.string(3) ?? "" }
        #expect(!plan.contains { $0.contains("articles") && !$0.contains("article_filters") }, "\(plan)")
        #expect(try temp.index.stats().articles == 1)
    }
}
