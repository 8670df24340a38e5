import ArgumentParser
import Foundation
import NewsIndex

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the full-text index, refresh query statistics, reclaim free space.",
        discussion: """
            Runs FTS5 'optimize' (one segment: faster queries), ANALYZE, and VACUUM when a \
            tenth or more of the file is free pages (or always with --vacuum). Safe while newsd \
            runs; it waits for newsd's current batch.

            Examples:
              newsq optimize
              newsq optimize --vacuum
            """)

    @Flag(help: "VACUUM even when little space would be reclaimed.")
    var vacuum = false
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let report = try database.openIndex(readOnly: false).optimize(vacuum: vacuum ? true : nil)
        Output.line("optimized    full-text index merged, statistics refreshed" + (report.vacuumed ? ", vacuumed" : ""))
        Output.line("size         \(ByteCount.format(report.bytesBefore)) → \(ByteCount.format(report.bytesAfter))")
    }
}

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the full-text index and the lookup tables from the stored articles (files are not read).",
        discussion: """
            Use after `newsq check` reports a damaged full-text index or lookup tables (the \
            filter entries and dedup keys), or to apply new tokenizer rules. Searches see the \
            old index until the rebuild commits.

            Examples:
              newsq reindex
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let start = Date()
        let count = try database.openIndex(readOnly: false).rebuildFullTextIndex()
        Output.line("reindexed    \(count) articles in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }
}

/// Export formats (one today; the option keeps scripts stable if more come).
enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case jsonl }

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every article as JSON lines (backup, migration).",
        discussion: """
            One JSON object per article with its text, metadata, stored file path, file hash \
            and timestamps. `newsq import` reads it back.

            Examples:
              newsq export > backup.jsonl
              newsq export --output backup.jsonl
              newsq export | gzip > backup.jsonl.gz
            """)

    @Option(help: "Output format (jsonl).")
    var format: ExportFormat = .jsonl
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.")
    var output: String?
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let index = try database.openIndex()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var sink: FileHandle?
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            sink = handle
        }
        var count = 0
        try index.exportArticles { article in
            let line = try encoder.encode(article) + Data("\n".utf8)
            if let sink { sink.write(line) } else { Output.write(String(decoding: line, as: UTF8.self)) }
            count += 1
        }
        try sink?.close()
        if output != nil { FileHandle.standardError.write(Data("exported \(count) articles to \(output!)\n".utf8)) }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the articles of a `newsq export` file to the index.",
        discussion: """
            Articles already in the index (same title and body) are skipped, so importing \
            twice adds nothing. Creates the database if it does not exist. Paths in the \
            export are kept as they are: copy processed/ along with it.

            Examples:
              newsq import backup.jsonl --state-dir /var/lib/newsd
              zcat backup.jsonl.gz | newsq import -
            """)

    @Argument(help: "A JSON-lines file from `newsq export` (- for stdin).")
    var file: String
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let handle: FileHandle
        if file == "-" { handle = .standardInput } else {
            guard let h = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file)") }
            handle = h
        }
        let settings = try database.settings()
        let folder = (settings.databasePath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let index = try database.openIndex(readOnly: false, create: true)
        let decoder = JSONDecoder()
        var total = ImportReport()
        var batch: [ExportedArticle] = []
        var lineNumber = 0
        func flush() throws {
            let report = try index.importArticles(batch, at: Int64(Date().timeIntervalSince1970))
            total.imported += report.imported
            total.alreadyPresent += report.alreadyPresent
            batch.removeAll(keepingCapacity: true)
        }
        var pending = Data()
        func consume(_ line: Data) throws {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
            do {
                batch.append(try decoder.decode(ExportedArticle.self, from: line))
            } catch {
                throw ValidationError("\(file):\(lineNumber): not an exported article (\(error.localizedDescription))")
            }
            if batch.count >= 1000 { try flush() }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try consume(pending[start..<newline])
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
        }
        if !pending.isEmpty { try consume(pending) }
        try flush()
        Output.line("imported     \(total.imported) articles (\(total.alreadyPresent) already present)")
    }
}
