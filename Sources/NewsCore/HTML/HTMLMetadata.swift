import Foundation

/// Chooses each metadata field among the page's sources, most explicit first.
enum HTMLMetadata {
    static func fill(_ page: inout HTMLPage, raw: RawMetadata, jsonLD: JSONLDArticle, firstH1: String?) {
        let metas = raw.metas
        func meta(_ keys: String...) -> String? {
            for key in keys { if let v = metas.first(where: { $0.key == key })?.value, let c = TextCleanup.line(v) { return c } }
            return nil
        }
        func metaAll(_ key: String) -> [String] { metas.filter { $0.key == key }.compactMap { TextCleanup.line($0.value) } }

        page.siteName = meta("og:site_name") ?? TextCleanup.line(jsonLD.publisher) ?? meta("application-name")
        page.title = meta("og:title").map { stripSiteName($0, siteName: page.siteName, onlyKnown: true) }
            ?? TextCleanup.line(jsonLD.headline)
            ?? TextCleanup.line(raw.itempropHeadline)
            ?? firstH1
            ?? meta("twitter:title")
            ?? TextCleanup.line(raw.title).map { stripSiteName($0, siteName: page.siteName, onlyKnown: false) }

        page.canonicalURL = TextCleanup.line(raw.canonical) ?? meta("og:url")
        page.language = TextCleanup.line(raw.htmlLang) ?? meta("content-language", "language", "dc.language")
            ?? meta("og:locale").map { $0.replacingOccurrences(of: "_", with: "-") }
        page.description = meta("og:description", "description", "twitter:description", "dc.description")
            ?? TextCleanup.line(jsonLD.description)
        page.image = meta("og:image", "twitter:image") ?? TextCleanup.line(jsonLD.image)

        page.published = meta("article:published_time")
            ?? TextCleanup.line(jsonLD.datePublished)
            ?? raw.itempropDates.lazy.compactMap(TextCleanup.line).first
            ?? raw.times.first(where: { $0.published }).flatMap { TextCleanup.line($0.value) }
            ?? meta("og:published_time", "article:published", "pubdate", "publishdate", "publish-date", "date",
                    "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "dc.date.created",
                    "sailthru.date", "parsely-pub-date", "datepublished", "article.published", "citation_publication_date")
            ?? raw.times.first.flatMap { TextCleanup.line($0.value) }
            ?? page.canonicalURL.flatMap(dateInURL)
        page.modified = meta("article:modified_time", "og:updated_time") ?? TextCleanup.line(jsonLD.dateModified)

        var authors = metaAll("author") + metaAll("article:author").filter { !$0.hasPrefix("http") }
            + jsonLD.authors.compactMap(TextCleanup.line) + metaAll("dc.creator") + metaAll("parsely-author")
            + metaAll("sailthru.author")
        if authors.isEmpty { authors = raw.bylines.compactMap(cleanByline) }
        page.authors = unique(authors)

        var tags = metaAll("article:tag")
        if tags.isEmpty { tags = jsonLD.keywords }
        if tags.isEmpty { tags = (meta("news_keywords") ?? meta("keywords")).map { $0.split(separator: ",").map(String.init) } ?? [] }
        page.tags = unique(tags.compactMap(TextCleanup.line))
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.lowercased()).inserted }
    }

    private static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ", " • ", " : "]

    /// Removes a site name before or after a separator (`Title | Site`, `Site - Title`). Without a
    /// known site name (`onlyKnown` false), a short last part is taken for one.
    static func stripSiteName(_ title: String, siteName: String?, onlyKnown: Bool) -> String {
        for sep in separators {
            guard let last = title.range(of: sep, options: .backwards) else { continue }
            let head = String(title[..<last.lowerBound]), tail = String(title[last.upperBound...])
            if let site = siteName?.lowercased() {
                if tail.lowercased() == site || site.contains(tail.lowercased()) { return head }
                if let first = title.range(of: sep), title[..<first.lowerBound].lowercased() == site {
                    return String(title[first.upperBound...])
                }
            }
            if !onlyKnown, tail.split(separator: " ").count <= 4, head.split(separator: " ").count >= 2 {
                return head
            }
        }
        return title
    }

    /// A byline's name: without "By"/"Von"/"Por"/"Par", dates and long text.
    private static func cleanByline(_ s: String) -> String? {
        guard var t = TextCleanup.line(s) else { return nil }
        for prefix in ["By ", "by ", "BY ", "Von ", "von ", "Por ", "por ", "Par ", "par ", "Di ", "Autor: ", "Author: "]
        where t.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count))
        }
        guard t.count >= 3, t.count <= 60, t.split(separator: " ").count <= 6, !t.contains(where: \.isNumber) else { return nil }
        return t
    }

    /// A date in a URL path: `/2015/05/11/` or `/2015-05-11`.
    static func dateInURL(_ url: String) -> String? {
        let patterns = [#"/(19|20)\d{2}/[01]\d/[0-3]\d(/|$)"#, #"(19|20)\d{2}-[01]\d-[0-3]\d"#]
        for p in patterns {
            if let r = url.range(of: p, options: .regularExpression) {
                return url[r].trimmingCharacters(in: CharacterSet(charactersIn: "/")).replacingOccurrences(of: "/", with: "-")
            }
        }
        return nil
    }
}
