/// JSON-LD `articleBody` as body text: it is plain text (sometimes with markup left in), with
/// paragraphs on separate lines at best.
enum ArticleBodyText {
    static func paragraphs(_ raw: String) -> String {
        let text = raw.contains("<") ? HTMLFragment.plainText(raw) : raw
        return text.split(whereSeparator: \.isNewline)
            .compactMap { TextCleanup.line(String($0)) }
            .joined(separator: "\n\n")
    }
}
