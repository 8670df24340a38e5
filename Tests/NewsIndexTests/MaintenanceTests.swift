import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Schema migration, check, reindex, optimize, export/import and facet counts.
struct MaintenanceTests {
    @Test func version1DatabaseMigratesAndBecomesSearchableWithTheNewTokenizer() throws {
        let scratch = try ScratchDatabase("v1")
        defer { scratch.remove() }
        let path = scratch.path
        // A database as schema 1 left it: porter tokenizer, one Arabic article.
        try scratch.create(version: 1, recordingMinHashScheme: false) { connection in
            try connection.execute("""
                INSERT INTO articles (id, title, body, tags, format, content_key, ingested_at, updated_at)
                VALUES (1, 'معركة الأسد', 'بدأت معركة القلمون', '', 'plain', 'k1', 0, 0);
                INSERT INTO articles_fts (rowid, title, tags, author, body) SELECT id, title, tags, '', body FROM articles;
                """)
        }
        #expect(throws: IndexError.self, "a read-only open asks for a migration") { try SQLiteIndex(path: path, readOnly: true) }
        let index = try SQLiteIndex(path: path)
        #expect(try index.connection.scalar("PRAGMA user_version") == Schema.currentVersion)
        #expect(try index.search(SearchRequest(query: "الاسد")).hits.map(\.id) == [1], "hamza-less query finds the migrated article")
        #expect(try index.check().isHealthy)
    }

    /// Schema 15 folds Persian and Urdu letters and Arabic-Indic digits: an index whose texts
    /// hold any is rebuilt (its tokens change), one without them is not (only its texts are
    /// read). An article left out of the full-text index shows which happened.
    @Test(arguments: [("کتاب تازه", "در سال ۲۰۱۵ منتشر شد", true), ("Peace talks", "Talks resumed in Geneva in 2015.", false),
                      ("معركة القلمون", "بدأت المعركة عام 2015", false)])
    func version14IndexIsRebuiltOnlyWhenItHoldsFoldedCharacters(title: String, body: String, rebuilt: Bool) throws {
        let scratch = try ScratchDatabase("v14")
        defer { scratch.remove() }
        try scratch.create(version: 14) { connection in
            try connection.cached("""
                INSERT INTO articles (id, title, body, tags, format, content_key, ingested_at, updated_at)
                VALUES (1, ?, ?, '', 'plain', 'k1', 0, 0)
                """).run([.text(title), .text(body)])
        }
        let index = try SQLiteIndex(path: scratch.path)
        #expect(try index.connection.scalar("PRAGMA user_version") == Schema.currentVersion)
        #expect(try index.search(SearchRequest(query: "2015")).hits.map(\.id) == (rebuilt ? [1] : []))
        if rebuilt {
            #expect(try index.search(SearchRequest(query: "كتاب")).hits.map(\.id) == [1], "Arabic kaf finds Persian keheh")
            #expect(try index.check().fullTextProblem == nil)
        }
    }

    /// Schema 17 has FTS5 merge segments eight at a time: new indexes and migrated ones alike,
    /// with the articles of a migrated one still found.
    @Test func version16IndexMergesEightSegmentsAtATime() throws {
        let scratch = try ScratchDatabase("v16")
        defer { scratch.remove() }
        try scratch.create(version: 16) { connection in
            try connection.execute("""
                INSERT INTO articles (id, title, body, tags, format, content_key, ingested_at, updated_at)
                VALUES (1, 'Merge policy', 'Segments merged in groups of eight', '', 'plain', 'k1', 0, 0);
                INSERT INTO articles_fts (rowid, title, tags, author, body) SELECT id, title, tags, '', body FROM articles;
                """)
        }
        let automerge = "SELECT v FROM articles_fts_config WHERE k = 'automerge'"
        let migrated = try SQLiteIndex(path: scratch.path)
        #expect(try migrated.connection.scalar(automerge) == 8)
        #expect(try migrated.search(SearchRequest(query: "segments")).hits.map(\.id) == [1])
        let fresh = try ScratchDatabase("fresh17")
        defer { fresh.remove() }
        #expect(try SQLiteIndex(path: fresh.path).connection.scalar(automerge) == 8)
    }

    /// Schema 9 moved signatures out of `articles`: a schema-8 article is still found as the
    /// near duplicate of a new text, and by `similar`, through the copied signature alone.
    @Test func version8SignaturesStillFindNearDuplicates() throws {
        let scratch = try ScratchDatabase("v8")
        defer { scratch.remove() }
        let path = scratch.path
        let body = (0..<60).map { "word\($0)" }.joined(separator: " ")
        let signature = try #require(MinHashSignature.of(title: "Old", body: body))
        try scratch.create(version: 8) { connection in
            try connection.cached("""
                INSERT INTO articles (id, title, body, tags, format, content_key, minhash, ingested_at, updated_at)
                VALUES (1, 'Old', ?, '', 'plain', 'k1', ?, 0, 0)
                """).run([.text(body), .blob(signature.bytes)])
            for key in signature.bandKeys { try connection.cached("INSERT INTO near_bands (band_key, article_id) VALUES (?, 1)").run([.integer(key)]) }
        }
        let index = try SQLiteIndex(path: path)
        #expect(try index.connection.scalar("SELECT count(*) FROM article_minhash") == 1)
        let edited = try #require(MinHashSignature.of(title: "Old", body: body + " word60"))
        let near = try index.write { try $0.nearestDuplicate(of: edited, threshold: 0.8) }
        #expect(near?.id == 1)
        #expect(try index.similar(to: 1, threshold: 0, limit: 5).isEmpty, "no other article to be similar to")
    }

    @Test func checkFindsADamagedFullTextIndexAndReindexRepairsIt() throws {
        let temp = try TemporaryIndex([article("Oil prices rise", "Crude oil rose."), article("Gold falls", "Gold fell.")])
        #expect(try temp.index.check().isHealthy)
        // Change a row behind the index's back (external content: the index now disagrees).
        try temp.index.connection.execute("UPDATE articles SET body = 'Silver climbed.' WHERE id = 2")
        let damaged = try temp.index.check()
        #expect(damaged.fullTextProblem != nil)
        #expect(damaged.integrityProblems.isEmpty)
        #expect(try temp.index.rebuildFullTextIndex() == 2)
        #expect(try temp.index.check().isHealthy)
        #expect(try temp.titles("silver") == ["Gold falls"])
    }

    @Test func optimizeKeepsResults() throws {
        let temp = try TemporaryIndex((0..<50).map { article("Story \($0)", "Body text number \($0) about markets.") })
        let before = try temp.titles("markets")
        let report = try temp.index.optimize(vacuum: true)
        #expect(report.vacuumed)
        #expect(try temp.titles("markets") == before)
        #expect(try temp.index.check().isHealthy)
    }

    @Test func exportThenImportTwiceAddsEachArticleOnce() throws {
        let source = try TemporaryIndex([
            article("Oil prices rise", "Crude oil rose.", date: "2015-05-04", url: "https://www.example.com/a", tags: ["energy", "oil"], author: "Jane", language: "en"),
            article("إعلان", "أعلن حزب الله", language: "ar"),
        ])
        var exported: [ExportedArticle] = []
        try source.index.exportArticles { exported.append($0) }
        #expect(exported.count == 2)
        // Through JSON, as the command does.
        let lines = try exported.map { try JSONEncoder().encode($0) }
        let decoded = try lines.map { try JSONDecoder().decode(ExportedArticle.self, from: $0) }
        let target = try TemporaryIndex([article("Already here", "Something else.")])
        let first = try target.index.importArticles(decoded, at: 1)
        #expect(first.imported == 2 && first.alreadyPresent == 0)
        let second = try target.index.importArticles(decoded, at: 2)
        #expect(second.imported == 0 && second.alreadyPresent == 2)
        #expect(try target.index.stats().articles == 3)
        let copy = try #require(try target.index.search(SearchRequest(query: "oil")).hits.first)
        #expect(copy.date == "2015-05-04" && copy.site == "example.com" && copy.tags == ["energy", "oil"] && copy.author == "Jane")
        #expect(try target.titles("الاعلان OR اعلن") == ["إعلان"])
        #expect(try target.index.check().isHealthy)
    }

    @Test func facetCounts() throws {
        let temp = try TemporaryIndex([
            article("A", "a", date: "2015-05-04", url: "https://www.example.com/a", tags: ["Syria", "war"], language: "en"),
            article("B", "b", date: "2015-05-20", url: "https://example.com/b", tags: ["syria"], language: "en"),
            article("C", "c", date: "2015-06-01", url: "https://lemonde.fr/c", tags: [], language: "fr"),
            article("D", "d"),
        ])
        #expect(try temp.index.counts(by: .site) == [FacetCount(value: "example.com", count: 2), FacetCount(value: nil, count: 1), FacetCount(value: "lemonde.fr", count: 1)])
        #expect(try temp.index.counts(by: .lang) == [FacetCount(value: "en", count: 2), FacetCount(value: nil, count: 1), FacetCount(value: "fr", count: 1)])
        #expect(try temp.index.counts(by: .month) == [FacetCount(value: "2015-05", count: 2), FacetCount(value: "2015-06", count: 1), FacetCount(value: nil, count: 1)])
        let tags = try temp.index.counts(by: .tag)
        #expect(tags.count == 2 && tags[0].count == 2 && tags[0].value?.lowercased() == "syria" && tags[1] == FacetCount(value: "war", count: 1))
        #expect(try temp.index.counts(by: .site, limit: 1).count == 1)
    }
}

/// Near-duplicate detection through the writer's band-key filter.
struct NearDuplicateFilterTests {
    static let body = """
        The long-planned spring battle of Qalamoun between Hezbollah and the Syrian army on one side and \
        rebels on the other started last weekend. The mountains are a vital supply line between Damascus \
        and the coast, and both sides have prepared for months. Rebel groups say they hold the high ground.
        """

    @Test func articlesWrittenByAnotherConnectionAreStillFoundAsNearDuplicates() throws {
        let temp = try TemporaryIndex([article("Unrelated", "Gold prices fell sharply on Monday as the dollar rose against the euro.")])
        // The daemon's connection builds its filter in a first transaction …
        let probe = ArticleRecord(article: article("Qalamoun battle", Self.body + " Reporting by our correspondent."),
                                  filePath: "p", sourceName: "p", fileHash: "h", itemIndex: 0)
        let signature = try #require(probe.minHash)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: signature, threshold: 0.8) } == nil)
        // … then another connection (as `newsq import` does) stores a near-copy …
        let other = try SQLiteIndex(path: temp.path)
        let stored = try other.write { writer in
            try writer.insert(ArticleRecord(article: article("Qalamoun battle", Self.body), filePath: "q", sourceName: "q",
                                            fileHash: "h2", itemIndex: 0), at: 0)
        }
        // … and the daemon's next transaction must see it, not trust its old filter.
        let found = try temp.index.write { try $0.nearestDuplicate(of: signature, threshold: 0.8) }
        #expect(found?.id == stored)
        // Its own inserts are seen in its later transactions.
        let harvest = article("Coffee harvest", """
            Brazil's coffee harvest came in well below forecasts this year after a dry winter in Minas Gerais, \
            traders said, and prices in New York rose to their highest level in a decade as roasters bought ahead.
            """)
        let own = try temp.index.write { try $0.insert(ArticleRecord(article: harvest, filePath: "r", sourceName: "r", fileHash: "h3", itemIndex: 0), at: 0) }
        let copy = try #require(ArticleRecord(article: harvest, filePath: "s", sourceName: "s", fileHash: "h4", itemIndex: 0).minHash)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == own)
    }

    /// The newest articles' bands are held in memory (`RecentBands`), merged into
    /// `near_bands_mid`, and that into `near_bands` in bulk: a near duplicate is found at every
    /// step, by this connection and by another one, and a replaced article's bands leave
    /// every tier.
    @Test func nearDuplicatesAreFoundWhereverTheirBandsAre() throws {
        let temp = try TemporaryIndex()
        let original = ArticleRecord(article: article("Qalamoun battle", Self.body), filePath: "a", sourceName: "a", fileHash: "h1", itemIndex: 0)
        let id = try temp.index.write { try $0.insert(original, at: 0) }
        let copy = try #require(ArticleRecord(article: article("Qalamoun battle", Self.body + " Reporting by our correspondent."),
                                              filePath: "b", sourceName: "b", fileHash: "h2", itemIndex: 0).minHash)
        /// Keys held in memory, then the rows of the middle and bulk tables.
        func rows() throws -> [Int64] {
            try [Int64(temp.index.recentBands.sortedRows().count)]
                + temp.index.read { try BandStaging.tables.map { try temp.index.connection.scalar("SELECT count(*) FROM \($0)") } }
        }
        func merge() throws { try temp.index.write { _ in try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys) } }
        // Another connection (newsd restarted, `newsq import`) builds both from the database.
        func foundByAnotherConnection() throws -> Int64? {
            try SQLiteIndex(path: temp.path).write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id
        }
        let bands = Int64(MinHashSignature.bands)
        #expect(try rows() == [bands, 0, 0])
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
        #expect(try foundByAnotherConnection() == id)
        #expect(try temp.index.similar(to: id, threshold: 0.5, limit: 5).isEmpty)

        try merge()
        #expect(try rows() == [0, bands, 0])
        #expect(try RecentBands.storedMark(in: temp.index.connection) == id)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
        #expect(try foundByAnotherConnection() == id)
        try temp.index.write { _ in try BandStaging.mergeMiddle(temp.index.connection) }
        #expect(try rows() == [0, 0, bands])
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)
        #expect(try foundByAnotherConnection() == id)

        // A new version of the article: its old bands leave the table they are in (the bulk
        // one, then the middle one); its id is below the mark, so the new ones go to the middle table.
        let gold = article("Gold falls", "Gold prices fell sharply on Monday as the dollar rose against the euro and yields climbed.")
        _ = try temp.index.write { try $0.replace(id: id, with: ArticleRecord(article: gold, filePath: "c", sourceName: "c", fileHash: "h3", itemIndex: 0), at: 1) }
        #expect(try rows() == [0, bands, 0])
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) } == nil)
        _ = try temp.index.write { try $0.replace(id: id, with: original, at: 2) }
        #expect(try rows() == [0, bands, 0])
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy, threshold: 0.8) }?.id == id)

        // A new article replaced while its bands are in memory: they leave memory.
        let second = try temp.index.write { try $0.insert(ArticleRecord(article: gold, filePath: "d", sourceName: "d", fileHash: "h4", itemIndex: 0), at: 3) }
        #expect(try rows() == [bands, bands, 0])
        _ = try temp.index.write { try $0.replace(id: second, with: ArticleRecord(article: article("Rain", "Rain fell on the city all week long, and the river rose over its banks near the old bridge."),
                                                                                  filePath: "e", sourceName: "e", fileHash: "h5", itemIndex: 0), at: 4) }
        let goldCopy = try #require(ArticleRecord(article: gold, filePath: "f", sourceName: "f", fileHash: "h6", itemIndex: 0).minHash)
        #expect(try rows() == [bands, bands, 0])
        #expect(try temp.index.write { try $0.nearestDuplicate(of: goldCopy, threshold: 0.8) } == nil)
        #expect(try SQLiteIndex(path: temp.path).write { try $0.nearestDuplicate(of: goldCopy, threshold: 0.8) } == nil)
    }

    /// The middle tier merges into `near_bands` once it holds `BandStaging.middleLimit` rows.
    @Test func theMiddleTierMergesIntoTheBulkTableWhenFull() throws {
        let temp = try TemporaryIndex()
        func rows(_ table: String) throws -> Int64 { try temp.index.connection.scalar("SELECT count(*) FROM \(table)") }
        try temp.index.write { _ in
            let connection = temp.index.connection, recent = temp.index.recentBands
            let stage = try connection.prepare("INSERT INTO near_bands_mid (band_key, article_id) VALUES (?, ?)")
            for key in 0..<Int64(BandStaging.middleLimit - 1) { try stage.run([.integer(key), .integer(1)]) }
            try BandStaging.merge(connection, recent, filter: temp.index.bandKeys)
            #expect(try rows("near_bands_mid") == Int64(BandStaging.middleLimit - 1) && rows("near_bands") == 0)
            recent.add(id: 2, keys: [-1])
            try BandStaging.merge(connection, recent, filter: temp.index.bandKeys)
            #expect(try rows("near_bands_mid") == 0 && rows("near_bands") == Int64(BandStaging.middleLimit))
            #expect(try RecentBands.storedMark(in: connection) == 2 && recent.articles == 0)
        }
    }
}

/// The idle merge (`mergeSegmentsStep`): segments left by many small commits are merged, a
/// level at a time, and searches find the same articles with the same scores.
struct IdleMergeTests {
    /// Distinct FTS5 segments, counted from the index's term pages.
    static func segments(_ index: TemporaryIndex) throws -> Int64 {
        try index.index.read { try index.index.connection.scalar("SELECT count(DISTINCT segid) FROM articles_fts_idx") }
    }

    @Test func smallCommitsAreMergedAndSearchesAgree() throws {
        let index = try TemporaryIndex()
        for n in 0..<40 {
            try index.add([article("Budget talks round \(n)", "Ministers met again on the budget and the tax plans, meeting \(n).")])
        }
        let before = try Self.segments(index)
        #expect(before >= 8, "each commit leaves a segment (automerge folds groups of 4): \(before)")
        var request = SearchRequest(query: "budget tax")
        request.limit = 100
        let hits = try index.index.search(request).hits
        var steps = 0
        while try index.index.mergeSegmentsStep(pages: 8) { steps += 1 }
        #expect(steps > 0)
        #expect(try Self.segments(index) < before)
        #expect(try Self.segments(index) <= 3, "at most one segment per level remains")
        #expect(try !index.index.mergeSegmentsStep(), "nothing left: the next step reports no work")
        let merged = try index.index.search(request).hits
        #expect(merged.map(\.id) == hits.map(\.id))
        #expect(merged.map(\.score) == hits.map(\.score))
        #expect(try index.index.check().isHealthy)
    }
}
