import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// The keys that find an article again (content-key prefix, URL, slug on its site) are found in
/// either tier (schema 11); a replaced article only by its new keys; migration 11 builds the
/// keys of existing articles.
struct DedupKeysTests {
    private func keyCount(_ temp: TemporaryIndex, table: String, id: Int64) throws -> Int64 {
        try temp.index.connection.scalar("SELECT count(*) FROM \(table) WHERE article_id = ?", [.integer(id)])
    }

    @Test(arguments: [false, true])
    func lookupsFindKeysStagedOrMerged(merged: Bool) throws {
        let temp = try TemporaryIndex()
        var story = article("Oil prices rise", "Crude rose on Monday.", url: "https://www.x.org/oil")
        story.slug = "oil-prices-rise"
        let first = record(story)
        let id = try temp.index.write { try $0.insert(first, at: 0) }
        if merged { try temp.index.write { _ in try DedupKeys.merge(temp.index.connection) } }
        #expect(try keyCount(temp, table: "dedup_keys_recent", id: id) == (merged ? 0 : 3))
        #expect(try keyCount(temp, table: "dedup_keys", id: id) == (merged ? 3 : 0))
        let site = try #require(first.site), url = try #require(first.urlKey)
        let samePrefix = String(first.contentKey.prefix(16)) + String(repeating: "0", count: first.contentKey.count - 16)
        let found = try temp.index.write { writer in
            [try writer.articleID(contentKey: first.contentKey), try writer.articleID(contentKey: samePrefix),
             try writer.articleID(urlKey: url), try writer.articleID(slug: "oil-prices-rise", site: site),
             try writer.articleID(slug: "oil-prices-rise", site: "y.org")]
        }
        // Content key, the same prefix of another key (not a match), URL, slug on its site, on another site.
        #expect(found == [id, nil, id, id, nil])
    }

    /// Records `copy` as a near copy of article `id`.
    private func recordNearCopy(_ copy: ArticleRecord, of id: Int64, in temp: TemporaryIndex) throws {
        try temp.index.write { writer in
            try writer.recordDuplicate(DuplicateRecord(articleID: id, kind: .near, similarity: 0.9, title: copy.article.title,
                                                       sourceName: copy.sourceName, filePath: copy.filePath, fileHash: copy.fileHash,
                                                       copy: copy), at: 0)
        }
    }

    /// The writer asks a filter of stored keys before each lookup: keys stored by another
    /// connection (`newsq import`), by its own earlier transactions, near copies' text keys
    /// and keys rewritten by a rebuild on its own connection are all still found.
    @Test func theKeyFilterNeverHidesAStoredKey() throws {
        let temp = try TemporaryIndex()
        let oil = record(article("Oil prices rise", "Crude rose on Monday.", url: "https://x.org/oil"))
        let gold = record(article("Gold falls", "Gold fell as the dollar rose.", url: "https://x.org/gold"))
        // The filter is built in a first transaction, before either article exists.
        #expect(try temp.index.write { try $0.articleID(contentKey: oil.contentKey) } == nil)
        let other = try SQLiteIndex(path: temp.path)
        let oilID = try other.write { try $0.insert(oil, at: 0) }
        let goldID = try temp.index.write { try $0.insert(gold, at: 0) }
        let copy = record(article("Oil prices rise sharply", "Crude rose sharply on Monday, traders said."))
        try recordNearCopy(copy, of: goldID, in: temp)
        let found = try temp.index.write { writer in
            [try writer.articleID(contentKey: oil.contentKey), try writer.articleID(urlKey: try #require(oil.urlKey)),
             try writer.articleID(contentKey: gold.contentKey), try writer.articleID(contentKey: copy.contentKey)]
        }
        #expect(found == [oilID, oilID, goldID, goldID])
        _ = try temp.index.rebuildFullTextIndex()
        #expect(try temp.index.write { try $0.articleID(urlKey: try #require(gold.urlKey)) } == goldID)
        // With no other connection committing, this connection's own keys reach the filter.
        let silver = record(article("Silver steady", "Silver held steady in London.", url: "https://x.org/silver"))
        let silverID = try temp.index.write { try $0.insert(silver, at: 0) }
        let again = record(article("Silver steady again", "Silver held steady again on Tuesday, dealers in London said."))
        try recordNearCopy(again, of: silverID, in: temp)
        let own = try temp.index.write { writer in
            [try writer.articleID(urlKey: try #require(silver.urlKey)), try writer.articleID(contentKey: again.contentKey)]
        }
        #expect(own == [silverID, silverID])
    }

    /// A rebuild on the writer's own connection writes keys the filter never saw (here the
    /// keys of an article whose key rows had been lost): the filter is built again.
    @Test func keysRewrittenByARebuildAreFound() throws {
        let temp = try TemporaryIndex()
        let oil = record(article("Oil prices rise", "Crude rose on Monday.", url: "https://x.org/oil"))
        let id = try temp.index.write { try $0.insert(oil, at: 0) }
        try temp.index.connection.execute("DELETE FROM dedup_keys_recent")
        #expect(try temp.index.write { try $0.articleID(urlKey: try #require(oil.urlKey)) } == nil)
        _ = try temp.index.rebuildFullTextIndex()
        #expect(try temp.index.write { try $0.articleID(urlKey: try #require(oil.urlKey)) } == id)
    }

    @Test(arguments: [false, true])
    func aReplacedArticleIsFoundByItsNewKeysOnly(merged: Bool) throws {
        let temp = try TemporaryIndex()
        let old = record(article("Oil prices rise", "Crude rose.", url: "https://x.org/oil"))
        let id = try temp.index.write { try $0.insert(old, at: 0) }
        if merged { try temp.index.write { _ in try DedupKeys.merge(temp.index.connection) } }
        let new = record(article("Oil prices rise again", "Crude rose further.", url: "https://x.org/oil-2"), 1)
        _ = try temp.index.write { try $0.replace(id: id, with: new, at: 1) }
        let oldURL = try #require(old.urlKey), newURL = try #require(new.urlKey)
        let found = try temp.index.write { writer in
            [try writer.articleID(contentKey: old.contentKey), try writer.articleID(urlKey: oldURL),
             try writer.articleID(contentKey: new.contentKey), try writer.articleID(urlKey: newURL)]
        }
        #expect(found == [nil, nil, id, id])
        let keys = try keyCount(temp, table: "dedup_keys_recent", id: id) + keyCount(temp, table: "dedup_keys", id: id)
        #expect(keys == 2)
    }

    /// Two articles may share a URL (`newsq import` checks only the text): the lowest id wins,
    /// whichever tier holds each key.
    @Test func theLowestIdWinsAcrossTiers() throws {
        let temp = try TemporaryIndex()
        let a = record(article("Oil prices rise", "Crude rose.", url: "https://x.org/oil"))
        let b = record(article("Oil prices climb", "Crude climbed.", url: "https://x.org/oil"), 1)
        let (first, _) = try temp.index.write { (try $0.insert(a, at: 0), try $0.insert(b, at: 0)) }
        try temp.index.write { _ in try DedupKeys.merge(temp.index.connection) }
        // The first article's keys go back to the staged tier; the second's stay merged.
        let edited = record(article("Oil prices rise", "Crude rose again.", url: "https://x.org/oil"), 2)
        _ = try temp.index.write { try $0.replace(id: first, with: edited, at: 1) }
        let url = try #require(a.urlKey)
        #expect(try temp.index.write { try $0.articleID(urlKey: url) } == first)
        #expect(throws: IndexError.self, "replacing an article that does not exist") {
            try temp.index.write { try $0.replace(id: 999, with: edited, at: 1) }
        }
    }

    @Test func stagedKeysMoveOnceTheyReachTheLimit() throws {
        let temp = try TemporaryIndex()
        let counter = StagedRowCount()
        counter.rows = DedupKeys.limit - 1
        try temp.index.write { _ in try DedupKeys.stage(["cabc"], id: 7, in: temp.index.connection, counter: counter) }
        #expect(counter.rows == 0)
        #expect(try keyCount(temp, table: "dedup_keys_recent", id: 7) == 0)
        #expect(try keyCount(temp, table: "dedup_keys", id: 7) == 1)
    }

    /// A schema-10 database: its articles' keys are built by migration 11, the old indexes go.
    @Test func version10ArticlesAreFoundAfterTheMigration() throws {
        let scratch = try ScratchDatabase("v10")
        defer { scratch.remove() }
        let path = scratch.path
        try scratch.create(version: 10) { connection in
            try connection.execute("""
                INSERT INTO articles (id, title, body, tags, format, content_key, url_key, slug, site, ingested_at, updated_at) VALUES
                    (1, 'One', 'First.', '', 'plain', 'abcdef0123456789one', 'x.org/a', 's1', 'x.org', 0, 0),
                    (2, 'Two', 'Second.', '', 'plain', 'abcdef0123456789two', NULL, 's2', NULL, 0, 0);
                """)
        }
        let index = try SQLiteIndex(path: path)
        let found = try index.write { writer in
            [try writer.articleID(contentKey: "abcdef0123456789one"), try writer.articleID(contentKey: "abcdef0123456789two"),
             try writer.articleID(urlKey: "x.org/a"), try writer.articleID(slug: "s1", site: "x.org"),
             try writer.articleID(slug: "s2", site: "x.org")]
        }
        #expect(found == [1, 2, 1, 1, nil])
        #expect(try index.connection.scalar("""
            SELECT count(*) FROM sqlite_master WHERE name IN ('articles_content_prefix', 'articles_url_key', 'articles_slug_site')
            """) == 0)
    }
}
