import ArgumentParser
import Foundation
import NewsCore
import NewsIndex

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database, the full-text index and the stored files.",
        discussion: """
            Runs SQLite's integrity_check, FTS5's integrity-check (the full-text index against \
            the articles table) and checks that every stored file (processed/ and duplicates/) \
            exists; with --deep also that its bytes still have the SHA-256 recorded at ingest.
            Exit code 0 when all is well, 1 when a problem was found, 2 on error.
            A damaged full-text index is repaired by `newsq reindex`.

            Examples:
              newsq check
              newsq check --deep --json
            """)

    @Flag(help: "Also hash every stored file and compare with the hash recorded at ingest.")
    var deep = false
    @Flag(help: "Print JSON.")
    var json = false
    @OptionGroup var database: DatabaseOptions

    struct FileProblem: NullKeepingEncodable {
        var kind: String
        var article: Int64
        var path: String
        var problem: String
    }

    struct CheckJSON: NullKeepingEncodable {
        var healthy: Bool
        var integrity: [String]
        var full_text: String?
        var derived_tables: [String]
        var files_checked: Int
        var file_problems: [FileProblem]
    }

    func run() throws {
        let index = try database.openIndex(readOnly: false)
        let report = try index.check()
        let files = try index.storedFiles()
        var problems: [FileProblem] = []
        for file in files {
            let path = try database.absolutePath(file.path) ?? file.path
            guard let handle = FileHandle(forReadingAtPath: path) else {
                problems.append(FileProblem(kind: file.kind.rawValue, article: file.articleID, path: path, problem: "missing"))
                continue
            }
            defer { try? handle.close() }
            if deep, let expected = file.fileHash, !expected.isEmpty {
                var hasher = NewsCore.SHA256()
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update([UInt8](chunk)) }
                if NewsCore.SHA256.hexString(hasher.finalize()) != expected {
                    problems.append(FileProblem(kind: file.kind.rawValue, article: file.articleID, path: path, problem: "changed since ingest"))
                }
            }
        }
        let healthy = report.isHealthy && problems.isEmpty
        if json {
            Output.json(CheckJSON(healthy: healthy, integrity: report.integrityProblems, full_text: report.fullTextProblem,
                                  derived_tables: report.derivedProblems, files_checked: files.count, file_problems: problems))
        } else {
            Output.line("database     " + (report.integrityProblems.isEmpty ? "ok" : "DAMAGED"))
            for line in report.integrityProblems { Output.line("  " + TerminalSafe.sanitize(line)) }
            Output.line("full text    " + (report.fullTextProblem.map { "DAMAGED: \($0) (repair: newsq reindex)" } ?? "ok"))
            Output.line("lookups      " + (report.derivedProblems.isEmpty ? "ok" : "DAMAGED (repair: newsq reindex)"))
            for line in report.derivedProblems { Output.line("  " + line) }
            Output.line("files        \(files.count - problems.count) of \(files.count) " + (deep ? "present and unchanged" : "present"))
            for p in problems.prefix(50) { Output.line("  \(p.problem): \(TerminalSafe.sanitize(p.path)) (article \(p.article))") }
            if problems.count > 50 { Output.line("  … and \(problems.count - 50) more (--json lists all)") }
        }
        if !healthy { throw ExitCode(1) }
    }
}
