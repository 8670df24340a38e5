import Foundation
import NewsCore
@testable import NewsIndex
import Testing

/// The newest articles' band keys are held in memory (`RecentBands`), derived from their stored
/// signatures: whatever this connection's memory misses, the database still implies.
struct RecentBandsTests {
    let original = ArticleRecord(article: article("Qalamoun battle", NearDuplicateFilterTests.body), filePath: "a", sourceName: "a",
                                 fileHash: "h1", itemIndex: 0)
    let edited = ArticleRecord(article: article("Qalamoun battle", NearDuplicateFilterTests.body + " Reporting by our correspondent."),
                               filePath: "b", sourceName: "b", fileHash: "h2", itemIndex: 0)

    /// Keys added in a transaction that rolled back are dropped from memory (a merge would
    /// otherwise write rows for an article that does not exist).
    @Test func aRolledBackTransactionLeavesNoKeysInMemory() throws {
        struct Abort: Error {}
        let temp = try TemporaryIndex()
        #expect(throws: Abort.self) { try temp.index.write { writer in _ = try writer.insert(original, at: 0); throw Abort() } }
        try temp.index.write { _ in try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys) }
        #expect(temp.index.recentBands.articles == 0)
        #expect(try temp.index.connection.scalar("SELECT count(*) FROM near_bands_mid") == 0)
    }

    /// An article another connection added (`newsq import`, a second writer) is found by this
    /// one's next check, although its bands are in no table.
    @Test func anArticleAnotherConnectionAddedIsFound() throws {
        let temp = try TemporaryIndex()
        let copy = try #require(edited.minHash)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) } == nil)
        let id = try SQLiteIndex(path: temp.path).write { try $0.insert(original, at: 0) }
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
    }

    /// A restarted writer rebuilds the newest bands from their signatures; once it merges them
    /// into the middle table they must pass its band-key filter (built before, from the tables).
    @Test func bandsRebuiltAfterARestartAreFoundOnceMerged() throws {
        let temp = try TemporaryIndex()
        let id = try temp.index.write { try $0.insert(original, at: 0) }
        let restarted = try SQLiteIndex(path: temp.path)
        let copy = try #require(edited.minHash)
        #expect(try restarted.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
        try restarted.write { _ in try BandStaging.merge(restarted.connection, restarted.recentBands, filter: restarted.bandKeys) }
        #expect(restarted.recentBands.articles == 0)
        #expect(try restarted.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
    }

    /// `similar` compares the signatures of articles whose bands are held in memory only (it
    /// runs in another process), and finds them once merged too.
    @Test func similarFindsArticlesWhoseBandsAreInNoTable() throws {
        let temp = try TemporaryIndex()
        let (id, copy) = try temp.index.write { (try $0.insert(original, at: 0), try $0.insert(edited, at: 0)) }
        #expect(try temp.index.similar(to: id, threshold: 0.8, limit: 5).map(\.id) == [copy])
        try temp.index.write { _ in try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys) }
        #expect(try temp.index.similar(to: id, threshold: 0.8, limit: 5).map(\.id) == [copy])
    }

    /// A schema-15 database: its staged band rows move to the middle tier, the staging table
    /// goes, and the mark covers every stored signature.
    @Test func version15StagedRowsMoveToTheMiddleTier() throws {
        let scratch = try ScratchDatabase("bands15")
        defer { scratch.remove() }
        try scratch.create(version: 15) { connection in
            try connection.execute("""
                INSERT INTO article_minhash (article_id, minhash) VALUES (3, x'00'), (5, x'00');
                INSERT INTO near_bands_recent (band_key, article_id) VALUES (42, 5), (-7, 3);
                """)
        }
        let index = try SQLiteIndex(path: scratch.path)
        let connection = index.connection
        #expect(try connection.scalar("SELECT count(*) FROM near_bands_mid WHERE (band_key, article_id) IN (VALUES (42, 5), (-7, 3))") == 2)
        #expect(try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'near_bands_recent'") == 0)
        #expect(try RecentBands.storedMark(in: connection) == 5)
        #expect(try connection.scalar("SELECT count(*) FROM near_bands_all") == 2)
    }

    /// Article `n` of the tests below: 60 words of its own.
    static func numbered(_ n: Int, extra: String = "") -> ArticleRecord {
        let body = (0..<60).map { "w\(n)x\($0)" }.joined(separator: " ") + extra
        return ArticleRecord(article: article("Article \(n)", body), filePath: "\(n)\(extra.count)", sourceName: "\(n)",
                             fileHash: "h\(n)-\(extra.count)", itemIndex: 0)
    }

    /// The writer merges the keys it holds once there are `mergeLimit` articles, moving the
    /// mark; near copies are found on both sides of the mark, by this connection and another.
    /// A merge of 5 articles writes 80 rows: more than one statement's worth.
    @Test func theWriterMergesOnceItHoldsTheLimit() throws {
        let temp = try TemporaryIndex()
        temp.index.recentBands.mergeLimit = 5
        #expect(5 * MinHashSignature.bands > BandStaging.rowsPerInsert)
        let ids = try (1...11).map { n in try temp.index.write { try $0.insert(Self.numbered(n), at: 0) } }
        let connection = temp.index.connection
        #expect(try RecentBands.storedMark(in: connection) == ids[9])
        #expect(try connection.scalar("SELECT count(*) FROM near_bands_mid") == Int64(10 * MinHashSignature.bands))
        #expect(temp.index.recentBands.articles == 1)
        for n in [2, 7, 11] {
            let copy = try #require(Self.numbered(n, extra: " and one more word").minHash)
            #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == ids[n - 1])
            #expect(try SQLiteIndex(path: temp.path).write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == ids[n - 1])
        }
    }

    /// A merge in a transaction that rolls back is undone in memory too: the mark is the
    /// stored one again and the rolled-back articles' keys are gone.
    @Test func aRolledBackMergeIsForgotten() throws {
        struct Abort: Error {}
        let temp = try TemporaryIndex()
        temp.index.recentBands.mergeLimit = 2
        #expect(throws: Abort.self) {
            try temp.index.write { writer in
                _ = try writer.insert(Self.numbered(1), at: 0)
                _ = try writer.insert(Self.numbered(2), at: 0)
                #expect(temp.index.recentBands.storedThrough > 0)
                throw Abort()
            }
        }
        let id = try temp.index.write { try $0.insert(Self.numbered(3), at: 0) }
        #expect(temp.index.recentBands.storedThrough == 0 && temp.index.recentBands.articles == 1)
        #expect(try temp.index.connection.scalar("SELECT count(*) FROM near_bands_mid") == 0)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: try #require(Self.numbered(1).minHash), threshold: 0.8) } == nil)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: try #require(Self.numbered(3).minHash), threshold: 0.8) }?.id == id)
    }

    /// `similar` lists from the bands at 0.7 and above: a pair 48/64 alike that shares no band
    /// (one value differs in each) is not listed, whether the bands are in memory or merged.
    @Test func similarListsNoPairWithoutASharedBand() throws {
        let temp = try TemporaryIndex()
        let values = (0..<UInt32(MinHashSignature.size)).map { $0 &* 7919 &+ 13 }
        let apart = values.enumerated().map { i, v in i % MinHashSignature.rowsPerBand == 0 ? v &+ 1 : v }
        var first = Self.numbered(1), second = Self.numbered(2)
        first.minHash = NearCandidatesTests.signature(values: values)
        second.minHash = NearCandidatesTests.signature(values: apart)
        #expect(first.minHash!.similarity(to: second.minHash!) == 0.75)
        let id = try temp.index.write { writer in let id = try writer.insert(first, at: 0); _ = try writer.insert(second, at: 0); return id }
        #expect(try temp.index.similar(to: id, threshold: 0.7, limit: 5).isEmpty)
        try temp.index.write { _ in try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys) }
        #expect(try temp.index.similar(to: id, threshold: 0.7, limit: 5).isEmpty)
        #expect(try temp.index.similar(to: id, threshold: 0.5, limit: 5).map(\.id) == [id + 1])
    }

    /// `newsq check` counts the band rows against the signatures: 16 for each one up to the
    /// mark, none above it.
    @Test func checkCountsTheBandRowsAgainstTheSignatures() throws {
        let temp = try TemporaryIndex()
        temp.index.recentBands.mergeLimit = 2
        let ids = try (1...3).map { n in try temp.index.write { try $0.insert(Self.numbered(n), at: 0) } }
        #expect(try DerivedTables.problems(temp.index.connection).isEmpty)
        let connection = temp.index.connection
        try connection.execute("DELETE FROM near_bands_mid WHERE (band_key, article_id) = (SELECT band_key, article_id FROM near_bands_mid LIMIT 1)")
        #expect(try DerivedTables.problems(connection) == ["1 band rows missing or left over (near-duplicate lookups)"])
        try connection.execute("INSERT INTO near_bands_mid (band_key, article_id) VALUES (1, \(ids[2]))")
        #expect(try DerivedTables.problems(connection).contains("1 band rows of articles above the band mark"))
    }
}
