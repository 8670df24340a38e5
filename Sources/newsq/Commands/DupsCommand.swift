import ArgumentParser
import NewsIndex

struct DupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dups",
        abstract: "List duplicate groups: each stored article and the files recorded as its duplicates.",
        discussion: """
            Examples:
              newsq dups
              newsq dups --json --limit 100
            """)

    @Option(name: .shortAndLong, help: "How many groups.")
    var limit = 50
    @Flag(help: "Print JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    struct GroupJSON: Encodable {
        struct Member: Encodable { var kind: String; var similarity: Double; var file: String; var path: String? }
        var id: Int64
        var title: String
        var path: String?
        var duplicates: [Member]
    }

    func run() throws {
        let groups = try database.openIndex().duplicateGroups(limit: limit)
        if json {
            Output.json(try groups.map { g in
                GroupJSON(id: g.articleID, title: g.title, path: try database.absolutePath(g.path), duplicates: try g.members.map {
                    GroupJSON.Member(kind: $0.kind, similarity: ($0.similarity * 1000).rounded() / 1000, file: $0.sourceName,
                                     path: try database.absolutePath($0.path))
                })
            })
        } else {
            let style = Style(color)
            for group in groups {
                Output.line(style.accent("[\(group.articleID)]") + " " + style.bold(style.safe(group.title)))
                for member in group.members {
                    // An older version is not compared with the article: no similarity to show.
                    let measure = member.kind == DuplicateRecord.Kind.older.rawValue ? "version" : String(format: "%.2f", member.similarity)
                    Output.line("     \(style.safe(member.kind)) \(measure)  \(style.safe(member.sourceName))")
                }
            }
        }
        if groups.isEmpty { throw Output.nothingFound("no duplicates recorded", json: json, style: Style(color)) }
    }
}
