import ArgumentParser
import Foundation
import NewsCore

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse files exactly as newsd would, without touching the index.",
        discussion: """
            Shows the detected format, title, date, author, URL, language, tags and body of each \
            article a file yields, or the reason it would be rejected.

            Examples:
              newsq parse page.html
              newsq parse --json inbox/*.txt
            """)

    @Argument(help: "Files to parse.")
    var files: [String]
    @Flag(help: "Print JSON: one object per file (a list of them for several files).")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    struct ArticleOut: NullKeepingEncodable {
        var title: String, body: String, date: String?, date_original: String?, author: String?, url: String?
        var tags: [String], category: String?, slug: String?, language: String?, site_name: String?
    }

    struct FileOut: NullKeepingEncodable {
        var file: String
        var format: String?
        var rejected: String?
        var articles: [ArticleOut]
        /// The first article's body, so tools that read one `body` work on single-article files.
        var body: String?
        var title: String?
        /// Feed items that gave no article: "item N: reason".
        var skipped: [String] = []
    }

    func run() throws {
        var outputs: [FileOut] = []
        var anyRejected = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            switch ArticleParser.parse([UInt8](data), fileName: (file as NSString).lastPathComponent) {
            case .success(let document):
                let articles = document.articles.map {
                    ArticleOut(title: $0.title, body: $0.body, date: $0.date?.normalized, date_original: $0.date?.original,
                               author: $0.author, url: $0.sourceURL, tags: $0.tags, category: $0.category, slug: $0.slug,
                               language: $0.language, site_name: $0.siteName)
                }
                outputs.append(FileOut(file: file, format: document.format.rawValue, rejected: nil, articles: articles,
                                       body: articles.first?.body, title: articles.first?.title,
                                       skipped: document.skipped.map { "item \($0.index + 1): \($0.reason.description)" }))
            case .failure(let rejection):
                anyRejected = true
                outputs.append(FileOut(file: file, format: nil, rejected: rejection.description, articles: [], body: nil, title: nil))
            }
        }
        if json {
            if outputs.count == 1 { Output.json(outputs[0]) } else { Output.json(outputs) }
        } else {
            let style = Style(color)
            for out in outputs {
                Output.line(style.bold(out.file) + (out.format.map { style.dim("  (\($0))") } ?? ""))
                if let reason = out.rejected { Output.line("  rejected: \(reason)") }
                for item in out.skipped { Output.line("  skipped \(item)") }
                for article in out.articles {
                    Output.line("  title:    \(style.safe(article.title))")
                    for (key, value) in [("date", article.date), ("author", article.author), ("url", article.url),
                                         ("language", article.language), ("category", article.category), ("slug", article.slug)] {
                        if let value { Output.line("  \(key):".padding(toLength: 12, withPad: " ", startingAt: 0) + style.safe(value)) }
                    }
                    if !article.tags.isEmpty { Output.line("  tags:     \(style.safe(article.tags.joined(separator: ", ")))") }
                    Output.line()
                    Output.line(TerminalSafe.sanitize(article.body, keepLayout: true))
                    Output.line()
                }
            }
        }
        if anyRejected && files.count == 1 { throw ExitCode(1) }
    }
}
