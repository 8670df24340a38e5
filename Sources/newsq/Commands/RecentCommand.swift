import ArgumentParser
import NewsIndex

struct RecentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recent",
        abstract: "List the most recently ingested articles.",
        discussion: """
            Examples:
              newsq recent
              newsq recent --since 2026-11-01 --limit 50 --json

            With --json each body is cut at its first 300 characters ("body_truncated": true);
            newsq show ID --json prints the whole text.
            """,
        aliases: ["list"])

    @Option(name: .shortAndLong, help: "How many.")
    var limit = 20
    @Option(help: "Only articles ingested on or after this day, month or year (YYYY-MM-DD, YYYY-MM or YYYY).")
    var since: String?
    @Flag(help: "Print JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    /// Characters of each body in `--json` output (`body_truncated` says when it was cut).
    static let jsonBodyLimit = 300

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let since, DateRange.start(of: since) == nil { throw ValidationError("--since wants YYYY-MM-DD, YYYY-MM or YYYY, not '\(since)'") }
    }

    func run() throws {
        let index = try database.openIndex()
        let articles = try index.recent(limit: limit, since: since.flatMap(DateRange.start(of:)))
        if json {
            Output.json(try articles.map { ArticleJSON($0, path: try database.absolutePath($0.path), bodyLimit: Self.jsonBodyLimit) })
        } else {
            let style = Style(color)
            for a in articles {
                let facts = [a.date.map { String($0.prefix(10)) }, a.site].compactMap { $0 }.map { style.safe($0) }.joined(separator: " · ")
                Output.line(style.accent("[\(a.id)]") + " " + style.bold(style.safe(a.title)) + (facts.isEmpty ? "" : "  " + style.dim(facts)))
            }
        }
        if articles.isEmpty { throw Output.nothingFound("no articles" + (since.map { " ingested since " + $0 } ?? ""), json: json, style: Style(color)) }
    }
}
