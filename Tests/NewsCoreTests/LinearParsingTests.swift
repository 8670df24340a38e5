import Foundation
import Testing
@testable import NewsCore

/// Page shapes that once took a minute for a few MB (quadratic passes), and the one-pass
/// versions that replaced those passes.
@Suite struct LinearParsingTests {
    /// The direct scan `BoilerplateClassifier.neighbours` replaced: from each block, step until
    /// a good block or a bad one of another list.
    static func scannedNeighbour(_ classes: [BoilerplateClassifier.Class], _ list: [Int32], from i: Int, step: Int) -> BoilerplateClassifier.Class {
        var j = i + step
        while j >= 0, j < classes.count {
            if classes[j] == .good || (classes[j] == .bad && !(list[i] >= 0 && list[j] == list[i])) { return classes[j] }
            j += step
        }
        return .short
    }

    @Test func neighboursAreThoseADirectScanFinds() {
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let kinds: [BoilerplateClassifier.Class] = [.good, .bad, .short, .heading]
        for _ in 0..<400 {
            let count = 1 + next(40)
            let classes = (0..<count).map { _ in kinds[next(4)] }
            let list = (0..<count).map { _ in Int32(next(4)) - 1 }  // -1 (no list) or one of three lists
            let before = BoilerplateClassifier.neighbours(classes, list, forward: true)
            let after = BoilerplateClassifier.neighbours(classes, list, forward: false)
            for i in 0..<count {
                #expect(before[i] == Self.scannedNeighbour(classes, list, from: i, step: -1), "\(classes) \(list) at \(i)")
                #expect(after[i] == Self.scannedNeighbour(classes, list, from: i, step: 1), "\(classes) \(list) at \(i)")
            }
        }
    }

    @Test func attributesPastTheLimitAreDropped() throws {
        let limit = MarkupAttributeLimit.limit
        let attributes = (0..<(limit + 500)).map { "a\($0)=\"v>\($0)\"" }.joined(separator: " ")
        let cut = try #require(MarkupAttributeLimit.apply(Array("<p>x</p><item \(attributes)/><b>y</b>".utf8)))
        let text = String(decoding: cut, as: UTF8.self)
        #expect(text.hasPrefix("<p>x</p><item a0=\"v>0\""))
        #expect(text.contains("a\(limit - 1)=\"v>\(limit - 1)\" "), "the first \(limit) kept, quoted `>` skipped")
        #expect(!text.contains("a\(limit)="))
        #expect(text.hasSuffix("/><b>y</b>"), "a self-closing tag stays self-closing; what follows is kept")
        #expect(MarkupAttributeLimit.apply(Array("<p class=\"a b c\" id=x hidden>text < 3 and <b>bold</b></p>".utf8)) == nil,
                "ordinary markup is not copied")
        // Text is not markup: a `<` and many words inside CDATA or a comment, or an apostrophe
        // in an unquoted value, must not be taken for a tag's attributes (a cut there lost the rest).
        let words = String(repeating: "word ", count: limit * 3)
        for text in ["<d><![CDATA[if x<y then \(words)]]></d><e>after</e>", "<!-- a<b \(words) --><e>after</e>",
                     "<a title=Don't>x</a><p>\(words) it's</p><e>after</e>"] {
            #expect(MarkupAttributeLimit.apply(Array(text.utf8)) == nil, "\(text.prefix(40))")
        }
    }

    @Test func aFeedWithALongCDATAKeepsItsItems() throws {
        let words = String(repeating: "word ", count: 2_000)
        let item = { (n: Int) in "<item><title>Item \(n)</title><description><![CDATA[if x<y then \(words)]]></description></item>" }
        let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C</title>\(item(1))\(item(2))</channel></rss>"
        let articles = try ArticleParser.parse(Array(feed.utf8)).get().articles
        #expect(articles.map(\.title) == ["Item 1", "Item 2"])
    }

    /// Not a benchmark: bounds far above the time each takes, to catch the quadratic passes
    /// (each of these took from 2 to 35 s in a release build before).
    @Test func pathologicalPagesParseInBoundedTime() throws {
        let sentence = "Peace talks resumed in the capital today, officials said, with delegations from both sides."
        let pages: [(html: String, body: String)] = [
            // 30,000 short paragraphs
            ("<html><body><article>" + String(repeating: "<p>peace talks, body, text.</p>", count: 30_000) + "</article></body></html>",
             "peace talks, body, text."),
            // list items between link items, each looking past all the links of its list
            ("<html><body><ul>" + String(repeating: "<li><a href=\"x\">nav link item</a></li><li>short</li>", count: 30_000)
                + "</ul><p>" + String(repeating: "long text ", count: 20) + "</p></body></html>", "long text"),
            // 20,000 nested article bodies
            ("<html><body>" + String(repeating: "<div class=\"article-body\"><p>\(sentence)</p>", count: 20_000)
                + String(repeating: "</div>", count: 20_000) + "</body></html>", sentence),
            // one tag with 100,000 attributes
            ("<html><body><div " + (0..<100_000).map { "a\($0)=\"v\"" }.joined(separator: " ") + "><p>\(sentence)</p></div></body></html>",
             sentence),
        ]
        for page in pages {
            let started = Date()
            let body = HTMLExtractor.extract(html: page.html).body
            #expect(Date().timeIntervalSince(started) < 20)
            #expect(body.contains(page.body))
        }
    }

    @Test func textOfMoreLinesThanAnArticleIsRejected() throws {
        let tooMany = "Title line\n\n" + String(repeating: "x\n", count: ArticleParser.maximumLines)
        let rejection = ArticleParser.parse(Array(tooMany.utf8))
        #expect(rejection == .failure(.tooManyLines(count: ArticleParser.maximumLines + 3, limit: ArticleParser.maximumLines)))
        #expect(Rejection.tooManyLines(count: 5, limit: 4).code == "too-many-lines")
        // Blank lines count too, but a long article is far below the limit.
        let long = "Title line\n\nFirst paragraph.\n" + String(repeating: "\n", count: 100_000) + "Last paragraph.\n"
        let article = try #require(try ArticleParser.parse(Array(long.utf8)).get().articles.first)
        #expect(article.body == "First paragraph.\n\nLast paragraph.")
    }

    @Test func jsonLDDataDumpsAreNotRead() {
        let objects = (0..<40_000).map { "{\"@type\":\"Thing\",\"name\":\"n\($0)\"}" }.joined(separator: ",")
        let dump = "<script type=\"application/ld+json\">{\"@graph\":[\(objects),{\"@type\":\"NewsArticle\",\"headline\":\"From the dump\"}]}</script>"
        #expect(dump.utf8.count > JSONLDArticle.maximumScriptBytes)
        let small = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Peace talks resume\"}</script>"
        let body = "<article><p>" + String(repeating: "Peace talks resumed in the capital today, officials said. ", count: 4) + "</p></article>"
        let page = HTMLExtractor.extract(html: "<html><head>\(dump)\(small)</head><body>\(body)</body></html>")
        #expect(page.title == "Peace talks resume", "the small script is read, the 1 MB one is not")
        #expect(page.body.hasPrefix("Peace talks resumed"))
    }

    @Test func articlesLongerThanAnyArticleAreRejected() throws {
        let line = String(repeating: "word ", count: 199) + "word\n"  // 1,000 bytes
        let long = "Title line\n\n" + String(repeating: line, count: ArticleBuilder.maximumTextBytes / 1_000 + 1)
        guard case .failure(.textTooLong(let bytes, let limit)) = ArticleParser.parse(Array(long.utf8)) else {
            Issue.record("not rejected")
            return
        }
        #expect(bytes > limit && limit == ArticleBuilder.maximumTextBytes)
        let fits = "Title line\n\n" + String(repeating: line, count: ArticleBuilder.maximumTextBytes / 1_000 - 1)
        #expect(try ArticleParser.parse(Array(fits.utf8)).get().articles.count == 1)
    }

    @Test func tagsPastTheLimitAreDropped() throws {
        let text = "Title: Tagged\nTags: " + (0..<1_000).map { "tag\($0)" }.joined(separator: ", ") + "\n\nThe body of the article.\n"
        let article = try #require(try ArticleParser.parse(Array(text.utf8)).get().articles.first)
        #expect(article.tags.count == ArticleBuilder.maximumTags)
        #expect(article.tags.first == "tag0" && article.tags.last == "tag\(ArticleBuilder.maximumTags - 1)")
    }
}
