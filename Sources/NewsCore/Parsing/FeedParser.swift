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
enum FeedParser {
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    /// The feed's articles, or why there are none.
    static func parse(_ bytes: [UInt8], decoded: String, encoding: TextDecoding.Encoding, format: DocumentFormat) -> Result<ParsedDocument, Rejection> {
        guard let root = parseTree(bytes, decoded: decoded, encoding: encoding) else {
            return .failure(.noArticle(detail: "unreadable \(format.rawValue) feed"))
        }
        let drafts = root.name == "feed" ? atomDrafts(root) : rssDrafts(root)
        var articles: [Article] = [], skipped: [ParsedDocument.SkippedItem] = []
        for (index, draft) in drafts.enumerated() {
            switch ArticleBuilder.build(draft, format: format) {
            case .success(let article): articles.append(article)
            case .failure(let reason): skipped.append(.init(index: index, reason: reason))
            }
        }
        guard !articles.isEmpty else { return .failure(.noArticle(detail: "\(format.rawValue) feed with no item that has text")) }
        return .success(ParsedDocument(format: format, articles: articles, skipped: skipped))
    }

    /// libxml2 reads our decoding (as UTF-8) unless the bytes were not UTF-8 and the document declares its
    /// own encoding: then libxml2 honours the declaration (e.g. `ISO-8859-5`).
    private static func parseTree(_ bytes: [UInt8], decoded: String, encoding: TextDecoding.Encoding) -> XMLElement? {
        let legacy = encoding == .windows1252 || encoding == .utf8Lossy
        if legacy, let declared = declaredEncoding(decoded), !declared.lowercased().hasPrefix("utf") {
            return XMLTree.parse(bytes, encoding: nil)
        }
        // Valid UTF-8 without a BOM decodes to the same bytes: parse them rather than a copy
        // (a feed's parse peaks at several times its size; the copy added one more).
        return XMLTree.parse(decoded.utf8.elementsEqual(bytes) ? bytes : Array(decoded.utf8), encoding: "UTF-8")
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

    static func rssDrafts(_ root: XMLElement) -> [ArticleDraft] {
        let channel = root.first("channel")
        // RSS 2.0 nests items in the channel; RSS 1.0 (RDF) puts them beside it.
        let items = (channel?.elements("item") ?? []) + root.elements("item")
        let language = channel.flatMap { text($0.first("language")) ?? text($0.first("language", namespace: dublinCoreNamespace)) }
        let siteName = channel.flatMap { text($0.first("title")) }
        return items.map { item in
            let encoded = html(item.first("encoded", namespace: contentNamespace))
            let description = html(item.first("description"))
            var draft = ArticleDraft(title: title(item.first("title")), body: encoded ?? description ?? "")
            draft.sourceURL = text(item.first("link")) ?? permalinkGUID(item)
            draft.dateText = text(item.first("pubDate")) ?? text(item.first("date", namespace: dublinCoreNamespace))
            draft.author = text(item.first("creator", namespace: dublinCoreNamespace)) ?? text(item.first("author")).map(rssAuthorName)
            draft.tags = item.elements("category").compactMap(text)
            draft.declaredLanguage = language
            draft.siteName = siteName
            draft.summary = encoded != nil ? description : nil
            return draft
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

    static func atomDrafts(_ feed: XMLElement) -> [ArticleDraft] {
        let feedAuthor = feed.first("author").flatMap { text($0.first("name")) }
        let feedLanguage = feed.attributes["xml:lang"]
        let siteName = atomText(feed.first("title"))
        return feed.elements("entry").map { entry in
            let content = entry.first("content").flatMap { $0.attributes["src"] == nil ? atomText($0) : nil }
            let summary = atomText(entry.first("summary"))
            var draft = ArticleDraft(title: atomText(entry.first("title")), body: content ?? summary ?? "")
            draft.sourceURL = atomLink(entry)
            draft.dateText = text(entry.first("published")) ?? text(entry.first("updated"))
            draft.author = entry.first("author").flatMap { text($0.first("name")) } ?? feedAuthor
            draft.tags = entry.elements("category").compactMap { $0.attributes["term"] }
            draft.declaredLanguage = entry.attributes["xml:lang"] ?? feedLanguage
            draft.siteName = siteName
            draft.summary = content != nil ? summary : nil
            return draft
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
