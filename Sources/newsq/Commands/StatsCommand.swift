import ArgumentParser
import NewsIndex

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts: articles, duplicates, updates, failures, database size, last ingest.",
        discussion: """
            With --by, article counts per site, tag, language or month instead.

            Examples:
              newsq stats
              newsq stats --json
              newsq stats --by month
              newsq stats --by lang --json
            """)

    @Option(help: "Count articles by site, tag, lang or month.")
    var by: Facet?
    @Option(name: .shortAndLong, help: "With --by: how many values (default: all).")
    var limit: Int?
    @Flag(help: "Print JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    struct StatsJSON: NullKeepingEncodable {
        var articles, duplicates, exact_duplicates, near_duplicates, older_versions, updates, failed: Int
        var database_bytes: Int64
        var last_ingest: String?
        var database: String
    }

    func validate() throws {
        guard let limit else { return }
        if by == nil { throw ValidationError("--limit applies to counts --by site, tag, lang or month; add --by") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let index = try database.openIndex()
        if let by {
            let missing = ["site": "(no site)", "tag": "(none)", "lang": "(unknown)", "month": "(undated)"][by.rawValue] ?? "(none)"
            try FacetPrinter.print(index.counts(by: by, limit: limit), of: by, json: json, style: Style(color), missing: missing)
            return
        }
        let s = try index.stats()
        if json {
            Output.json(StatsJSON(articles: s.articles, duplicates: s.duplicates, exact_duplicates: s.exactDuplicates,
                                  near_duplicates: s.nearDuplicates, older_versions: s.olderVersions, updates: s.updates, failed: s.failed,
                                  database_bytes: s.databaseBytes, last_ingest: s.lastIngest, database: index.path))
            return
        }
        Output.line("articles     \(s.articles)")
        let older = s.olderVersions > 0 ? ", \(s.olderVersions) older versions" : ""
        Output.line("duplicates   \(s.duplicates) (\(s.exactDuplicates) exact, \(s.nearDuplicates) near\(older))")
        Output.line("updates      \(s.updates)")
        Output.line("failed       \(s.failed)")
        Output.line("database     \(index.path) (\(ByteCount.format(s.databaseBytes)))")
        Output.line("last ingest  \(s.lastIngest ?? "never")")
    }
}

/// Human-readable byte counts.
enum ByteCount {
    static func format(_ bytes: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
