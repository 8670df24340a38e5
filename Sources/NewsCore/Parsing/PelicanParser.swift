/// Pelican-style documents: a block of `Key: value` lines, a blank line, then the body.
///
/// The block must be at the top, hold only `Key: value` lines (indented lines continue the previous
/// value) and include `Title:`. Keys are case-insensitive. Recognised keys: `Title`, `Date`, `Category`,
/// `Tags` (comma list), `Keywords` (used as tags when there are no `Tags`), `Slug`, `Author`, `Authors`
/// (first entry), `Src`/`URL`/`Link`/`Source`/`Canonical` (source URL, in that order), `Lang`, `Summary`.
enum PelicanParser {
    /// At most this many header lines are examined: a longer block is not a Pelican header.
    static let maxHeaderLines = 60

    /// The header fields (lowercased keys, in order) and the body, or nil if `lines` have no Pelican header.
    static func split(_ lines: [Substring]) -> (fields: [(key: String, value: String)], bodyStart: Int)? {
        var fields = [(key: String, value: String)]()
        var index = 0
        while index < lines.count && lines[index].allSatisfy(\.isWhitespace) { index += 1 }
        while index < lines.count {
            let line = lines[index]
            if line.allSatisfy(\.isWhitespace) { break }
            if fields.count >= maxHeaderLines { return nil }
            if let first = line.first, first == " " || first == "\t" {
                guard !fields.isEmpty else { return nil }
                fields[fields.count - 1].value += " " + String(line).trimmingWhitespace()
            } else {
                guard let field = keyValue(line) else { return nil }
                fields.append(field)
            }
            index += 1
        }
        guard fields.contains(where: { $0.key == "title" }) else { return nil }
        return (fields, index)
    }

    /// `Key: value` with a key of letters, digits, `_` or `-` (starting with a letter, at most 30 long)
    /// and a colon followed by white space or the line end (so `http://…` is not a key).
    static func keyValue(_ line: Substring) -> (key: String, value: String)? {
        guard let colon = line.prefix(32).firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.first, first.isASCII, first.isLetter, key.count <= 30,
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
        let rest = line[line.index(after: colon)...]
        guard rest.isEmpty || rest.first!.isWhitespace else { return nil }
        return (key.lowercased(), String(rest).trimmingWhitespace())
    }

    /// The draft for a Pelican document (`lines` normalised, split at LF).
    static func parse(_ lines: [Substring]) -> ArticleDraft? {
        guard let (fields, bodyStart) = split(lines) else { return nil }
        func value(_ keys: String...) -> String? {
            for key in keys {
                if let field = fields.first(where: { $0.key == key }), !field.value.isEmpty { return field.value }
            }
            return nil
        }
        let bodyLines = lines[bodyStart...]
        var draft = ArticleDraft(
            title: value("title"),
            body: MarkdownText.looksLikeMarkdown(bodyLines) ? MarkdownText.reduce(bodyLines) : bodyLines.joinedByLF())
        draft.dateText = value("date")
        draft.category = value("category")
        draft.tags = (value("tags") ?? value("keywords")).map(commaList) ?? []
        draft.slug = value("slug")
        draft.author = value("author") ?? value("authors").flatMap { commaList($0).first }
        draft.sourceURL = value("src", "url", "link", "source", "canonical")
        draft.declaredLanguage = value("lang", "language")
        draft.summary = value("summary")
        return draft
    }

    /// A comma-separated list, items trimmed, empty items dropped.
    static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
