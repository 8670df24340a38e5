import CSQLite
import Foundation
import NewsIndex

/// The ceiling newsd is compared against: the same files read and bulk-inserted into a bare
/// FTS5 table with the same tokenizer as newsd's index (`FTSTokenizer.spec`: Snowball
/// stems over `unicode61 remove_diacritics 2`), in one transaction through the SQLite C API:
/// no parsing, no dedup, no bookkeeping, no article table.
enum Baseline {
    /// Adds every file of `folder` to the baseline database at `path` (created on first use);
    /// returns the seconds taken. `commitEvery` > 0 commits after each that many files, as
    /// newsd's batches do (for profiling only: the benchmark's baseline is one transaction).
    static func run(folder: URL, database path: String, commitEvery: Int = 0) throws -> Double {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw BenchError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError(String(cString: sqlite3_errmsg(db))) }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL")
        guard newsd_register_tokenizer(db) == SQLITE_OK else { throw BenchError("cannot register the newsd tokenizer") }
        try exec("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title, body, tokenize='\(FTSTokenizer.spec)')")
        var insert: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO docs (title, body) VALUES (?, ?)", -1, &insert, nil) == SQLITE_OK else {
            throw BenchError(String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(insert) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let started = now()
        try exec("BEGIN")
        for (n, file) in files.enumerated() {
            if commitEvery > 0, n > 0, n % commitEvery == 0 { try exec("COMMIT; BEGIN") }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else { continue }
            data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: CChar.self)
                // Title = first line, body = the rest: the least a search index must know.
                let newline = bytes.firstIndex(of: 10) ?? bytes.count
                // Bound in place (a null destructor is SQLITE_STATIC): the bytes outlive the step.
                sqlite3_bind_text(insert, 1, bytes.baseAddress, Int32(newline), nil)
                let rest = min(newline + 1, bytes.count)
                sqlite3_bind_text(insert, 2, bytes.baseAddress! + rest, Int32(bytes.count - rest), nil)
                sqlite3_step(insert)
                sqlite3_reset(insert)
            }
        }
        try exec("COMMIT")
        return now() - started
    }
}
