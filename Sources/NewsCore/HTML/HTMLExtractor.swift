
/// What an HTML page yields: the article's main text and the metadata the page states.
public struct HTMLPage: Sendable, Equatable {
    /// og:title, else JSON-LD headline, else the first `<h1>`, else `<title>` without a site suffix.
    public var title: String?
    public var authors: [String] = []
    /// The published date exactly as the page wrote it (normalised by `DateParser`).
    public var published: String?
    /// The last-modified date as written (`article:modified_time`, JSON-LD `dateModified`).
    public var modified: String?
    public var canonicalURL: String?
    /// The declared language (`<html lang>`, meta), as written (`en-US`).
    public var language: String?
    public var siteName: String?
    public var description: String?
    /// The lead image's URL (`og:image`, JSON-LD `image`).
    public var image: String?
    public var tags: [String] = []
    /// The main text, one block per paragraph, blocks separated by a blank line.
    public var body: String = ""

    public init() {}
}

/// Article extraction from whole HTML pages on libxml2's HTML parser.
public enum HTMLExtractor {
    /// Decodes (BOM, meta charset, fallback) and extracts the page.
    public static func extract(_ bytes: [UInt8]) -> HTMLPage {
        extract(HTMLDecoding.decode(bytes))
    }

    /// Extracts the page from already decoded text.
    public static func extract(html: String) -> HTMLPage {
        extract(HTMLDecoding.Input(bytes: Array(html.utf8), encoding: nil))
    }

    private static func extract(_ input: HTMLDecoding.Input) -> HTMLPage {
        let prescan = HTMLPrescan.run(input.bytes)
        var page = HTMLPage()
        let model = PageBuilder.build(prescan.html, encoding: input.encoding)

        let jsonLD = JSONLDArticle.parse(prescan.jsonLD)
        let h1 = model.blocks.first(where: { $0.tag == .h1 }).flatMap { TextCleanup.line($0.text) }
        HTMLMetadata.fill(&page, raw: model.metadata, jsonLD: jsonLD, firstH1: h1)
        page.body = TextCleanup.nfc(BodyExtraction.blocks(model).joined(separator: "\n\n"))
        // The page's own statement of its text, when the markup hid most of it from us.
        if let stated = jsonLD.articleBody.map(ArticleBodyText.paragraphs), stated.utf8.count > 2 * page.body.utf8.count + 200 {
            page.body = TextCleanup.nfc(stated)
        }
        return page
    }
}

/// HTML fragments (feed descriptions, escaped content) reduced to plain text.
public enum HTMLFragment {
    /// The fragment's text: tags removed, entities decoded, script/style dropped, blocks separated
    /// by blank lines.
    public static func plainText(_ html: String) -> String {
        let prescan = HTMLPrescan.run(Array(html.utf8))
        let model = PageBuilder.build(prescan.html, encoding: nil)
        return TextCleanup.nfc(model.blocks.map(\.text).joined(separator: "\n\n"))
    }
}
