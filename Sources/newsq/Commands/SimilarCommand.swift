import ArgumentParser
import NewsIndex

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Articles similar to one article, with an estimated similarity (0–1).",
        discussion: """
            Similarity is the estimated Jaccard overlap of 3-word shingles (MinHash). From a \
            threshold of 0.7 up, candidates come from the near-duplicate index (instant); below \
            it every stored article is compared (about a second per million articles).

            Examples:
              newsq similar 12
              newsq similar 12 --threshold 0.3 --json
            """)

    @Argument(help: "Article id.")
    var id: Int64
    @Option(help: "Lowest similarity to list (0–1).")
    var threshold = 0.3
    @Option(name: .shortAndLong, help: "How many.")
    var limit = 20
    @Flag(help: "Print JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    struct SimilarJSON: Encodable { var id: Int64; var title: String; var similarity: Double; var path: String? }

    func validate() throws {
        if !(0...1).contains(threshold) { throw ValidationError("--threshold is a similarity between 0 and 1, not \(threshold)") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let index = try database.openIndex()
        let list = try index.similar(to: id, threshold: threshold, limit: limit)
        if json {
            Output.json(try list.map { SimilarJSON(id: $0.id, title: $0.title, similarity: ($0.similarity * 1000).rounded() / 1000, path: try database.absolutePath($0.path)) })
        } else {
            let style = Style(color)
            for item in list {
                Output.line(String(format: "%.2f  ", item.similarity) + style.accent("[\(item.id)]") + " " + style.safe(item.title))
            }
        }
        if list.isEmpty {
            throw Output.nothingFound(String(format: "no article at least %.2f similar to [%lld]", threshold, id), json: json, style: Style(color))
        }
    }
}
