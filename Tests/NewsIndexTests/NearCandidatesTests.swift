import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Which stored articles a near-duplicate check compares (`NearCandidates`).
struct NearCandidatesTests {
    @Test func membersOfACommonKeyAreComparedOnlyWhenTheyShareASecondKey() {
        let common = Array(Int64(100)...130)  // 31 articles hold this key (boilerplate)
        // Most shared keys first, then newest: 120 shares two keys; 1, 2 and 5 hold rare keys.
        #expect(NearCandidates.select(members: [[1, 2], common, [120, 5]]) == [120, 5, 2, 1])
    }

    @Test func aCheckComparesAtMostTheLimit() {
        let rareKeys = (0..<16).map { key in (0..<8).map { Int64(key * 8 + $0) } }
        #expect(NearCandidates.select(members: rareKeys).count == NearCandidates.limit)
    }

    /// Real articles made mostly of the same boilerplate share many band keys through it; an
    /// edited copy of one of them must still be matched with that one, not with a sibling.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
    func nearCopyIsFoundAmongArticlesSharingBoilerplate() throws {
        func words(_ text: String, _ count: Int) -> String { text.split(separator: " ").prefix(count).joined(separator: " ") }
        let boilerplate = words(try #require(TopKPruningTests.bbcArticles(["business"]).first).body, 150)
        let own = try TopKPruningTests.bbcArticles(["tech"]).prefix(40).map { article($0.title, words($0.body, 60) + "\n\n" + boilerplate) }
        let temp = try TemporaryIndex()
        let ids = try temp.index.write { writer in
            try own.enumerated().map { n, a in
                try writer.insert(ArticleRecord(article: a, filePath: "\(n)", sourceName: "\(n)", fileHash: "h\(n)", itemIndex: 0), at: 0)
            }
        }
        let busiestKey = try temp.index.read {
            try temp.index.connection.scalar("SELECT max(n) FROM (SELECT count(*) AS n FROM near_bands_recent GROUP BY band_key)")
        }
        #expect(busiestKey > Int64(NearCandidates.rareKeyMembers), "the boilerplate should make common keys")

        let edited = article(own[7].title, own[7].body + " Shares closed higher on the news.")
        let signature = try #require(ArticleRecord(article: edited, filePath: "e", sourceName: "e", fileHash: "he", itemIndex: 0).minHash)
        let found = try temp.index.write { try $0.nearestDuplicate(of: signature, threshold: 0.8) }
        #expect(found?.id == ids[7])
    }
}
