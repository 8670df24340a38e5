/// Maps what `HTMLExtractor` found on a page to an article draft.
///
/// Title: the page's (og:title, JSON-LD, `<h1>`, `<title>`), else the body's first sentence. Date: the
/// page's published date through `DateParser`. Author: the first one. URL: the canonical link.
/// Language: the page's declared one (region dropped), else detected. Description → `summary`.
enum HTMLArticleMapper {
    static func draft(_ page: HTMLPage) -> ArticleDraft {
        var draft = ArticleDraft(title: page.title.map(TextNormalizer.normalize), body: TextNormalizer.normalize(page.body))
        draft.dateText = page.published
        draft.author = page.authors.first.map(TextNormalizer.normalize)
        draft.sourceURL = page.canonicalURL
        draft.tags = page.tags.map(TextNormalizer.normalize)
        draft.declaredLanguage = page.language
        draft.siteName = page.siteName.map(TextNormalizer.normalize)
        draft.summary = page.description.map(TextNormalizer.normalize)
        return draft
    }
}
