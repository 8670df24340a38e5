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
        #expect(Set(try temp.index.read { try temp.index.indexedLanguages() }) == ["en", "de", "fr"])
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
        do {
            let connection = try Connection(path: scratch.path, mode: .readWrite)
            for migration in Schema.migrations.prefix(11) { try connection.execute(migration) }
            try connection.execute("""
                INSERT INTO articles (id, title, body, tags, format, content_key, site, language, date_epoch, ingested_at, updated_at) VALUES
                    (1, 'One', 'First.', '', 'plain', 'k1', 'x.org', 'en', 1430697600, 0, 0),
                    (2, 'Two', 'Second.', '', 'plain', 'k2', NULL, NULL, NULL, 0, 0);
                PRAGMA user_version = 11;
                """)
            try connection.cached("INSERT INTO meta (key, value) VALUES ('minhash_scheme', ?)").run([.text(MinHashSignature.scheme)])
        }
        let index = try SQLiteIndex(path: scratch.path)
        #expect(try index.search(SearchRequest(query: "site:x.org date:2015")).hits.map(\.id) == [1])
        #expect(try index.counts(by: .lang) == [FacetCount(value: nil, count: 1), FacetCount(value: "en", count: 1)])
        #expect(try index.connection.scalar("""
            SELECT count(*) FROM sqlite_master WHERE name IN ('articles_site', 'articles_date_site_language', 'articles_language_date_site')
            """) == 0)
    }
}
