import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Filtered searches narrow the matches through covering indexes: no combination of site,
/// language and date filters may read article rows (each row read walks the long body).
struct FilterPlanTests {
    /// The filter shapes `SQLiteIndex.search` builds (Searcher.swift), combined as it combines them.
    static let site = "(a.site = 'x.org' OR a.site LIKE '%.x.org' ESCAPE '\\')"
    static let language = "a.language IN ('en')"
    static let dates = "a.date_epoch >= 0 AND a.date_epoch < 2000000000"

    @Test(arguments: [[site], [language], [dates], [site, dates], [language, dates], [site, language], [site, language, dates]])
    func everyFilterCombinationIsAnsweredFromAnIndex(filters: [String]) throws {
        let temp = try TemporaryIndex([article("Oil prices rise", "Crude rose.", date: "2015-05-04", url: "https://x.org/a", language: "en")])
        let plan = try temp.index.connection.prepare("EXPLAIN QUERY PLAN SELECT a.id FROM articles a WHERE " + filters.joined(separator: " AND "))
            .map { $0.string(3) ?? "" }.joined(separator: "; ")
        #expect(plan.contains("COVERING INDEX"), "\(filters): \(plan)")
    }
}
