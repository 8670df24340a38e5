import ArgumentParser
import Foundation
import NewsIndex

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, csv, paths
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search, best matches first.",
        discussion: QuerySyntaxHelp.text)

    @Argument(help: "The query (words are ANDed; see the syntax below). Several arguments are joined with spaces.")
    var query: [String]
    @Option(name: .shortAndLong, help: "Results per page.")
    var limit = 10
    @Option(help: "Skip this many results (paging).")
    var offset = 0
    @Option(help: "relevance, newest or oldest.")
    var sort: SearchSortOption = .relevance
    @Option(help: "Only articles dated on or after this day (YYYY, YYYY-MM or YYYY-MM-DD).")
    var since: String?
    @Option(help: "Only articles dated before the end of this day/month/year.")
    var until: String?
    @Flag(inversion: .prefixedNo, help: "Rank articles with the word forms typed above those with other forms only.")
    var exactForms = true
    @Flag(help: "Pass the query to SQLite FTS5 as raw MATCH syntax (experts).")
    var fts = false
    @Flag(help: "Show why each result ranks where it does: each field's part of the BM25F score, the words that matched (~ marks another form of a word typed) and the exact-form bonus.")
    var explain = false
    @Flag(help: "Same as --format json.")
    var json = false
    @Option(help: "text, json, jsonl, csv or paths.")
    var format: OutputFormat = .text
    @Option(help: "Colour: auto (terminal and no NO_COLOR), always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if query.joined().trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("give a query, e.g. newsq search \"Hezbollah Qalamoun\"") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
        if let since, DateRange.start(of: since) == nil { throw ValidationError("--since wants YYYY, YYYY-MM or YYYY-MM-DD, not '\(since)'") }
        if let until, DateRange.end(of: until) == nil { throw ValidationError("--until wants YYYY, YYYY-MM or YYYY-MM-DD, not '\(until)'") }
        if json, format != .text, format != .json { throw ValidationError("--json is --format json: give one of the two") }
    }

    func run() throws {
        let settings = try database.settings()
        let index = try database.openIndex()
        var request = SearchRequest(query: query.joined(separator: " "))
        request.rawFTS = fts
        request.exactForms = exactForms
        request.limit = limit
        request.offset = offset
        request.sort = sort.value
        request.since = since.flatMap(DateRange.start(of:))
        request.until = until.flatMap(DateRange.end(of:))
        request.weights = settings.weights
        request.recencyBoost = settings.recencyBoost
        request.explain = explain
        // A QuerySyntaxError reaches main, which prints it (with its caret line) and exits 2.
        let results = try index.search(request)
        try ResultPrinter(format: json ? .json : format, style: Style(color), database: database)
            .print(results, query: request.query, offset: offset)
        if results.hits.isEmpty { throw ExitCode(1) }
    }
}

/// `--sort` values.
enum SearchSortOption: String, ExpressibleByArgument, CaseIterable {
    case relevance, newest, oldest
    var value: SearchSort { SearchSort(rawValue: rawValue)! }
}
