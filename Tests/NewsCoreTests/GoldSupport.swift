import Foundation
import NewsCore

/// Locates `shared/` (beside the repository) and reads the gold set.
enum Gold {
    /// `<repo>/../shared`, found from this file's path (`<repo>/Tests/NewsCoreTests/GoldSupport.swift`).
    static let sharedDirectory: URL = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let samplesDirectory = sharedDirectory.appendingPathComponent("samples")
    static let corpusDirectory = sharedDirectory.appendingPathComponent("corpus")

    /// One expected article (a top-level line, or one of its `items`).
    struct Expectation: Sendable, CustomStringConvertible {
        var title: String?
        var date: String?
        var author: String?
        var sourceURL: String?
        var tags: [String]
        var category: String?
        var slug: String?
        var language: String?
        var bodyContains: [String]
        var bodyExcludes: [String]

        init(_ json: [String: Any]) {
            title = json["title"] as? String
            date = json["date"] as? String
            author = json["author"] as? String
            sourceURL = json["source_url"] as? String
            tags = json["tags"] as? [String] ?? []
            category = json["category"] as? String
            slug = json["slug"] as? String
            language = json["language"] as? String
            bodyContains = json["body_contains"] as? [String] ?? []
            bodyExcludes = json["body_excludes"] as? [String] ?? []
        }

        var description: String { title ?? "(no title)" }
    }

    struct Line: Sendable, CustomStringConvertible {
        var file: String
        var outcome: String
        var expectation: Expectation
        var items: [Expectation]
        var description: String { file }
    }

    static let lines: [Line] = {
        let url = samplesDirectory.appendingPathComponent("expected.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { raw in
            guard let data = raw.data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            let items = (json["items"] as? [[String: Any]] ?? []).map(Expectation.init)
            return Line(file: json["file"] as! String, outcome: json["outcome"] as! String, expectation: Expectation(json), items: items)
        }
    }()

    static func bytes(_ relativePath: String) -> [UInt8]? {
        (try? Data(contentsOf: samplesDirectory.appendingPathComponent(relativePath))).map { [UInt8]($0) }
    }

    /// Every run of white space collapsed to one space, as the README compares bodies.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// What differs between an article and its expectation (empty when it matches).
    static func mismatches(_ article: Article, _ expected: Expectation) -> [String] {
        var problems = [String]()
        func check(_ name: String, _ actual: String?, _ wanted: String?) {
            if actual != wanted { problems.append("\(name): got \(actual.debugDescription), want \(wanted.debugDescription)") }
        }
        check("title", article.title, expected.title)
        check("date", article.date?.normalized, expected.date)
        check("author", article.author, expected.author)
        check("source_url", article.sourceURL, expected.sourceURL)
        check("category", article.category, expected.category)
        check("slug", article.slug, expected.slug)
        check("language", article.language, expected.language)
        if article.tags != expected.tags { problems.append("tags: got \(article.tags), want \(expected.tags)") }
        let body = collapsed(article.body)
        for needle in expected.bodyContains where !body.contains(collapsed(needle)) {
            problems.append("body lacks \(needle.debugDescription)")
        }
        for needle in expected.bodyExcludes where body.contains(needle) {
            problems.append("body contains excluded \(needle.debugDescription)")
        }
        return problems
    }
}
