import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// The query language on a small hand-made index: each operator returns exactly the articles it should.
struct QueryLanguageTests {
    static let articles = [
        article("Oil prices rise", "Crude oil prices rose sharply on Monday as supply fell.", date: "2015-05-04",
                url: "https://www.example.com/oil", tags: ["energy", "markets"], author: "Jane Roe", language: "en"),
        article("Gold price falls", "The price of gold fell for a third day; oil was steady.", date: "2015-06-20",
                url: "https://news.example.org/gold", tags: ["markets"], author: "John Doe", language: "en"),
        article("Le pétrole monte", "Le prix du pétrole a fortement augmenté lundi.", date: "2014-12-31",
                url: "https://lemonde.fr/petrole", tags: ["énergie"], language: "fr"),
        article("Football results", "The striker scored twice; the keeper saved a penalty near the end.", date: nil,
                url: nil, tags: [], author: "Jane Roe", language: "en"),
    ]

    func makeIndex() throws -> TemporaryIndex { try TemporaryIndex(Self.articles) }

    @Test(arguments: [
        ("oil prices", ["Oil prices rise", "Gold price falls"]),   // AND; prices ~ price (stems)
        ("oil rose", ["Oil prices rise"]),
        ("oil", ["Oil prices rise", "Gold price falls"]),
        ("price", ["Oil prices rise", "Gold price falls"]),      // stemming
        ("\"prices rose\"", ["Oil prices rise"]),                  // phrase
        ("\"rose prices\"", []),                                   // phrase order matters
        ("gold OR striker", ["Gold price falls", "Football results"]),
        ("oil -gold", ["Oil prices rise"]),
        ("oil NOT gold", ["Oil prices rise"]),
        ("pen*", ["Football results"]),                             // prefix
        ("NEAR(keeper penalty, 2)", ["Football results"]),
        ("NEAR(striker penalty, 2)", []),                          // 7 words apart
        ("NEAR(striker penalty, 8)", ["Football results"]),
        ("title:oil", ["Oil prices rise"]),
        ("title:price", ["Oil prices rise", "Gold price falls"]),
        ("author:roe", ["Oil prices rise", "Football results"]),
        ("tag:markets", ["Oil prices rise", "Gold price falls"]),
        ("tag:énergie", ["Le pétrole monte", "Oil prices rise"]),  // energy ~ énergie: accents folded, same stem
        ("tag:énergie -tag:markets", ["Le pétrole monte"]),
        ("site:example.com", ["Oil prices rise"]),                 // www. and the bare host
        ("site:example.org", ["Gold price falls"]),                // subdomain news.example.org
        ("site:lemonde.fr petrole", ["Le pétrole monte"]),
        ("lang:fr", ["Le pétrole monte"]),
        ("lang:en oil", ["Oil prices rise", "Gold price falls"]),
        ("date:2015-05 oil", ["Oil prices rise"]),
        ("date:2015-05..2015-06", ["Oil prices rise", "Gold price falls"]),
        ("date:..2014", ["Le pétrole monte"]),
        ("date:2015-06-20", ["Gold price falls"]),
        ("(gold OR pétrole) -football", ["Gold price falls", "Le pétrole monte"]),
        ("-oil", ["Le pétrole monte", "Football results"]),        // only an exclusion
        ("Oil, prices", ["Oil prices rise", "Gold price falls"]),   // a comma is punctuation, as in a pasted title
        ("crude oil, supply", ["Oil prices rise"]),
        ("NEAR(keep* penalty, 2)", ["Football results"]),          // a prefix inside NEAR
        ("NEAR(strik* penalty, 2)", []),
        ("„prices rose“", ["Oil prices rise"]),                     // German quotes
        ("price -title:oil", ["Gold price falls"]),
    ])
    func operatorReturnsExactly(query: String, expected: [String]) throws {
        let index = try makeIndex()
        #expect(Set(try index.titles(query)) == Set(expected), "query: \(query)")
    }

    /// Commas split nothing but NEAR's distance: after a word they are dropped, inside a
    /// number they join its parts as a phrase (the index reads `45,000` as 45 then 000).
    @Test func commasAreTitlePunctuation() throws {
        #expect(try QueryParser.parse("Steel firm 'to cut' 45,000 jobs").clauses == [
            .term("Steel", prefix: false), .term("firm", prefix: false), .term("to", prefix: false), .term("cut", prefix: false),
            .phrase(["45", "000"]), .term("jobs", prefix: false),
        ])
        #expect(try QueryParser.parse("DVD review: I, Robot").clauses.count == 4)
        #expect(try QueryParser.parse("tsun*, aid").clauses == [.term("tsun", prefix: true), .term("aid", prefix: false)])
        #expect(try QueryParser.parse("NEAR(oil gas, 3)").clauses == [.near(["oil", "gas"], distance: 3)])
    }

    /// Snippets come from the body: the title is printed above them already.
    @Test func snippetsQuoteTheBody() throws {
        let index = try makeIndex()
        let gold = try #require(try index.index.search(SearchRequest(query: "gold")).hits.first)
        #expect(gold.title == "Gold price falls" && gold.snippet.contains("The price of \(Highlight.start)gold\(Highlight.end) fell"), "\(gold.snippet)")
        // Only the title matches: the body's start.
        let results = try #require(try index.index.search(SearchRequest(query: "results")).hits.first)
        #expect(results.snippet.hasPrefix("The striker scored twice"), "\(results.snippet)")
    }

    @Test func datesMustExist() {
        #expect(DateRange.parse("2015-02-29") == nil)
        #expect(DateRange.parse("2016-02-29") != nil)
        #expect(DateRange.parse("2015-04-31") == nil)
        #expect(DateRange.parse("1900-02-29") == nil)
        #expect(DateRange.parse("2000-02-29") != nil)
    }

    @Test func sinceAndUntilBoundTheDates() throws {
        let index = try makeIndex()
        let titles = try index.titles("oil") { $0.since = DateRange.start(of: "2015-06"); $0.until = DateRange.end(of: "2015-06") }
        #expect(titles == ["Gold price falls"])
    }

    @Test func sortNewestAndOldest() throws {
        let index = try makeIndex()
        #expect(try index.titles("oil OR pétrole") { $0.sort = .newest } == ["Gold price falls", "Oil prices rise", "Le pétrole monte"])
        #expect(try index.titles("oil OR pétrole") { $0.sort = .oldest } == ["Le pétrole monte", "Oil prices rise", "Gold price falls"])
    }

    @Test func limitOffsetAndTotal() throws {
        let index = try makeIndex()
        var request = SearchRequest(query: "oil OR pétrole OR striker")
        request.limit = 2
        request.offset = 1
        let results = try index.index.search(request)
        #expect(results.total == 4)
        #expect(results.hits.count == 2)
    }

    @Test func titleMatchesOutrankBodyMatches() throws {
        let index = try makeIndex()
        #expect(try index.titles("gold").first == "Gold price falls")
        #expect(try index.titles("prices").first == "Oil prices rise", "the title has the very form typed")
    }

    @Test(arguments: [
        ("\"unterminated", "unterminated quote"),
        ("(oil OR gold", "unmatched '('"),
        ("oil)", "unmatched ')'"),
        ("OR oil", "OR needs a word on both sides"),
        ("oil OR", "OR needs a word on both sides"),
        ("NEAR(oil)", "NEAR needs at least two words"),
        ("NEAR(oil gold, x)", "needs a number"),
        ("date:2015-13", "date: wants"),
        ("title:", "needs a value"),
        ("!!!", "no words"),
        ("-site:example.com oil", "site: cannot be negated"),
        ("NOT lang:en", "lang: cannot be negated"),
        ("-date:2015 oil", "date: cannot be negated"),
        ("title:site:example.com", "site: is a filter"),
        ("oil OR site:example.com", "site: is a filter"),
        ("lang:fr OR lang:en", "no OR between filters"),
        ("oil OR date:2015", "date: is a filter"),
        ("title:-oil", "put the minus first: -title:word"),
        ("date:2015-02-29", "a day the month has"),
        ("date:2016..2015", "ends before it starts"),
    ])
    func syntaxErrorsPointAtTheProblem(query: String, message: String) throws {
        let index = try makeIndex()
        do {
            _ = try index.index.search(SearchRequest(query: query))
            Issue.record("no error for \(query)")
        } catch let error as QuerySyntaxError {
            #expect(error.description.contains(message), "\(query): \(error.description)")
            #expect(error.description.contains("^"), "a caret under the problem")
        }
    }

    @Test(arguments: ["oil\" OR body:gold", "NEAR oil", "oil AND AND gold", "col:x", "oil*gold", "'oil'", "a:b:c", "\"\"", "-", "*", "^oil", "{title body}: oil"])
    func noQueryReachesSQLiteAsSyntax(query: String) throws {
        let index = try makeIndex()
        do {
            _ = try index.index.search(SearchRequest(query: query))
        } catch let error as QuerySyntaxError {
            _ = error  // a clean syntax error is fine
        } catch {
            Issue.record("raw error for \(query): \(error)")
        }
    }

    @Test func rawFTSErrorsAreReportedCleanly() throws {
        let index = try makeIndex()
        var request = SearchRequest(query: "oil AND (")
        request.rawFTS = true
        #expect(throws: IndexError.self) { try index.index.search(request) }
        request.query = "title:oil OR body:striker"
        request.rawFTS = true
        #expect(Set(try index.index.search(request).hits.map(\.title)) == ["Oil prices rise", "Football results"])
    }

    @Test func exactWordFormsRankFirst() throws {
        // Two articles of equal length: one with the word as typed, one with another form.
        let index = try TemporaryIndex([
            article("Report one", "The companies said jobs were cut in the north."),
            article("Report two", "The company said the job was cut in the north."),
        ])
        #expect(try index.titles("companies jobs") == ["Report one", "Report two"])
        #expect(try index.titles("company job") == ["Report two", "Report one"])
        var request = SearchRequest(query: "company job")
        request.exactForms = false
        #expect(try index.index.search(request).total == 2, "both forms still match")
    }

    @Test func wordsTypedAgainAreSearchedOnce() throws {
        #expect(try QueryParser.parse("peace Peace peace") == QueryParser.parse("peace"))
        #expect(try QueryParser.parse("oil OR Oil OR gold") == QueryParser.parse("oil OR gold"))
        #expect(try QueryParser.parse("\"oil price\" (gold gold) -war -War") == QueryParser.parse("\"oil price\" gold -war"))
        #expect(try QueryParser.parse("title:oil oil").clauses.count == 2, "a field makes another clause")
        // 64 times a word against an article holding it 200,000 times: one word to track, not 64.
        let index = try TemporaryIndex([article("Repeats", String(repeating: "peace ", count: 200_000)), article("Peace", "Peace talks.")])
        let hits = try index.index.search(SearchRequest(query: Array(repeating: "peace", count: 64).joined(separator: " "))).hits
        #expect(hits.count == 2)
    }
}
