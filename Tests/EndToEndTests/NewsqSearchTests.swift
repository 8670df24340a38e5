import Foundation
import Testing

/// Every operator of the query language on the real BBC index, against sets of files found
/// by grepping the corpus (not by asking newsq). Files are compared by content, so the 98
/// byte-identical copies in the corpus (stored once) do not matter.
@Suite(.serialized)
struct NewsqSearchTests {
    func bbc() throws -> Sandbox { try NewsqFixtures.bbc.get() }

    // Expected sets: grep -rliw / a Python tokeniser over ../shared/corpus/bbc (see each comment).
    @Test(arguments: [
        // grep -rliw kyoto
        ("kyoto", ["business/287.txt", "politics/189.txt", "politics/197.txt"]),
        // kyoto files that also match -iwE 'protocols?'
        ("kyoto protocol", ["politics/189.txt", "politics/197.txt"]),
        ("kyoto AND protocols", ["politics/189.txt", "politics/197.txt"]),
        // grep -rliE 'kyoto\s+protocols?\b'
        ("\"kyoto protocol\"", ["politics/189.txt", "politics/197.txt"]),
        // grep -rliwE 'fiji|kyoto'
        ("fiji OR kyoto", ["business/287.txt", "entertainment/345.txt", "politics/189.txt", "politics/197.txt",
                           "sport/331.txt", "sport/339.txt", "sport/381.txt", "sport/400.txt"]),
        // kyoto files without -iwE 'protocols?'
        ("kyoto -protocol", ["business/287.txt"]),
        ("kyoto NOT protocol", ["business/287.txt"]),
        // grep -rliE '\bclon'
        ("clon*", ["entertainment/382.txt", "politics/244.txt", "tech/006.txt"]),
        // tokens tsunami(s) and aid/aids/aided/aiding at most 1 (resp. 3) tokens apart in the title or in the body
        ("NEAR(tsunami aid, 1)", ["entertainment/146.txt", "entertainment/182.txt", "politics/135.txt", "politics/191.txt",
                                  "tech/027.txt", "tech/315.txt"]),
        ("NEAR(tsunami aid, 3)", ["entertainment/146.txt", "entertainment/157.txt", "entertainment/182.txt", "entertainment/360.txt",
                                  "politics/135.txt", "politics/191.txt", "politics/251.txt", "sport/328.txt", "sport/329.txt",
                                  "tech/027.txt", "tech/315.txt"]),
        // first line matches -iwE 'tsunamis?'
        ("title:tsunami", ["business/228.txt", "business/398.txt", "business/411.txt", "business/471.txt", "entertainment/104.txt",
                           "entertainment/182.txt", "entertainment/195.txt", "politics/017.txt", "politics/135.txt",
                           "politics/191.txt", "politics/195.txt", "politics/208.txt", "tech/027.txt", "tech/315.txt"]),
        ("title:tsunamis", ["business/228.txt", "business/398.txt", "business/411.txt", "business/471.txt", "entertainment/104.txt",
                            "entertainment/182.txt", "entertainment/195.txt", "politics/017.txt", "politics/135.txt",
                            "politics/191.txt", "politics/195.txt", "politics/208.txt", "tech/027.txt", "tech/315.txt"]),
    ])
    func operatorReturnsExactlyTheGreppedFiles(query: String, files: [String]) throws {
        let sandbox = try bbc()
        let outcome = try search([query], in: sandbox)
        let expected = corpusContents(files).intersection(storedContents(sandbox))
        #expect(outcome.status == 0, "\(query): \(outcome.stderr)")
        #expect(outcome.contents == expected, "\(query): \(outcome.titles)")
        #expect(outcome.total == expected.count, "\(query): total \(outcome.total)")
    }

    @Test func withOnlyDbGivenStoredPathsStartAtTheDatabaseFolder() throws {
        let sandbox = try bbc()
        let result = try run(Paths.newsq, ["search", "kyoto", "--json", "--db", sandbox.state.appendingPathComponent("news.db").path],
                             currentDirectory: URL(fileURLWithPath: "/"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let paths = (document["results"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(!paths.isEmpty, "\(result.stderr)")
        for path in paths { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    }

    @Test func noMatchExitsOneAndSyntaxErrorsExitTwoWithoutSQLiteText() throws {
        let sandbox = try bbc()
        #expect(try search(["kyoto fiji"], in: sandbox).status == 1)
        for (query, message) in [("\"kyoto", "unterminated quote"), ("(kyoto", "unmatched '('"), ("kyoto OR", "OR needs a word"),
                                 ("NEAR(kyoto)", "at least two words"), ("date:2015-99", "date: wants")] {
            let result = try newsq(["search", query], in: sandbox)
            #expect(result.status == 2, "\(query)")
            #expect(result.stderr.contains(message), "\(query): \(result.stderr)")
            #expect(result.stderr.contains("^"), "points at the problem: \(result.stderr)")
            #expect(!result.stderr.lowercased().contains("fts5") && !result.stderr.contains("sql"), "\(result.stderr)")
        }
    }

    @Test func rawFTSQueriesWorkAndTheirErrorsAreClean() throws {
        let sandbox = try bbc()
        let raw = try search(["--fts", "title:kyoto OR (kyoto AND protocol*)"], in: sandbox)
        #expect(raw.contents == corpusContents(["politics/189.txt", "politics/197.txt"]))
        let bad = try newsq(["search", "--fts", "kyoto AND ("], in: sandbox)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid full-text query"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("[sql:"), "no SQL dumped: \(bad.stderr)")
    }

    @Test func pagesAddUpToTheTotal() throws {
        let sandbox = try bbc()
        let all = try search(["title:tsunami"], in: sandbox)
        var paged: [Int] = []
        for offset in stride(from: 0, to: all.total, by: 4) {
            let page = try newsq(["search", "title:tsunami", "--limit", "4", "--offset", "\(offset)", "--format", "jsonl"], in: sandbox)
            paged += page.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? Int
            }
        }
        #expect(paged == all.results.compactMap { $0["id"] as? Int })
        #expect(all.total == all.results.count && all.total > 4)
        let beyond = try newsq(["search", "title:tsunami", "--offset", "1000"], in: sandbox)
        #expect(beyond.status == 1)
        #expect(beyond.stdout.contains("no more results"))
    }

    @Test func titleMatchesRankFirstAndSortOptionsAreAccepted() throws {
        let sandbox = try bbc()
        let top = try search(["tsunami"], in: sandbox, limit: 5)
        let titled = corpusContents(["business/228.txt", "business/398.txt", "business/411.txt", "business/471.txt", "entertainment/104.txt",
                                     "entertainment/182.txt", "entertainment/195.txt", "politics/017.txt", "politics/135.txt",
                                     "politics/191.txt", "politics/195.txt", "politics/208.txt", "tech/027.txt", "tech/315.txt"])
        #expect(top.contents.isSubset(of: titled), "the best five have tsunami in the title: \(top.titles)")
        for sort in ["newest", "oldest", "relevance"] {
            #expect(try search(["kyoto", "--sort", sort], in: sandbox).total == 3)
        }
        #expect(try newsq(["search", "kyoto", "--sort", "sideways"], in: sandbox).status == 2)
    }

    @Test func outputFormats() throws {
        let sandbox = try bbc()
        let csv = try newsq(["search", "kyoto", "--format", "csv"], in: sandbox)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "id,score,date,site,author,title,url,path")
        #expect(rows.count == 4)
        let paths = try newsq(["search", "kyoto", "--format", "paths"], in: sandbox).stdout.split(separator: "\n").map(String.init)
        #expect(Set(paths.compactMap { FileManager.default.contents(atPath: $0) }) == corpusContents(["business/287.txt", "politics/189.txt", "politics/197.txt"]))
        let jsonl = try newsq(["search", "kyoto", "--format", "jsonl"], in: sandbox)
        #expect(jsonl.stdout.split(separator: "\n").count == 3)
        let text = try newsq(["search", "kyoto protocol"], in: sandbox)
        #expect(text.stdout.contains("1–2 of 2 matches"), "\(text.stdout)")
        #expect(!text.stdout.contains("\u{1B}"), "no colour when piped")
    }

    @Test func showPrintsTheArticleAndRawTheOriginalBytes() throws {
        let sandbox = try bbc()
        let hit = try #require(try search(["\"kyoto protocol\""], in: sandbox).results.first)
        let id = try #require(hit["id"] as? Int)
        let show = try newsq(["show", "\(id)"], in: sandbox)
        #expect(show.status == 0)
        let raw = try newsq(["show", "\(id)", "--raw"], in: sandbox)
        #expect(Data(raw.stdout.utf8) == FileManager.default.contents(atPath: hit["path"] as? String ?? ""))
        #expect(show.stdout.contains(String(raw.stdout.split(separator: "\n")[2].prefix(40))), "body shown")
        let missing = try newsq(["show", "999999"], in: sandbox)
        #expect(missing.status == 1 && missing.stderr == "newsq: no article with id 999999\n", "no such article: no match")
        #expect(try newsq(["similar", "999999"], in: sandbox).status == 1)
    }

    /// A failure while running is reported alone; ArgumentParser's usage lines are for
    /// mistakes in the command line.
    @Test func runtimeFailuresPrintNoUsage() throws {
        let sandbox = try bbc()
        let unreadable = try run(Paths.newsq, ["parse", "/nonexistent/file.txt"])
        #expect(unreadable.status == 2 && unreadable.stderr.contains("/nonexistent/file.txt"), "\(unreadable.stderr)")
        #expect(!unreadable.stderr.contains("Usage:"), "\(unreadable.stderr)")
        let mistyped = try newsq(["search", "--limit", "many", "oil"], in: sandbox)
        #expect(mistyped.status != 0 && mistyped.stderr.contains("Usage:"), "\(mistyped.stderr)")
    }

    /// Options outside what they mean are refused, not quietly bent.
    @Test func outOfRangeOptionsAreRefused() throws {
        let sandbox = try bbc()
        for (arguments, message) in [(["similar", "1", "--threshold", "1.5"], "between 0 and 1"),
                                     (["search", "oil", "--json", "--format", "csv"], "give one of the two"),
                                     (["recent", "--limit", "0"], "at least 1"),
                                     (["tags", "--limit", "0"], "at least 1"),
                                     (["stats", "--by", "site", "--limit", "0"], "at least 1"),
                                     (["stats", "--limit", "3"], "add --by")] {
            let result = try newsq(arguments, in: sandbox)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    /// A query error shows the query around the problem, with control and bidi characters
    /// replaced: an echo cannot recolour or reorder the terminal, nor flood it.
    @Test func queryErrorsEchoTheQuerySafely() throws {
        let sandbox = try bbc()
        let hostile = try newsq(["search", "oil \u{1B}[31m \u{202E}gas \"open"], in: sandbox)
        #expect(hostile.status == 2 && hostile.stderr.contains("unterminated quote"), "\(hostile.stderr)")
        #expect(!hostile.stderr.contains("\u{1B}") && !hostile.stderr.contains("\u{202E}"), "\(hostile.stderr)")
        let long = try newsq(["search", String(repeating: "oil ", count: 30_000) + "("], in: sandbox)
        #expect(long.status == 2 && long.stderr.utf8.count < 1_000, "\(long.stderr.utf8.count) bytes")
    }
}
