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
        page.canonicalURL = TextCleanup.line(raw.canonical) ?? meta("og:url")
        let siteNames = [page.siteName, page.canonicalURL.flatMap(hostName)].compactMap { $0 }
        page.title = meta("og:title").map { stripSiteName($0, siteNames: siteNames, onlyKnown: true) }
            ?? TextCleanup.line(jsonLD.headline)
            ?? TextCleanup.line(raw.itempropHeadline)
            ?? firstH1
            ?? meta("twitter:title")
            ?? TextCleanup.line(raw.title).map { stripSiteName($0, siteNames: siteNames, onlyKnown: false) }
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
        // `article:author` and JSON-LD sometimes name the publication instead of a person.
        let site = page.siteName?.lowercased()
        page.authors = unique(authors).filter { $0.lowercased() != site }

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

    /// Removes a site name before or after a separator (`Title | Site`, `Site - Title`). A part is
    /// the site's name when it matches one of `siteNames` (og:site_name, the URL's host name),
    /// ignoring case, spaces and dots. A short last part after ` | ` is one too; without
    /// `onlyKnown`, a short last part after any separator.
    static func stripSiteName(_ title: String, siteNames: [String], onlyKnown: Bool) -> String {
        let known = siteNames.map(squashed).filter { !$0.isEmpty }
        func isSite(_ part: Substring) -> Bool {
            let p = squashed(String(part))
            return !p.isEmpty && known.contains {
                $0 == p || ($0.contains(p) && p.count * 2 >= $0.count) || (p.contains($0) && $0.count >= 4)
            }
        }
        // Cheap test first: most titles have no separator at all.
        guard title.utf8.contains(where: { $0 == 0x20 }), separators.contains(where: { !title.ranges(of: $0).isEmpty }) else {
            return title
        }
        for sep in separators {
            let found = title.ranges(of: sep)
            guard let first = found.first, let last = found.last else { continue }
            let head = title[..<last.lowerBound], tail = title[last.upperBound...]
            if isSite(tail) { return String(head).trimmingCharacters(in: .whitespaces) }
            if isSite(title[..<first.lowerBound]) {
                return String(title[first.upperBound...]).trimmingCharacters(in: .whitespaces)
            }
            let shortTail = tail.split(separator: " ").count <= 4 && head.split(separator: " ").count >= 2
            if shortTail && (!onlyKnown || sep == " | ") { return String(head).trimmingCharacters(in: .whitespaces) }
        }
        return title
    }

    private static func squashed(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "." && $0 != "-" })
    }

    /// `https://www.hausinfo.ch/de/…` → `hausinfo`.
    static func hostName(_ url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let host = url[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" && $0 != "?" }
        var labels = host.split(separator: ".")
        if labels.first == "www" { labels.removeFirst() }
        if labels.count >= 2 { labels.removeLast() }
        return labels.last.map(String.init)
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

    /// A date in a URL path: `/2015/05/11/` (or `/2015/05/11` at the end) or `2015-05-11`, as `2015-05-11`.
    static func dateInURL(_ url: String) -> String? {
        let b = Array(url.utf8)
        func digits(_ i: Int, _ n: Int) -> Bool {
            i >= 0 && i + n <= b.count && b[i..<(i + n)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func plausible(_ i: Int, _ sep: UInt8) -> Bool {
            guard digits(i, 4), b[i + 4] == sep, digits(i + 5, 2), b[i + 7] == sep, digits(i + 8, 2) else { return false }
            let year = Int(String(decoding: b[i..<(i + 4)], as: UTF8.self)) ?? 0
            let month = Int(String(decoding: b[(i + 5)..<(i + 7)], as: UTF8.self)) ?? 0
            let day = Int(String(decoding: b[(i + 8)..<(i + 10)], as: UTF8.self)) ?? 0
            return (1990...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
        }
        guard b.count >= 10 else { return nil }
        for i in 0...(b.count - 10) {
            let before = i == 0 ? 0x2F : b[i - 1], after = i + 10 < b.count ? b[i + 10] : 0x2F
            let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
            guard !isDigit(before), !isDigit(after) else { continue }
            if before == 0x2F, after == 0x2F, plausible(i, 0x2F) || plausible(i, 0x2D) {
                return String(decoding: b[i..<(i + 10)], as: UTF8.self).replacingOccurrences(of: "/", with: "-")
            }
            if plausible(i, 0x2D) { return String(decoding: b[i..<(i + 10)], as: UTF8.self) }
        }
        return nil
    }
}
