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

    /// Items are read one at a time: the skeleton the stream keeps holds the feed's own fields,
    /// never an item (a 40 MB feed's whole tree took about 250 MB), and the drafts are those the
    /// whole tree gives, whatever the order of the feed's fields and items.
    @Test(arguments: [
        // RSS 2.0, the channel's fields after its items; a second channel (its items are not read)
        #"<rss><channel><item><title>One</title><description>First text.</description></item><item><title>Two</title><description>Second &amp; text.</description><category>x</category></item><title>Site</title><language>fr</language></channel><channel><title>Other</title><item><title>Ignored</title><description>Not read.</description></item></channel></rss>"#,
        // RSS 1.0 (RDF): items beside the channel, and one inside it (read first)
        #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><item rdf:about="a"><title>Beside</title><description>Beside text.</description><dc:date>2020-01-02</dc:date></item><channel rdf:about="c"><title>RDF site</title><dc:language>de</dc:language><item><title>Inside</title><description>Inside text.</description></item></channel><!-- note --><item><title>After</title><description><![CDATA[<p>After text.</p>]]></description></item></rdf:RDF>"#,
        // Atom: the feed's author, title and language after its entries; an entry's own language and author
        #"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es"><entry xml:lang="fr"><title>Un</title><summary>Texte un.</summary><author><name>Own</name></author></entry><entry><title type="html">&lt;b&gt;Dos&lt;/b&gt;</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Texto dos.</p></div></content></entry><title>Feed</title><author><name>Desk</name></author></feed>"#,
        // UTF-8 bytes declared ISO-8859-1 (common on the web): our decoding wins in both paths
        #"<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Café — news</title><item><title>Straße</title><description>Costs €5 — today.</description></item></channel></rss>"#,
        // Text 257 levels deep: past libxml2's tree limit counted from the root, in both paths
        #"<rss><channel><title>S</title><item><title>T</title><description>Start words here. "# + String(repeating: "<b>", count: 253) + "deeptext" + String(repeating: "</b>", count: 253) + #" end.</description></item></channel></rss>"#,
        // Broken: the stream stops, and the whole tree recovers what it can
        #"<rss><channel><title>S</title><item><title>T</title><description>Body text</description></item><item><title>U"#,
    ])
    func streamedFeedsReadAsTheWholeTreeDoes(xml: String) throws {
        let bytes = Array(xml.utf8)
        let streamed = try #require(FeedParser.drafts((bytes, "UTF-8")))
        let root = try #require(XMLTree.parse(bytes, encoding: "UTF-8"))
        let whole = root.name == "feed" ? FeedParser.atomDrafts(root) : FeedParser.rssDrafts(root)
        #expect(!streamed.isEmpty)
        #expect(!streamed.contains { String(describing: $0).contains("Ã") }, "UTF-8 read as UTF-8")
        #expect(streamed.map { String(describing: $0) } == whole.map { String(describing: $0) })

        var items = 0
        let skeleton = XMLItemStream.read(bytes, encoding: "UTF-8", isItem: { $0.last == "item" || $0.last == "entry" }, item: { _, _ in items += 1 })
        guard let skeleton else {
            #expect(xml.hasSuffix("<title>U"), "only the broken feed stops the stream")
            return
        }
        // Where items stand: beside the first channel or in it (a second channel is kept whole,
        // and its items are not read, from the whole tree either).
        let places = skeleton.elements().filter { $0.name != "channel" } + (skeleton.first("channel")?.elements() ?? [])
        #expect(!places.contains { $0.name == "item" || $0.name == "entry" }, "no item is kept in the skeleton")
        #expect(items == whole.count, "each item handed on once")
        #expect(skeleton.first("title") != nil || skeleton.first("channel")?.first("title") != nil, "the feed's own fields are kept")
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
