/// RSS 2.0 (and RSS 1.0/RDF) and Atom feeds: one file, one article per item or entry.
///
/// RSS item: `title`; `link` (else a permalink `guid`); `pubDate` (else `dc:date`); `dc:creator` (else
/// `author`, its `(Name)` part when it is `mail (Name)`); `category` elements as tags; body from
/// `content:encoded`, else `description`, reduced from HTML with `HTMLFragment.plainText`.
/// Language: the channel's `language` (or `dc:language`).
///
/// Atom entry: `title` (type text/html/xhtml); the `link` with `rel="alternate"` or no `rel` (never
/// `self`, `edit`, …); `published`, else `updated`; `author/name`, else the feed's; `category/@term` as
/// tags; body from `content` (type `html`: escaped HTML, `xhtml`: inline markup, else text), else `summary`.
/// Language: `xml:lang` on the entry, else on the feed.
///
/// An item without a title takes its first sentence; an item without text is skipped.
///
/// Items are read one at a time (`XMLItemStream`): a large feed's memory is its articles, not
/// a tree of the whole document. A feed the streaming reader stops on (broken markup) is read
/// again as a whole tree, which libxml2 recovers more of.
enum FeedParser {
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    /// The feed's articles, or why there are none.
    static func parse(_ bytes: [UInt8], decoded: String, encoding: TextDecoding.Encoding, format: DocumentFormat) -> Result<ParsedDocument, Rejection> {
        guard var drafts = drafts(source(bytes, decoded: decoded, encoding: encoding)) else {
            return .failure(.noArticle(detail: "unreadable \(format.rawValue) feed"))
        }
        var articles: [Article] = [], skipped: [ParsedDocument.SkippedItem] = []
        for index in drafts.indices {
            let draft = drafts[index]
            drafts[index] = ArticleDraft(title: nil, body: "")  // its text now lives in the article alone
            switch ArticleBuilder.build(draft, format: format) {
            case .success(let article): articles.append(article)
            case .failure(let reason): skipped.append(.init(index: index, reason: reason))
            }
        }
        guard !articles.isEmpty else { return .failure(.noArticle(detail: "\(format.rawValue) feed with no item that has text")) }
        return .success(ParsedDocument(format: format, articles: articles, skipped: skipped))
    }

    /// The bytes libxml2 reads and their encoding: our decoding (as UTF-8) unless the bytes were not
    /// UTF-8 and the document declares its own encoding; then libxml2 honours the declaration (e.g.
    /// `ISO-8859-5`).
    private static func source(_ bytes: [UInt8], decoded: String, encoding: TextDecoding.Encoding) -> (bytes: [UInt8], encoding: String?) {
        let legacy = encoding == .windows1252 || encoding == .utf8Lossy
        if legacy, let declared = declaredEncoding(decoded), !declared.lowercased().hasPrefix("utf") {
            return (bytes, nil)
        }
        // Valid UTF-8 without a BOM decodes to the same bytes: parse them rather than a copy.
        return (decoded.utf8.elementsEqual(bytes) ? bytes : Array(decoded.utf8), "UTF-8")
    }

    /// The feed's items as drafts, in document order, with the feed's own fields; nil when the
    /// document is not readable XML. Streamed; a feed the reader stops on is read whole.
    static func drafts(_ source: (bytes: [UInt8], encoding: String?)) -> [ArticleDraft]? {
        var isAtom = false  // known from the root, which comes before any item
        var items: [ArticleDraft] = [], besideChannel: [ArticleDraft] = []
        let skeleton = XMLItemStream.read(source.bytes, encoding: source.encoding, isItem: { path in
            isAtom = path[0] == "feed"
            if isAtom { return path.count == 2 && path[1] == "entry" }
            return path.count == 2 ? path[1] == "item" : path.count == 3 && path[1] == "channel" && path[2] == "item"
        }, item: { path, element in
            if isAtom { items.append(atomDraft(element)) }
            else if path.count == 3 { items.append(rssDraft(element)) }
            else { besideChannel.append(rssDraft(element)) }
        })
        if let skeleton {
            var drafts = items + besideChannel
            if skeleton.name == "feed" { applyAtomFeed(skeleton, to: &drafts) } else { applyRSSChannel(of: skeleton, to: &drafts) }
            return drafts
        }
        guard let root = XMLTree.parse(source.bytes, encoding: source.encoding) else { return nil }
        return root.name == "feed" ? atomDrafts(root) : rssDrafts(root)
    }

    /// The `encoding` pseudo-attribute of the XML declaration, if any.
    static func declaredEncoding(_ text: String) -> String? {
        let head = text.prefix(200)
        guard head.hasPrefix("<?xml"), let end = head.firstRange(of: "?>"),
              let key = head[..<end.lowerBound].firstRange(of: "encoding=") else { return nil }
        let rest = head[key.upperBound...]
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix(while: { $0 != quote }))
    }

    // MARK: - RSS

    /// The drafts of a whole RSS tree's items.
    static func rssDrafts(_ root: XMLElement) -> [ArticleDraft] {
        // RSS 2.0 nests items in the channel; RSS 1.0 (RDF) puts them beside it.
        var drafts = ((root.first("channel")?.elements("item") ?? []) + root.elements("item")).map(rssDraft)
        applyRSSChannel(of: root, to: &drafts)
        return drafts
    }

    /// One RSS item's draft, without the channel's fields.
    static func rssDraft(_ item: XMLElement) -> ArticleDraft {
        let encoded = html(item.first("encoded", namespace: contentNamespace))
        let description = html(item.first("description"))
        var draft = ArticleDraft(title: title(item.first("title")), body: encoded ?? description ?? "")
        draft.sourceURL = text(item.first("link")) ?? permalinkGUID(item)
        draft.dateText = text(item.first("pubDate")) ?? text(item.first("date", namespace: dublinCoreNamespace))
        draft.author = text(item.first("creator", namespace: dublinCoreNamespace)) ?? text(item.first("author")).map(rssAuthorName)
        draft.tags = item.elements("category").compactMap(text)
        draft.summary = encoded != nil ? description : nil
        return draft
    }

    /// The channel's language and title, on every item.
    static func applyRSSChannel(of root: XMLElement, to drafts: inout [ArticleDraft]) {
        let channel = root.first("channel")
        let language = channel.flatMap { text($0.first("language")) ?? text($0.first("language", namespace: dublinCoreNamespace)) }
        let siteName = channel.flatMap { text($0.first("title")) }
        for index in drafts.indices {
            drafts[index].declaredLanguage = language
            drafts[index].siteName = siteName
        }
    }

    private static func permalinkGUID(_ item: XMLElement) -> String? {
        guard let guid = item.first("guid"), guid.attributes["isPermaLink"]?.lowercased() != "false",
              let value = text(guid), value.hasPrefix("http") else { return nil }
        return value
    }

    /// `jarvis@example.com (Jarvis)` → `Jarvis`; anything else as given.
    static func rssAuthorName(_ author: String) -> String {
        guard let open = author.firstIndex(of: "("), let close = author.lastIndex(of: ")"), open < close else { return author }
        let name = String(author[author.index(after: open)..<close]).trimmingWhitespace()
        return name.isEmpty ? author : name
    }

    // MARK: - Atom

    /// The drafts of a whole Atom tree's entries.
    static func atomDrafts(_ feed: XMLElement) -> [ArticleDraft] {
        var drafts = feed.elements("entry").map(atomDraft)
        applyAtomFeed(feed, to: &drafts)
        return drafts
    }

    /// One Atom entry's draft, without the feed's fields.
    static func atomDraft(_ entry: XMLElement) -> ArticleDraft {
        let content = entry.first("content").flatMap { $0.attributes["src"] == nil ? atomText($0) : nil }
        let summary = atomText(entry.first("summary"))
        var draft = ArticleDraft(title: atomText(entry.first("title")), body: content ?? summary ?? "")
        draft.sourceURL = atomLink(entry)
        draft.dateText = text(entry.first("published")) ?? text(entry.first("updated"))
        draft.author = entry.first("author").flatMap { text($0.first("name")) }
        draft.tags = entry.elements("category").compactMap { $0.attributes["term"] }
        draft.declaredLanguage = entry.attributes["xml:lang"]
        draft.summary = content != nil ? summary : nil
        return draft
    }

    /// The feed's title on every entry, and its author and language where an entry has none.
    static func applyAtomFeed(_ feed: XMLElement, to drafts: inout [ArticleDraft]) {
        let feedAuthor = feed.first("author").flatMap { text($0.first("name")) }
        let feedLanguage = feed.attributes["xml:lang"]
        let siteName = atomText(feed.first("title"))
        for index in drafts.indices {
            drafts[index].author = drafts[index].author ?? feedAuthor
            drafts[index].declaredLanguage = drafts[index].declaredLanguage ?? feedLanguage
            drafts[index].siteName = siteName
        }
    }

    /// The entry's `rel="alternate"` (or rel-less) link, preferring an HTML one.
    static func atomLink(_ entry: XMLElement) -> String? {
        let candidates = entry.elements("link").filter {
            let rel = $0.attributes["rel"]?.lowercased() ?? "alternate"
            return rel == "alternate" && !($0.attributes["href"] ?? "").isEmpty
        }
        let html = candidates.first { ($0.attributes["type"] ?? "text/html").lowercased().contains("html") }
        return (html ?? candidates.first)?.attributes["href"]
    }

    /// An Atom text construct as plain text: `html` is escaped HTML, `xhtml` is inline markup, else text.
    static func atomText(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        switch element.attributes["type"]?.lowercased() {
        case "html", "text/html": return html(element)
        case "xhtml", "application/xhtml+xml": return nonEmpty(TextNormalizer.normalize(HTMLFragment.plainText(element.innerMarkup)))
        default: return text(element)
        }
    }

    // MARK: - Text

    /// An element's text, normalised, nil when blank.
    static func text(_ element: XMLElement?) -> String? {
        element.flatMap { nonEmpty(TextNormalizer.normalize($0.text)) }
    }

    /// An element whose text is HTML (RSS descriptions, Atom `type="html"`), reduced to plain text.
    static func html(_ element: XMLElement?) -> String? {
        element.flatMap { nonEmpty(TextNormalizer.normalize(HTMLFragment.plainText($0.text))) }
    }

    /// A title: markup or entities in it (some feeds double-escape) are reduced too.
    static func title(_ element: XMLElement?) -> String? {
        guard let raw = element?.text else { return nil }
        return raw.contains("<") || raw.contains("&") ? html(element) : text(element)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.contains(where: { !$0.isWhitespace }) ? text : nil
    }
}
