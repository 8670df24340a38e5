/// Plain text: a headline on the first line, or no title at all.
///
/// The first non-blank line is the title when a blank line (or the end of the file) follows it, it does
/// not end in a period (`?`, `!` and an ellipsis are fine; closing quotes are looked through) and it is
/// not longer than `maxHeadlineLength`. Otherwise the whole text is the body and the title is its first
/// sentence, which stays in the body.
enum PlainTextParser {
    static let maxHeadlineLength = 250

    static func parse(_ lines: [Substring]) -> ArticleDraft {
        var index = 0
        while index < lines.count && lines[index].allSatisfy(\.isWhitespace) { index += 1 }
        guard index < lines.count else { return ArticleDraft(body: "") }
        let first = lines[index]
        let followedByBlank = index + 1 == lines.count || lines[index + 1].allSatisfy(\.isWhitespace)
        if followedByBlank, isHeadline(first) {
            return ArticleDraft(title: String(first), body: lines[(index + 1)...].joinedByLF())
        }
        return ArticleDraft(body: lines[index...].joinedByLF())
    }

    static func isHeadline(_ line: Substring) -> Bool {
        guard line.utf8.count <= maxHeadlineLength * 4 else { return false }
        let trimmed = String(line).trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= maxHeadlineLength else { return false }
        let closers: Set<Character> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "\u{BB}"]
        let core = trimmed.reversed().drop(while: { closers.contains($0) })
        guard let last = core.first else { return true }
        if last != "." { return true }
        // An ellipsis ("Rivals of the £400 Apple...") is not a sentence end.
        return core.dropFirst().first == "."
    }
}
