import Testing
import NewsCore

/// Every line of `shared/samples/expected.jsonl`, at parser level (dedup and search belong to the index).
@Suite struct GoldSetTests {
    static let parsedLines = Gold.lines.filter { $0.outcome != "ignored" }

    @Test func goldSetIsPresent() {
        #expect(Gold.lines.count == 39, "expected.jsonl not found or changed under \(Gold.samplesDirectory.path)")
    }

    /// True while `HTMLExtractor`/`HTMLFragment` are still the skeleton's placeholders (they decode no
    /// entities). The HTML page and the feeds' HTML bodies depend on the real libxml2 extractor, which is
    /// written in parallel on another branch; until it is merged their lines are known issues.
    static let htmlPlaceholder = HTMLFragment.plainText("<p>a&amp;b</p>") != "a&b"

    @Test(arguments: parsedLines)
    func line(_ line: Gold.Line) throws {
        let dependsOnHTML = line.file.hasSuffix(".html") || line.outcome.hasPrefix("articles:")
        if dependsOnHTML && Self.htmlPlaceholder {
            withKnownIssue("HTMLExtractor is still the placeholder (real one comes from the html branch)") { try check(line) }
        } else {
            try check(line)
        }
    }

    private func check(_ line: Gold.Line) throws {
        let bytes = try #require(Gold.bytes(line.file), "cannot read \(line.file)")
        let result = ArticleParser.parse(bytes, fileName: line.file)
        if line.outcome == "rejected" {
            if case .success(let document) = result { Issue.record("\(line.file) should be rejected, got \(document.articles.map(\.title))") }
            return
        }
        let document = try result.get()
        let expected = line.outcome.hasPrefix("articles:") ? line.items : [line.expectation]
        if line.outcome.hasPrefix("articles:") {
            #expect(document.articles.count == Int(line.outcome.dropFirst("articles:".count)))
        }
        try #require(document.articles.count == expected.count, "\(line.file): \(document.articles.count) articles, want \(expected.count)")
        for (article, expectation) in zip(document.articles, expected) {
            let problems = Gold.mismatches(article, expectation)
            #expect(problems.isEmpty, "\(line.file) [\(expectation)]:\n\(problems.joined(separator: "\n"))")
        }
    }
}
