/// What an HTML page yields: the article's main text and the metadata the page states.
public struct HTMLPage: Sendable, Equatable {
    /// og:title, else JSON-LD headline, else the first `<h1>`, else `<title>` without a site suffix.
    public var title: String?
    public var authors: [String] = []
    /// The published date exactly as the page wrote it (normalised by `DateParser`).
    public var published: String?
    public var canonicalURL: String?
    /// The declared language (`<html lang>`, meta), as written (`en-US`).
    public var language: String?
    public var siteName: String?
    public var description: String?
    public var tags: [String] = []
    /// The main text, one block per paragraph, blocks separated by a blank line.
    public var body: String = ""

    public init() {}
}

/// Article extraction from whole HTML pages. Placeholder until the libxml2-based extractor lands.
public enum HTMLExtractor {
    /// Decodes (BOM, meta charset, fallback) and extracts the page.
    public static func extract(_ bytes: [UInt8]) -> HTMLPage {
        extract(html: String(decoding: bytes, as: UTF8.self))
    }

    /// Extracts the page from already decoded text.
    public static func extract(html: String) -> HTMLPage {
        var page = HTMLPage()
        page.body = HTMLFragment.plainText(html)
        return page
    }
}

/// HTML fragments (feed descriptions, escaped content) reduced to plain text.
public enum HTMLFragment {
    /// The fragment's text: tags removed, entities decoded, blocks separated by blank lines.
    public static func plainText(_ html: String) -> String {
        var out = ""
        var inTag = false
        for ch in html {
            if ch == "<" { inTag = true } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out.trimmingWhitespace()
    }
}
