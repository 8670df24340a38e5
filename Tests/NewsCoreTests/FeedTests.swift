import Testing
@testable import NewsCore

@Suite struct FeedTests {
    private func articles(_ xml: String) -> [Article] {
        (try? ArticleParser.parse(Array(xml.utf8)).get().articles) ?? []
    }

    /// Items that give no article are reported with their reasons (newsd logs them), and the
    /// feed's other items are kept.
    @Test func skippedItemsAreReportedWithReasons() throws {
        let long = String(repeating: "word ", count: ArticleBuilder.maximumTextBytes / 5 + 10)
        let xml = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>S</title>
        <item><title>Kept</title><description>Peace talks resumed in the capital today.</description></item>
        <item><title>Too long</title><description>\(long)</description></item>
        <item><title>Title only</title></item>
        </channel></rss>
        """
        let document = try ArticleParser.parse(Array(xml.utf8)).get()
        #expect(document.articles.map(\.title) == ["Kept"])
        #expect(document.skipped.map(\.index) == [1, 2])
        #expect(document.skipped.first?.reason.code == "text-too-long")
        #expect(document.skipped.last?.reason == .noBody)
    }

    @Test func rssItemWithoutTitleUsesFirstSentenceAndGuidPermalink() {
        let xml = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>S</title><language>fr-FR</language>
        <item><guid>https://example.com/a?utm_medium=rss</guid><description>Le Hezbollah a déclaré que la bataille est existentielle. Les forces sont là.</description>
        <author>desk@example.com (News Desk)</author><category> Syrie </category></item>
        <item><title>Empty</title></item>
        </channel></rss>
        """
        let items = articles(xml)
        #expect(items.count == 1)
        #expect(items.first?.title == "Le Hezbollah a déclaré que la bataille est existentielle.")
        #expect(items.first?.sourceURL == "https://example.com/a")
        #expect(items.first?.author == "News Desk")
        #expect(items.first?.tags == ["Syrie"])
        #expect(items.first?.language == "fr")
        #expect(items.first?.format == .rss)
    }

    @Test func atomLinkSelectionAndFeedAuthor() {
        let xml = """
        <feed xmlns="http://www.w3.org/2005/Atom"><author><name>Desk</name></author>
        <entry><title type="html">A &amp;amp; B</title><link rel="self" href="https://x/self"/><link rel="edit" href="https://x/edit"/>
        <link rel="alternate" type="text/html" href="https://x/a#frag"/><updated>2013-06-05T12:00:00Z</updated>
        <summary>Text of the entry.</summary></entry></feed>
        """
        let entry = articles(xml).first
        #expect(entry?.sourceURL == "https://x/a")
        #expect(entry?.author == "Desk")
        #expect(entry?.date?.normalized == "2013-06-05T12:00:00Z")
        #expect(entry?.format == .atom)
    }

    @Test func billionLaughsIsNotExpanded() {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">"
        for level in 1...9 {
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">"
        }
        xml += "]><rss><channel><item><title>T</title><description>Text &lol9; end.</description></item></channel></rss>"
        let clock = ContinuousClock()
        var result: Result<ParsedDocument, Rejection>?
        let elapsed = clock.measure { result = ArticleParser.parse(Array(xml.utf8)) }
        #expect(elapsed < .seconds(2))
        if case .success(let document)? = result {
            #expect(document.articles.allSatisfy { $0.body.utf8.count < 10_000 })
        }
    }

    @Test func externalEntitiesAreNotLoaded() {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>T</title><description>A &xxe; B text.</description></item></channel></rss>"
        let body = articles(xml).first?.body ?? ""
        #expect(!body.contains("root:"))
    }

    @Test func malformedFeedIsRejectedOrRecovered() {
        let result = ArticleParser.parse(Array("<rss><channel><item><title>T</title><description>Body text".utf8))
        if case .success(let document) = result { #expect(document.articles.count <= 1) }
        #expect(ArticleParser.parse(Array("<feed></feed>".utf8)) == .failure(.noArticle(detail: "atom feed with no item that has text")))
    }
}

@Suite struct FeedEncodingTests {
    @Test func utf16FeedWithBOM() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>Défense</title><description>Le texte de l’article.</description></item></channel></rss>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let article = try #require(try ArticleParser.parse(bytes).get().articles.first)
        #expect(article.title == "Défense")
        #expect(article.body == "Le texte de l’article.")
    }

    @Test func declaredLatin1FeedIsHonoured() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>D".utf8)
        bytes.append(0xE9)
        bytes += Array("fense</title><description>Texte.</description></item></channel></rss>".utf8)
        let article = try #require(try ArticleParser.parse(bytes).get().articles.first)
        #expect(article.title == "Défense")
    }
}
