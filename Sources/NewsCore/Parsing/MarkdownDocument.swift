/// A Markdown article: its title, byline and body.
///
/// Title: an ATX heading (`#`…`######`, emphasis stripped) or a setext heading (`Title` + `===`/`---`)
/// at the top of the document (blank lines, rules and link-only lines before it are skipped). A heading
/// further down is a section heading, not the title: then the title is the first sentence.
///
/// Byline: right under the title, up to `bylineLines` short lines may carry metadata, and are removed
/// from the body: a line that is only a link with a name-like text (`[\*Fabrice Balanche\*](#)`) or
/// `By Name` gives the author; a line that is only a date (`May 11, 2016`) gives the date. Rules and
/// link/image-only lines there are skipped. The first other line ends the byline.
enum MarkdownDocument {
    static let bylineLines = 6

    static func parse(_ lines: [Substring]) -> ArticleDraft {
        var index = 0
        var title: String?
        while index < lines.count {
            let line = lines[index]
            if line.allSatisfy(\.isWhitespace) || MarkdownText.isRule(line) || MarkdownText.isLinkOnly(line) {
                index += 1
                continue
            }
            if let heading = MarkdownText.headingText(line) {
                title = heading
                index += 1
            } else if index + 1 < lines.count, MarkdownText.isSetextUnderline(lines[index + 1]) {
                title = MarkdownText.Inline.reduce(Array(line.unicodeScalars)).text
                index += 2
            }
            break
        }
        var draft = ArticleDraft(title: title, body: "")
        if title != nil { index = readByline(lines, from: index, into: &draft) }
        draft.body = MarkdownText.reduce(lines[index...])
        return draft
    }

    /// Reads author and date lines under the title; returns the index of the first body line.
    private static func readByline(_ lines: [Substring], from start: Int, into draft: inout ArticleDraft) -> Int {
        var index = start
        var seen = 0
        var bodyStart = start
        while index < lines.count && seen < bylineLines {
            let line = lines[index]
            index += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            seen += 1
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.count > 120 { break }
            if draft.author == nil, let name = authorName(line) {
                draft.author = name
            } else if draft.dateText == nil, DateParser.isDate(trimmed) {
                draft.dateText = trimmed
            } else if !(MarkdownText.isRule(line) || MarkdownText.isLinkOnly(line)) {
                break
            }
            bodyStart = index
        }
        return bodyStart
    }

    /// The name in `[Name](url)` or `By Name` when it looks like a person's name.
    static func authorName(_ line: Substring) -> String? {
        var candidate: String
        if let text = MarkdownText.linkText(line) {
            candidate = text
        } else {
            let plain = MarkdownText.Inline.reduce(Array(line.unicodeScalars)).text.trimmingWhitespace()
            guard plain.lowercased().hasPrefix("by ") else { return nil }
            candidate = String(plain.dropFirst(3)).trimmingWhitespace()
        }
        if candidate.lowercased().hasPrefix("by ") { candidate = String(candidate.dropFirst(3)).trimmingWhitespace() }
        return looksLikeName(candidate) ? candidate : nil
    }

    /// One to six words, most starting with an uppercase letter (particles such as `al`, `de`, `van`
    /// may not), no digits, no URL, at most 60 characters, and not a shouted phrase of four words or more
    /// (`CLICK ON MAP`).
    static func looksLikeName(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " })
        guard (1...6).contains(words.count), text.count <= 60, !text.contains(where: \.isNumber),
              !text.contains("://"), words.first?.first?.isUppercase == true else { return false }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        let shouted = words.count >= 4 && text.uppercased() == text
        return capitalised * 2 > words.count && !shouted
    }
}
