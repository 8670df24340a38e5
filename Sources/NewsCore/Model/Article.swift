/// The formats newsd recognises, detected from a file's content (never only its extension).
public enum DocumentFormat: String, Sendable, Codable, CaseIterable {
    case pelican, yaml, markdown, plain, html, rss, atom
}

/// An article date, normalised for sorting and range filters, with the string the file gave.
public struct ArticleDate: Sendable, Equatable, Codable {
    /// ISO 8601: `YYYY-MM-DDTHH:MM:SSZ` when the zone is known (converted to UTC),
    /// `YYYY-MM-DDTHH:MM:SS` for a time without a zone, `YYYY-MM-DD` for a date alone.
    public var normalized: String
    /// The date exactly as the file wrote it.
    public var original: String
    /// Seconds since 1970 (UTC; a zoneless time is taken as UTC), for ordering and ranges.
    public var epochSeconds: Int64

    public init(normalized: String, original: String, epochSeconds: Int64) {
        self.normalized = normalized
        self.original = original
        self.epochSeconds = epochSeconds
    }
}

/// One article as the parser made it: cleaned text and the metadata the file states.
///
/// Title and body are repaired (mojibake), normalised (NFC, LF, no NBSP or zero-width
/// characters) and stripped of markup, header lines and boilerplate lines. Control
/// characters are kept verbatim: printers neutralise them, the store keeps the truth.
public struct Article: Sendable, Equatable, Codable {
    public var title: String
    public var body: String
    public var date: ArticleDate?
    public var author: String?
    /// The source URL as given, minus tracking parameters (`utm_*`, `fbclid`, `gclid`) and fragment.
    public var sourceURL: String?
    public var tags: [String]
    public var category: String?
    public var slug: String?
    /// ISO 639-1 code (`en`, `fr`, `ar`, …), from the document or detected from the text.
    public var language: String?
    public var format: DocumentFormat
    /// Site name or description when the document states them (HTML pages, feeds).
    public var siteName: String?
    public var summary: String?

    public init(
        title: String, body: String, date: ArticleDate? = nil, author: String? = nil,
        sourceURL: String? = nil, tags: [String] = [], category: String? = nil, slug: String? = nil,
        language: String? = nil, format: DocumentFormat, siteName: String? = nil, summary: String? = nil
    ) {
        self.title = title
        self.body = body
        self.date = date
        self.author = author
        self.sourceURL = sourceURL
        self.tags = tags
        self.category = category
        self.slug = slug
        self.language = language
        self.format = format
        self.siteName = siteName
        self.summary = summary
    }
}
