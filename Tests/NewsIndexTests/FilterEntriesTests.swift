import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// The values searches filter by (date, site, language) are found in either tier of filter
/// entries (schema 12); a replaced article only by its new values; migration 12 builds the
/// entries of existing articles.
struct FilterEntriesTests {
    private func entries(_ temp: TemporaryIndex, table: String, id: Int64? = nil) throws -> Int64 {
        try temp.index.connection.scalar("SELECT count(*) FROM \(table) WHERE ?1 IS NULL OR id = ?1", [id.map { .integer($0) } ?? .null])
    }

    /// Two articles merged into the large tier, two staged: filters with and without words,
    /// facets and the language list see all four.
    @Test func searchesReadBothTiers() throws {
        let temp = try TemporaryIndex([
            article("Oil prices rise", "Crude rose on Monday.", date: "2015-05-04", url: "https://x.org/a", language: "en"),
            article("Ölpreise steigen", "Rohöl stieg am Montag.", date: "2016-01-02", url: "https://y.de/b", language: "de"),
        ])
        try temp.index.write { _ in try FilterEntries.merge(temp.index.connection) }
        try temp.add([
            article("Oil prices fall", "Crude fell on Tuesday.", date: "2015-06-01", url: "https://www.x.org/c", language: "en"),
            article("Le pétrole baisse", "Le brut a baissé mardi.", url: "https://news.x.org/d", language: "fr"),
        ])
        #expect(try entries(temp, table: "article_filters") == 2)
        #expect(try entries(temp, table: "article_filters_recent") == 2)

        #expect(Set(try temp.titles("site:x.org")) == ["Oil prices rise", "Oil prices fall", "Le pétrole baisse"])
        #expect(Set(try temp.titles("oil site:x.org")) == ["Oil prices rise", "Oil prices fall"])
        #expect(try temp.titles("oil date:2015-06") == ["Oil prices fall"])
        #expect(try temp.titles("date:2015", configure: { $0.sort = .newest }) == ["Oil prices fall", "Oil prices rise"])
        #expect(try temp.titles("lang:de") == ["Ölpreise steigen"])
        #expect(try temp.titles("lang:fr") == ["Le pétrole baisse"])
        #expect(try temp.index.counts(by: .lang) == [FacetCount(value: "en", count: 2), FacetCount(value: "de", count: 1),
                                                      FacetCount(value: "fr", count: 1)])
        #expect(try temp.index.read { try temp.index.indexedLanguages() } == ["de", "en", "fr"])
        // Words with a date order or a recency boost: the filters are checked on the rows.
        #expect(try temp.titles("oil site:x.org", configure: { $0.sort = .newest }) == ["Oil prices fall", "Oil prices rise"])
        #expect(try temp.titles("oil site:x.org", configure: { $0.sort = .oldest }) == ["Oil prices rise", "Oil prices fall"])
        #expect(Set(try temp.titles("oil site:x.org", configure: { $0.recencyBoost = 1 })) == ["Oil prices rise", "Oil prices fall"])
    }

    /// Without words, the filter entries count and order the page (undated last), with or
    /// without filters and excluded words, in either tier.
    @Test func listingsWithoutWordsCountAndOrderOnTheEntries() throws {
        let temp = try TemporaryIndex([
            article("Oil prices rise", "Crude rose.", date: "2015-05-04", url: "https://x.org/a"),
            article("Gold falls", "Gold fell.", url: "https://x.org/b"),
        ])
        try temp.index.write { _ in try FilterEntries.merge(temp.index.connection) }
        try temp.add([article("Oil prices fall", "Crude fell.", date: "2016-06-01", url: "https://x.org/c"),
                      article("Wheat steady", "Wheat held.", date: "2014-01-01", url: "https://y.org/d")])
        func search(_ query: String, _ sort: SearchSort = .relevance, limit: Int = 10, offset: Int = 0) throws -> (Int, [String]) {
            var request = SearchRequest(query: query)
            (request.sort, request.limit, request.offset) = (sort, limit, offset)
            let results = try temp.index.search(request)
            return (results.total, results.hits.map(\.title))
        }
        #expect(try search("site:x.org") == (3, ["Oil prices fall", "Oil prices rise", "Gold falls"]))
        #expect(try search("site:x.org", .oldest) == (3, ["Oil prices rise", "Oil prices fall", "Gold falls"]))
        #expect(try search("site:x.org", limit: 1, offset: 1) == (3, ["Oil prices rise"]))
        #expect(try search("-crude") == (2, ["Wheat steady", "Gold falls"]))
        #expect(try search("-crude site:x.org") == (1, ["Gold falls"]))
        #expect(try search("date:2014..2015", .newest) == (2, ["Oil prices rise", "Wheat steady"]))
    }

    /// `newsq check` finds filter entries and dedup keys that disagree with the articles;
    /// `newsq reindex` builds them again.
    @Test func checkFindsDamagedLookupTablesAndReindexRepairsThem() throws {
        let temp = try TemporaryIndex([article("Oil prices rise", "Crude rose.", date: "2015-05-04", url: "https://x.org/a"),
                                       article("Gold falls", "Gold fell.", url: "https://x.org/b")])
        try temp.index.write { _ in try FilterEntries.merge(temp.index.connection) }
        #expect(try temp.index.check().isHealthy)
        try temp.index.connection.execute("""
            UPDATE article_filters SET site = 'z.org' WHERE id = 1;
            DELETE FROM article_filters WHERE id = 2;
            INSERT INTO article_filters_recent (id, site) VALUES (1, 'x.org'), (99, 'x.org');
            DELETE FROM dedup_keys_recent WHERE key LIKE 'u%';
            INSERT INTO dedup_keys_recent (key, article_id) VALUES ('cfeedfeedfeedfeed', 1);
            """)
        let damaged = try temp.index.check()
        #expect(damaged.derivedProblems == [
            "1 articles without a filter entry", "1 filter entries without an article", "1 articles with a filter entry in both tiers",
            "2 filter entries whose date, site or language differ from their article's", "2 dedup keys missing", "1 dedup keys left over",
        ])
        #expect(!damaged.isHealthy)
        #expect(try temp.index.rebuildFullTextIndex() == 2)
        #expect(try temp.index.check().isHealthy)
        #expect(try temp.titles("site:x.org") == ["Oil prices rise", "Gold falls"])
    }

    @Test(arguments: [false, true])
    func aReplacedArticleIsFilteredByItsNewValuesOnly(merged: Bool) throws {
        let temp = try TemporaryIndex()
        let old = record(article("Oil prices rise", "Crude rose.", date: "2015-05-04", url: "https://x.org/oil", language: "en"))
        let id = try temp.index.write { try $0.insert(old, at: 0) }
        if merged { try temp.index.write { _ in try FilterEntries.merge(temp.index.connection) } }
        let new = record(article("Ölpreise steigen", "Rohöl stieg.", date: "2016-01-02", url: "https://y.de/oil", language: "de"), 1)
        _ = try temp.index.write { try $0.replace(id: id, with: new, at: 1) }
        for query in ["site:x.org", "lang:en", "date:2015", "oil site:x.org"] { #expect(try temp.titles(query).isEmpty, "\(query)") }
        for query in ["site:y.de", "lang:de", "date:2016", "rohöl site:y.de"] { #expect(try temp.titles(query) == ["Ölpreise steigen"], "\(query)") }
        #expect(try entries(temp, table: "article_filters", id: id) + entries(temp, table: "article_filters_recent", id: id) == 1)
    }

    @Test func stagedEntriesMoveOnceTheyReachTheLimit() throws {
        let temp = try TemporaryIndex()
        let counter = StagedRowCount()
        counter.rows = FilterEntries.limit - 1
        try temp.index.write { _ in
            try FilterEntries.stage(id: 7, dateEpoch: nil, site: "x.org", language: nil, in: temp.index.connection, counter: counter)
        }
        #expect(counter.rows == 0)
        #expect(try entries(temp, table: "article_filters_recent") == 0)
        #expect(try entries(temp, table: "article_filters", id: 7) == 1)
    }

    /// A schema-11 database: its articles' entries are built by migration 12, the old indexes go.
    @Test func version11ArticlesAreFilteredAfterTheMigration() throws {
        let scratch = try ScratchDatabase("v11")
        defer { scratch.remove() }
        try scratch.create(version: 11) { connection in
            try connection.execute("""
                INSERT INTO articles (id, title, body, tags, format, content_key, site, language, date_epoch, ingested_at, updated_at) VALUES
                    (1, 'One', 'First.', '', 'plain', 'k1', 'x.org', 'en', 1430697600, 0, 0),
                    (2, 'Two', 'Second.', '', 'plain', 'k2', NULL, NULL, NULL, 0, 0);
                """)
        }
        let index = try SQLiteIndex(path: scratch.path)
        #expect(try index.search(SearchRequest(query: "site:x.org date:2015")).hits.map(\.id) == [1])
        #expect(try index.counts(by: .lang) == [FacetCount(value: nil, count: 1), FacetCount(value: "en", count: 1)])
        #expect(try index.connection.scalar("""
            SELECT count(*) FROM sqlite_master WHERE name IN ('articles_site', 'articles_date_site_language', 'articles_language_date_site')
            """) == 0)
    }
}
