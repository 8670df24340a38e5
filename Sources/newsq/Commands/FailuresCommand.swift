import ArgumentParser
import Foundation
import NewsIndex
import NewsIngest

struct FailuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failures",
        abstract: "List the files newsd could not index and why, most recent first.",
        discussion: """
            Each entry says when, which inbox file, where it was moved (the state folder's
            failed/, beside a NAME.error note; "no longer there" once it has been moved on) and
            the reason. Move a fixed file back into the inbox to have it ingested again.

            Examples:
              newsq failures
              newsq failures --limit 100 --json
            """,
        aliases: ["failed"])

    @Option(name: .shortAndLong, help: "How many.")
    var limit = 20
    @Flag(help: "Print JSON.")
    var json = false
    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto
    @OptionGroup var database: DatabaseOptions

    /// One failure in `--json` output.
    struct FailureJSON: Encodable {
        var id: Int64
        var file: String
        var path: String?
        var reason_code: String
        var reason: String
        var recorded_at: String
    }

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit wants a number of at least 1") }
    }

    func run() throws {
        let failures = try database.openIndex().failures(limit: limit)
        if json {
            Output.json(try failures.map {
                FailureJSON(id: $0.id, file: $0.sourceName, path: try database.absolutePath($0.path), reason_code: $0.reasonCode,
                            reason: $0.reason, recorded_at: ISO8601.format(epochSeconds: $0.recordedAt))
            })
        }
        let style = Style(color)
        for failure in failures where !json {
            // A history: the file may have been moved back into the inbox since, or removed.
            let path = try database.absolutePath(failure.path)
            let moved = path.map { "  → " + style.safe($0) + (FileManager.default.fileExists(atPath: $0) ? "" : " (no longer there)") } ?? ""
            Output.line(style.dim(ISO8601.format(epochSeconds: failure.recordedAt)) + "  " + style.bold(style.safe(failure.sourceName)) + style.dim(moved))
            Output.line("    " + style.safe(failure.reason) + style.dim("  (" + style.safe(failure.reasonCode) + ")"))
        }
        if failures.isEmpty { throw Output.nothingFound("no failed files", json: json, style: style) }
    }
}
