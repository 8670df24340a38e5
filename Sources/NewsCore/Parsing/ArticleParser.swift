/// The parser's entry point: one file's bytes in, its articles (or the reason it has none) out.
///
/// Pure: no I/O, no clock. `newsd` and `newsq parse` both call this, so what `newsq parse`
/// shows is exactly what the daemon indexes.
///
/// Steps: decode (`TextDecoding`: BOM, binary, UTF-8 / cp1252), reject empty and blank files, detect the
/// format from the content (`FormatDetector`), parse it (`PelicanParser`, `YAMLFrontMatter`,
/// `MarkdownDocument`, `PlainTextParser`, `FeedParser`, `HTMLExtractor` + `HTMLArticleMapper`), then
/// finish every article the same way (`ArticleBuilder`: boilerplate lines, title fallback, date, URL,
/// language). Text formats are repaired and normalised (`TextNormalizer`) as a whole before parsing.
public enum ArticleParser {
    /// Most lines a text article may have (a novel has about 20,000; a 1 MB article ~10,000).
    public static let maximumLines = 1_000_000

    /// Parses one file. `fileName` is only a hint (the content decides the format); it is not used today.
    public static func parse(_ bytes: [UInt8], fileName: String = "") -> Result<ParsedDocument, Rejection> {
        let decoded: (text: String, encoding: TextDecoding.Encoding, hadBOM: Bool)
        switch TextDecoding.decodeDetailed(bytes) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let value): decoded = value
        }
        if isBlank(decoded.text) { return .failure(.whitespaceOnly) }

        if let markup = FormatDetector.markupFormat(decoded.text) {
            switch markup {
            case .rss, .atom:
                return FeedParser.parse(bytes, decoded: decoded.text, encoding: decoded.encoding, format: markup)
            default:
                let draft = HTMLArticleMapper.draft(HTMLExtractor.extract(bytes))
                if isBlank(draft.body) && draft.title == nil { return .failure(.noArticle(detail: "HTML page with no article text")) }
                return ArticleBuilder.build(draft, format: .html).map { ParsedDocument(format: .html, articles: [$0]) }
            }
        }

        let text = TextNormalizer.normalize(decoded.text)
        let lineCount = text.lfCount + 1
        if lineCount > maximumLines { return .failure(.tooManyLines(count: lineCount, limit: maximumLines)) }
        let (format, draft) = textDraft(text.lfLines())
        return ArticleBuilder.build(draft, format: format).map { ParsedDocument(format: format, articles: [$0]) }
    }

    /// The format of normalised lines (YAML front matter, a Pelican header, Markdown syntax,
    /// else plain text) and their draft. Each header parser returns nil exactly when its
    /// header is not there, so a header is read once, not once to detect and again to parse.
    static func textDraft(_ lines: [Substring]) -> (format: DocumentFormat, draft: ArticleDraft) {
        if let draft = YAMLFrontMatter.parse(lines) { return (.yaml, draft) }
        if let draft = PelicanParser.parse(lines) { return (.pelican, draft) }
        if MarkdownText.looksLikeMarkdown(lines) { return (.markdown, MarkdownDocument.parse(lines)) }
        return (.plain, PlainTextParser.parse(lines))
    }

    /// Only white space and invisible characters (NBSP, zero-width spaces, BOMs).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy {
            $0.properties.isWhitespace || $0.value == 0x200B || $0.value == 0x200D || $0.value == 0x2060 || $0.value == 0xFEFF
        }
    }
}

/// What a file parsed into: its detected format and one article (or several, for feeds).
public struct ParsedDocument: Sendable, Equatable {
    /// A feed item that gave no article, and why.
    public struct SkippedItem: Sendable, Equatable {
        /// The item's position in the feed (0 for the first).
        public var index: Int
        public var reason: Rejection
    }

    public var format: DocumentFormat
    public var articles: [Article]
    /// Feed items left out (no text, too long, …), for the log: the file's other items are kept.
    public var skipped: [SkippedItem]
    public init(format: DocumentFormat, articles: [Article], skipped: [SkippedItem] = []) {
        self.format = format
        self.articles = articles
        self.skipped = skipped
    }
}

extension String {
    /// The string without leading and trailing white space (including NBSP and line breaks).
    public func trimmingWhitespace() -> String {
        // Most values are trimmed already: ASCII at both ends, neither white space.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !Self.isASCIIWhitespace(first), !Self.isASCIIWhitespace(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }

    /// The ASCII characters with Unicode's White_Space property: tab to carriage return, space.
    @inline(__always) private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
