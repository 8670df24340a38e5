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

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let since, DateRange.start(of: since) == nil { throw ValidationError("--since wants YYYY-MM-DD, YYYY-MM or YYYY, not '\(since)'") }
    }

    func run() throws {
        let index = try database.openIndex()
        let articles = try index.recent(limit: limit, since: since.flatMap(DateRange.start(of:)))
        if json {
            Output.json(try articles.map { var a = $0; a.body = String(a.body.prefix(300)); return ArticleJSON(a, path: try database.absolutePath($0.path)) })
        } else {
            let style = Style(color)
            for a in articles {
                let facts = [a.date.map { String($0.prefix(10)) }, a.site].compactMap { $0 }.map { style.safe($0) }.joined(separator: " · ")
                Output.line(style.accent("[\(a.id)]") + " " + style.bold(style.safe(a.title)) + (facts.isEmpty ? "" : "  " + style.dim(facts)))
            }
        }
        if articles.isEmpty { throw ExitCode(1) }
    }
}
