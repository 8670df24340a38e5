import Foundation
import NewsCore
@testable import NewsIndex

/// `shared/corpus/bbc`, beside the repository.
let bbcCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/corpus/bbc")

/// A fresh index in a temporary folder, removed when released.
final class TemporaryIndex {
    let folder: URL
    let index: SQLiteIndex
    var path: String { folder.appendingPathComponent("news.db").path }

    init(_ articles: [Article] = []) throws {
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("newsindex-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        index = try SQLiteIndex(path: folder.appendingPathComponent("news.db").path)
        try add(articles)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Stores articles; returns their ids in order.
    @discardableResult
    func add(_ articles: [Article]) throws -> [Int64] {
        try index.write { writer in
            try articles.enumerated().map { offset, article in try writer.insert(record(article, offset), at: 1_700_000_000) }
        }
    }

    /// Titles of all matches of `query`, best first.
    func titles(_ query: String, configure: (inout SearchRequest) -> Void = { _ in }) throws -> [String] {
        var request = SearchRequest(query: query)
        request.limit = 100
        configure(&request)
        return try index.search(request).hits.map(\.title)
    }
}

/// A database path in a fresh temporary folder, for tests that build an older schema by hand
/// before `SQLiteIndex` opens it. Call `remove()` when done (`defer`).
struct ScratchDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("news.db").path }

    init(_ label: String) throws {
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("newsindex-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Builds the database as a build of schema `version` left it: the first `version`
    /// migrations, then `fill` (its rows), then the version number and, unless told otherwise,
    /// the MinHash scheme in use (so that no fingerprint upgrade runs at open).
    func create(version: Int, recordingMinHashScheme: Bool = true, _ fill: (Connection) throws -> Void) throws {
        let connection = try Connection(path: path, mode: .readWrite)
        for migration in Schema.migrations.prefix(version) { try connection.execute(migration) }
        try fill(connection)
        if recordingMinHashScheme {
            try connection.cached("INSERT INTO meta (key, value) VALUES ('minhash_scheme', ?)").run([.text(MinHashSignature.scheme)])
        }
        try connection.execute("PRAGMA user_version = \(version)")
    }
}

/// The record of `article` as if read from the file `n.txt`.
func record(_ article: Article, _ n: Int = 0) -> ArticleRecord {
    ArticleRecord(article: article, filePath: "processed/\(n).txt", sourceName: "\(n).txt", fileHash: "hash\(n)", itemIndex: 0)
}

/// A plain article with a title and a body.
func article(_ title: String, _ body: String, date: String? = nil, url: String? = nil, tags: [String] = [],
             author: String? = nil, language: String? = nil) -> Article {
    let when = date.map { d -> ArticleDate in
        let parts = d.split(separator: "-").map { Int($0)! }
        return ArticleDate(normalized: d, original: d, epochSeconds: DateRange.epoch(parts[0], parts[1], parts[2]))
    }
    return Article(title: title, body: body, date: when, author: author, sourceURL: url, tags: tags, language: language, format: .plain)
}
