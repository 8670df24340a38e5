import ArgumentParser
import Foundation
import NewsCore
import NewsIndex

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one whole article.",
        discussion: """
            Examples:
              newsq show 12
              newsq show 12 --json
              newsq show 12 --raw > original.txt     # the original file's bytes
            """)

    @Argument(help: "Article id (from search results).")
    var id: Int64
    @Flag(help: "Print the original file's bytes, unmodified.")
    var raw = false
    @Flag(help: "Print the article as JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let index = try database.openIndex()
        let article = try index.article(id: id)
        let path = try database.absolutePath(article.path)
        if raw {
            guard let path, let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("the original file of article \(id) is not readable at \(path ?? "(unknown)")")
            }
            FileHandle.standardOutput.write(data)
            return
        }
        if json {
            Output.json(ArticleJSON(article, path: path))
            return
        }
        let style = Style(color)
        Output.line(style.bold(style.safe(article.title)))
        let facts: [(String, String?)] = [
            ("id", "\(article.id)"), ("date", article.date), ("author", article.author), ("url", article.url),
            ("site", article.site), ("tags", article.tags.isEmpty ? nil : article.tags.joined(separator: ", ")),
            ("category", article.category), ("language", article.language), ("format", article.format),
            ("revision", article.revision > 1 ? "\(article.revision)" : nil),
            ("duplicates", article.duplicateCount > 0 ? "\(article.duplicateCount)" : nil), ("file", path),
        ]
        for (key, value) in facts { if let value { Output.line(style.dim(key.padding(toLength: 11, withPad: " ", startingAt: 0)) + style.safe(value)) } }
        Output.line()
        Output.line(TerminalSafe.sanitize(article.body, keepLayout: true))
    }
}

