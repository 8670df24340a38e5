import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// `newsd_snippet` and `newsd_matches` (CSQLite/snippet.h): FTS5's snippet() and the words
/// highlight() marks, in time linear in a row's matches.
struct SnippetTests {
    static let haveCorpus = FileManager.default.fileExists(atPath: bbcCorpus.path)

    /// The match expressions search sends for `query`: stems only, and with exact forms.
    static func matchExpressions(_ query: String) throws -> [String] {
        let parsed = try QueryParser.parse(query)
        let compiler = FTSCompiler(stemmingIn: ["en"])
        return [compiler.positive(parsed), compiler.positive(parsed, exactForms: true)].compactMap { $0 }
    }

    /// Two-word queries from headlines, common words (windows full of repeats), phrases,
    /// prefixes, a column filter, and words of the Arabic, Chinese and German articles.
    static func queries(_ articles: [Article]) -> [String] {
        var queries = ["said", "the year", "\"mobile phone\"", "comput* users", "title:games", "technology firms market",
                       "الخارجية", "股市", "Steuern Regierung"]
        for article in articles.prefix(300) where article.title.count > 12 {
            let words = article.title.split(separator: " ").filter { $0.count > 3 && $0.allSatisfy(\.isLetter) }
            if words.count >= 2 { queries.append(String(words[0]) + " " + String(words[words.count - 1])) }
            if queries.count >= 60 { break }
        }
        return queries
    }

    @Test(.enabled(if: haveCorpus)) func snippetsAreExactlyFTS5s() throws {
        let articles = try TokenRecorderTests.articles()
        let temp = try TemporaryIndex(articles)
        var rows = 0, marked = 0
        for query in Self.queries(articles) {
            for match in try Self.matchExpressions(query) {
                for (column, tokens) in [(-1, 16), (-1, 64), (-1, 2), (3, 8), (0, 4)] {
                    let pairs = try temp.index.connection.prepare("""
                        SELECT rowid, snippet(articles_fts, \(column), '«', '»', '…', \(tokens)),
                               newsd_snippet(articles_fts, \(column), '«', '»', '…', \(tokens))
                        FROM articles_fts WHERE articles_fts MATCH ?
                        """).map([.text(match)]) { ($0.int(0), $0.string(1), $0.string(2)) }
                    for (rowid, fts5, ours) in pairs {
                        #expect(ours == fts5, "row \(rowid), \(match), column \(column), \(tokens) tokens")
                        rows += 1
                        if fts5?.contains("«") == true { marked += 1 }
                    }
                }
            }
        }
        #expect(rows > 10_000, "enough snippets compared")
        #expect(marked > rows / 2, "most of them with marks")
    }

    /// Texts of a few words repeated in random order, with sentence ends: windows full of
    /// repeats and ties, where the choice between windows is easiest to get wrong.
    @Test func snippetsAreFTS5sOnRandomRepeats() throws {
        var random = TokenizerFuzzTests.SplitMix64(seed: 11)
        let words = ["oil", "price", "prices", "rise", "rose", "talks", "peace", "war"]
        func text(_ count: Int) -> String {
            (0..<count).map { i in words[random.int(words.count)] + (random.int(7) == 0 && i > 0 ? "." : "") }.joined(separator: " ")
        }
        let temp = try TemporaryIndex((0..<150).map { _ in article(text(1 + random.int(6)), text(1 + random.int(300))) })
        var rows = 0
        for query in ["oil", "oil price", "prices rise", "\"peace talks\"", "war rose oil", "talks*", "title:rise war"] {
            for match in try Self.matchExpressions(query) {
                for tokens in [2, 3, 7, 15, 40] {
                    let pairs = try temp.index.connection.prepare("""
                        SELECT snippet(articles_fts, -1, '[', ']', '…', \(tokens)), newsd_snippet(articles_fts, -1, '[', ']', '…', \(tokens))
                        FROM articles_fts WHERE articles_fts MATCH ?
                        """).map([.text(match)]) { ($0.string(0), $0.string(1)) }
                    for (fts5, ours) in pairs {
                        #expect(ours == fts5, "\(match), \(tokens) tokens")
                        rows += 1
                    }
                }
            }
        }
        #expect(rows > 3_000)
    }

    @Test(.enabled(if: haveCorpus)) func matchedWordsAreThoseHighlightMarks() throws {
        let articles = try TokenRecorderTests.articles()
        let temp = try TemporaryIndex(articles)
        var compared = 0
        for query in Self.queries(articles) {
            for match in try Self.matchExpressions(query) {
                let marks = "'\(Highlight.start)', '\(Highlight.end)'"
                let rows = try temp.index.connection.prepare("""
                    SELECT highlight(articles_fts, 0, \(marks)), newsd_matches(articles_fts, 0, \(marks)),
                           highlight(articles_fts, 3, \(marks)), newsd_matches(articles_fts, 3, \(marks))
                    FROM articles_fts WHERE articles_fts MATCH ?
                    """).map([.text(match)]) { row in (0..<4).map { row.string(Int32($0)) ?? "" } }
                for row in rows {
                    for pair in [(row[0], row[1]), (row[2], row[3])] {
                        #expect(SQLiteIndex.markedWords(in: pair.1, queryWords: []) == SQLiteIndex.markedWords(in: pair.0, queryWords: []),
                                "\(match)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 1_000)
    }

    /// Where SQLite 3.40's snippet() differs from later versions, newsd_snippet gives what the
    /// later ones give: a one-token window at the column's first token is that token (3.40
    /// returns the whole column), and matches with no byte between them (CJK characters, each a
    /// token) are marked as one span (3.40 marks each).
    @Test func cornerCasesAreMarkedAsLaterSQLiteDoes() throws {
        let temp = try TemporaryIndex([article("Budget talks", "Talks on the budget resumed on Monday. Ministers met again."),
                                       article("东京股市周一上涨", "日本东京股市上涨，投资者关注央行的利率决定。", language: "zh")])
        func snippet(_ match: String, column: Int, tokens: Int) throws -> String? {
            try temp.index.connection.prepare("SELECT newsd_snippet(articles_fts, \(column), '«', '»', '…', \(tokens)) FROM articles_fts WHERE articles_fts MATCH ?")
                .first([.text(match)]) { FTSTokenizer.removingHeader($0.string(0) ?? "") }
        }
        #expect(try snippet("talks", column: 3, tokens: 1) == "«Talks»…")
        let adjacent = try #require(try SnippetTests.matchExpressions("股市 上涨").first)
        #expect(try snippet(adjacent, column: 3, tokens: 8) == "日本东京«股市上涨»…")
    }

    /// One file of a word repeated 100,000 times: snippet() took hours on it (quadratic in
    /// the matches), and every search that matched it waited.
    @Test func aRepeatedWordDoesNotStallSearch() throws {
        let repeated = String(repeating: "peace war talks ", count: 100_000)
        let temp = try TemporaryIndex([article("Pathological repeats", repeated), article("Peace talks", "War and peace talks resumed.")])
        var request = SearchRequest(query: "peace war")
        request.explain = true
        let hits = try temp.index.search(request).hits
        #expect(hits.count == 2)
        let repeats = try #require(hits.first { $0.title == "Pathological repeats" })
        let marked = repeats.snippet.replacingOccurrences(of: Highlight.start, with: "«").replacingOccurrences(of: Highlight.end, with: "»")
        #expect(marked.hasPrefix("«peace» «war» talks «peace» «war»"))
        #expect(repeats.snippet.hasSuffix("…"))
        let body = try #require(repeats.explanation?.columns.first { $0.name == "body" })
        #expect(body.matched == [.init(text: "peace", exactForm: true), .init(text: "war", exactForm: true)])
    }
}
