/// Markdown reduced to plain text, line by line, in linear time.
///
/// - ATX heading markers (`#`…`######`, and closing `#`s) are removed, the heading text is kept.
/// - `---`, `***`, `___`, `===` lines (rules and setext underlines) are dropped.
/// - Lines that are only links or images (`[CLICK ON MAP…](#)`, `![map](…)`) are dropped.
/// - `[text](url)` and `[text][ref]` become `text`; inline images are removed; `<http://…>` becomes the URL;
///   link reference definitions (`[ref]: url`) are dropped.
/// - Emphasis markers `*`, `**`, `_`, `__` are removed where they open or close a span (not inside a word
///   like `snake_case`, not a lone `*` between spaces); inline-code backticks are removed.
/// - Backslash escapes become the character, except `\*` and `\_`, which HTML-to-Markdown converters
///   emit for emphasis and are removed.
/// - Block quote markers `>` are removed; `*`/`+` bullets become `-`; code fence lines are dropped.
enum MarkdownText {
    /// Whether the lines use Markdown syntax: an ATX heading, a setext heading, a link, an image or
    /// `**strong**` within the first `sniffLines` lines (each looked at up to 2,000 bytes, as UTF-8).
    static func looksLikeMarkdown<C: Collection>(_ lines: C) -> Bool where C.Element == Substring {
        var previousHadText = false
        for line in lines.prefix(sniffLines) {
            // The line's own bytes where it has them (native strings): no copy per line.
            let afterText = previousHadText
            let (syntax, hasText) = line.utf8.withContiguousStorageIfAvailable { sniff($0, afterText: afterText) }
                ?? Array(line.utf8).withUnsafeBufferPointer { sniff($0, afterText: afterText) }
            if syntax { return true }
            previousHadText = hasText
        }
        return false
    }

    /// Whether the line's first 2,000 bytes show Markdown syntax, and whether they hold text.
    private static func sniff(_ line: UnsafeBufferPointer<UInt8>, afterText: Bool) -> (syntax: Bool, hasText: Bool) {
        let bytes = UnsafeBufferPointer(rebasing: line.prefix(2_000))
        return (hasMarkdownSyntax(bytes, afterText: afterText), bytes.contains { $0 != 0x20 && $0 != 0x09 })
    }

    private static func hasMarkdownSyntax(_ bytes: UnsafeBufferPointer<UInt8>, afterText: Bool) -> Bool {
        let hash = UInt8(ascii: "#"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        // ATX heading: 1–6 `#`, a space, then text.
        let hashes = bytes.prefix { $0 == hash }.count
        if (1...6).contains(hashes), hashes < bytes.count, bytes[hashes] == space || bytes[hashes] == tab,
           bytes[hashes...].contains(where: { $0 != space && $0 != tab }) { return true }
        // Setext underline under a line of text.
        if afterText, let marker = bytes.first, marker == UInt8(ascii: "=") || marker == UInt8(ascii: "-") {
            let body = bytes.prefix { $0 != space && $0 != tab }
            if body.count >= 3 && body.allSatisfy({ $0 == marker }) && bytes[body.count...].allSatisfy({ $0 == space || $0 == tab }) {
                return true
            }
        }
        // `](` (links, images) or `**`.
        var i = 1
        while i < bytes.count {
            let pair = (bytes[i - 1], bytes[i])
            if pair == (UInt8(ascii: "]"), UInt8(ascii: "(")) || pair == (UInt8(ascii: "*"), UInt8(ascii: "*")) { return true }
            i += 1
        }
        return false
    }

    static let sniffLines = 200

    /// The Markdown lines as plain text lines, joined with LF.
    static func reduce<C: Collection>(_ lines: C) -> String where C.Element == Substring {
        var out = [String]()
        var inFence = false
        for line in lines {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence { out.append(String(line)); continue }
            guard let text = reduceLine(line) else { continue }
            out.append(text)
        }
        return out.joined(separator: "\n")
    }

    /// One line as plain text, or nil when the whole line is markup to drop (rule, underline, link-only line).
    static func reduceLine(_ line: Substring) -> String? {
        var content = line.drop(while: { $0 == " " || $0 == "\t" })
        if content.isEmpty { return "" }
        if isRule(content) || isSetextUnderline(content) || isReferenceDefinition(content) { return nil }
        while content.hasPrefix(">") { content = content.dropFirst().drop(while: { $0 == " " }) }
        var bullet = false
        if let level = headingLevel(content) {
            content = stripHeadingMarkers(content, level: level)
        } else if content.hasPrefix("* ") || content.hasPrefix("+ ") || content.hasPrefix("- ") {
            content = content.dropFirst(2)
            bullet = true
        }
        let inline = Inline.reduce(Array(content.unicodeScalars))
        if inline.sawLink && !inline.sawText { return nil }
        return bullet ? "- " + inline.text : inline.text
    }

    // MARK: - Headings

    /// The level of an ATX heading (`# `…`###### `), nil if the line is not one.
    static func headingLevel(_ line: Substring) -> Int? {
        var level = 0
        var index = line.startIndex
        while index < line.endIndex && line[index] == "#" && level < 7 {
            level += 1
            index = line.index(after: index)
        }
        guard (1...6).contains(level), index < line.endIndex, line[index] == " " || line[index] == "\t" else { return nil }
        return line[index...].contains(where: { !$0.isWhitespace }) ? level : nil
    }

    static func stripHeadingMarkers(_ line: Substring, level: Int) -> Substring {
        var text = line.dropFirst(level).trimmingTrailingSpaces().drop(while: { $0 == " " || $0 == "\t" })
        // Closing sequence: trailing #s preceded by a space.
        let withoutHashes = text.reversed().drop(while: { $0 == "#" })
        if withoutHashes.count < text.count, let last = withoutHashes.first, last == " " {
            text = text.prefix(withoutHashes.count).trimmingTrailingSpaces()
        }
        return text
    }

    /// The heading's text, markers and inline markup removed.
    static func headingText(_ line: Substring) -> String? {
        guard let level = headingLevel(line) else { return nil }
        return Inline.reduce(Array(stripHeadingMarkers(line, level: level).unicodeScalars)).text
    }

    // MARK: - Line classes

    /// `---`, `***`, `___` (three or more, spaces allowed).
    static func isRule(_ line: Substring) -> Bool {
        guard let marker = line.first(where: { $0 != " " && $0 != "\t" }), marker == "-" || marker == "*" || marker == "_" else { return false }
        var count = 0
        for c in line {
            if c == marker { count += 1 } else if c != " " && c != "\t" { return false }
        }
        return count >= 3
    }

    /// A setext underline: only `=` (or only `-`), at least three, trailing spaces allowed.
    static func isSetextUnderline(_ line: Substring) -> Bool {
        let trimmed = line.drop(while: { $0 == " " }).trimmingTrailingSpaces()
        guard let marker = trimmed.first, marker == "=" || marker == "-", trimmed.count >= 3 else { return false }
        return trimmed.allSatisfy { $0 == marker }
    }

    /// `[ref]: http://…`
    static func isReferenceDefinition(_ line: Substring) -> Bool {
        guard line.hasPrefix("["), let close = line.prefix(200).firstIndex(of: "]") else { return false }
        return line[close...].hasPrefix("]:")
    }

    /// Whether the line is only links/images (so it is navigation, not text).
    static func isLinkOnly(_ line: Substring) -> Bool {
        let inline = Inline.reduce(Array(line.drop(while: { $0 == " " }).unicodeScalars))
        return inline.sawLink && !inline.sawText
    }

    /// The text of a line that is exactly one link (`[\*Name\*](#)` → `Name`), else nil.
    static func linkText(_ line: Substring) -> String? {
        let trimmed = line.drop(while: { $0 == " " }).trimmingTrailingSpaces()
        guard trimmed.hasPrefix("["), trimmed.hasSuffix(")") || trimmed.hasSuffix("]") else { return nil }
        let inline = Inline.reduce(Array(trimmed.unicodeScalars))
        return inline.sawLink && !inline.sawText ? inline.text.trimmingWhitespace() : nil
    }
}
