/// Decides a document's format from its content (never from its file name).
///
/// Markup first, from the first `sniffLength` characters: after a BOM, white space, an XML declaration,
/// comments and a DOCTYPE, a root element `rss` or `rdf:RDF` is RSS, `feed` is Atom, anything else that
/// starts with a tag (or an HTML DOCTYPE) is HTML. Then, on the normalised lines: YAML front matter,
/// a Pelican header, Markdown syntax, else plain text.
public enum FormatDetector {
    static let sniffLength = 4_096
    static let htmlElements: Set<String> = ["html", "head", "body", "meta", "title", "link", "script", "style", "base", "div", "p",
        "span", "article", "section", "header", "footer", "main", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
        "table", "ul", "ol", "li", "br", "hr", "b", "i", "em", "strong", "font", "center", "form", "iframe", "figure", "noscript",
        "svg", "picture", "blockquote", "pre", "dl", "time", "template", "frameset", "frame", "button", "input", "label", "small"]

    /// The format of a decoded document.
    public static func detect(_ text: String) -> DocumentFormat {
        if let markup = markupFormat(text) { return markup }
        let lines = TextNormalizer.normalize(String(text.prefix(64 * 1024))).lfLines()
        return textFormat(lines)
    }

    /// `.rss`, `.atom` or `.html` when the text starts with markup, else nil.
    static func markupFormat(_ text: String) -> DocumentFormat? {
        guard text.unicodeScalars.first(where: { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }) == "<" else { return nil }
        var s = Substring(text.unicodeScalars.prefix(sniffLength).reduce(into: "") { $0.unicodeScalars.append($1) })
        while true {
            s = s.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
            guard s.hasPrefix("<") else { return nil }
            if s.hasPrefix("<?") {
                guard let end = s.firstRange(of: "?>") else { return nil }
                s = s[end.upperBound...]
            } else if s.hasPrefix("<!--") {
                guard let end = s.firstRange(of: "-->") else { return .html }
                s = s[end.upperBound...]
            } else if s.hasPrefix("<!") {
                if s.prefix(14).lowercased().hasPrefix("<!doctype html") { return .html }
                guard let end = s.firstIndex(of: ">") else { return nil }
                s = s[s.index(after: end)...]
            } else {
                let name = s.dropFirst().prefix(while: { $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "_" }).lowercased()
                guard !name.isEmpty else { return nil }
                switch name {
                case "rss", "rdf:rdf": return .rss
                case "feed": return .atom
                default:
                    // `<PAGE PETROLEUM LTD> YEAR LOSS` (Reuters' company names) is text, not a tag:
                    // HTML starts with an HTML element, or closes a tag somewhere.
                    if htmlElements.contains(name) || s.contains("</") { return .html }
                    return nil
                }
            }
        }
    }

    /// The format of normalised lines that are not markup, decided where they are parsed
    /// (`ArticleParser.textDraft`), so that the two cannot disagree.
    static func textFormat(_ lines: [Substring]) -> DocumentFormat {
        ArticleParser.textDraft(lines).format
    }
}
