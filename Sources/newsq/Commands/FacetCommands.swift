import ArgumentParser
import NewsIndex

/// Prints facet counts as aligned text or JSON (`stats --by`, `tags`, `sites`).
struct FacetPrinter {
    struct Row: NullKeepingEncodable {
        var value: String?
        var count: Int
    }

    /// Prints `counts` of `facet`; exits 1 when there are none (no article, or for tags none tagged).
    static func print(_ counts: [FacetCount], of facet: Facet, json: Bool, style: Style, missing: String) throws {
        if json {
            Output.json(counts.map { Row(value: $0.value, count: $0.count) })
        } else {
            let width = String(counts.map(\.count).max() ?? 0).count
            for item in counts {
                let number = String(item.count)
                Output.line(String(repeating: " ", count: width - number.count) + number + "  "
                            + (item.value.map { style.safe($0) } ?? style.dim(missing)))
            }
        }
        if counts.isEmpty { throw Output.nothingFound(facet == .tag ? "no tagged articles" : "no articles", json: json, style: style) }
    }
}

struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags",
        abstract: "List tags with their article counts, most used first.",
        discussion: """
            Examples:
              newsq tags
              newsq tags --limit 20 --json
              newsq search 'tag:syria'
            """)

    @OptionGroup var options: FacetListOptions

    func run() throws { try options.list(.tag, missing: "(none)") }
}

struct SitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "List source sites (URL hosts) with their article counts.",
        discussion: """
            Articles without a source URL are counted as "(no site)".

            Examples:
              newsq sites
              newsq sites --json
              newsq search 'site:aljazeera.com assad'
            """)

    @OptionGroup var options: FacetListOptions

    func run() throws { try options.list(.site, missing: "(no site)") }
}

/// Options and output shared by the facet listings (`tags`, `sites`).
struct FacetListOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "How many (default: all).")
    var limit: Int?
    @Flag(help: "Print JSON: a list of {value, count} (value null: none).")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    /// Prints the counts of `facet`; exits 1 when there are none.
    func list(_ facet: Facet, missing: String) throws {
        try FacetPrinter.print(database.openIndex().counts(by: facet, limit: limit), of: facet, json: json, style: Style(color), missing: missing)
    }
}

extension Facet: ExpressibleByArgument {}
