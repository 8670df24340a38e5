/// What a format parser found, before the shared finishing steps turn it into an `Article`.
///
/// Text fields are already repaired and normalised (`TextNormalizer`), but not yet trimmed or cleaned of
/// boilerplate lines; `ArticleBuilder` does that the same way for every format.
struct ArticleDraft {
    var title: String?
    var body: String
    /// The date as the file wrote it; `DateParser` normalises it.
    var dateText: String?
    var author: String?
    var sourceURL: String?
    var tags: [String] = []
    var category: String?
    var slug: String?
    /// The declared language, as written (`en-US`); nil lets the detector decide.
    var declaredLanguage: String?
    var siteName: String?
    var summary: String?

    init(title: String? = nil, body: String) {
        self.title = title
        self.body = body
    }
}

/// The finishing steps shared by all formats: body cleaning, title fallback, date, URL and language.
enum ArticleBuilder {
    /// Most bytes of text (UTF-8) an article may have: the full-text index holds every distinct
    /// word of an article in memory until its row is written, and 50 MB of distinct words took
    /// 1.8 GB and 49 s (past systemd's watchdog, which would kill newsd and have it take the
    /// same file again). A novel is about 1 MB.
    public static let maximumTextBytes = 4 << 20
    /// Most tags kept per article (the first ones): facet queries split each article's tags,
    /// and 100,000 tags on one article made `newsq tags` take 89 s.
    public static let maximumTags = 256

    static func build(_ draft: ArticleDraft, format: DocumentFormat) -> Result<Article, Rejection> {
        let body = BodyCleaner.clean(draft.body)
        if body.utf8.count > maximumTextBytes { return .failure(.textTooLong(bytes: body.utf8.count, limit: maximumTextBytes)) }
        let declaredTitle = draft.title.map(TextNormalizer.collapseWhitespace).flatMap(nonEmpty)
        guard !body.isEmpty else {
            // Blank files never get here: nothing left means the text was all markup or boilerplate.
            return .failure(declaredTitle == nil ? .noArticle(detail: "no article text once markup and boilerplate are removed") : .noBody)
        }
        let title = declaredTitle.map(Sentences.truncate) ?? Sentences.first(in: body)
        let date = draft.dateText.flatMap(DateParser.parse)
        let sourceURL = draft.sourceURL.map(CanonicalURL.clean).flatMap(nonEmpty)
        let tags = Array(draft.tags.lazy.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.prefix(maximumTags))
        let language = LanguageDetector.language(declared: draft.declaredLanguage, title: title, body: body)
        return .success(Article(
            title: title, body: body, date: date,
            author: field(draft.author), sourceURL: sourceURL, tags: tags,
            category: field(draft.category), slug: field(draft.slug),
            language: language, format: format,
            siteName: field(draft.siteName), summary: field(draft.summary)))
    }

    /// A metadata value trimmed, white space collapsed, nil when empty.
    static func field(_ value: String?) -> String? {
        value.map(TextNormalizer.collapseWhitespace).flatMap(nonEmpty)
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}
