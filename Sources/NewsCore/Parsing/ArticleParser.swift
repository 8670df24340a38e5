/// The parser's entry point: one file's bytes in, its articles (or the reason it has none) out.
///
/// Pure: no I/O, no clock. `newsd` and `newsq parse` both call this, so what `newsq parse`
/// shows is exactly what the daemon indexes.
public enum ArticleParser {
    /// Parses one file. `fileName` is only a hint (the content decides the format).
    public static func parse(_ bytes: [UInt8], fileName: String = "") -> Result<ParsedDocument, Rejection> {
        // Placeholder: headline-first plain text. The full parser replaces this body.
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.contains(0) { return .failure(.binary(detail: "contains NUL bytes")) }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { !$0.trimmingWhitespace().isEmpty }) else {
            return .failure(.whitespaceOnly)
        }
        let title = lines[first].trimmingWhitespace()
        let body = lines[(first + 1)...].joined(separator: "\n").trimmingWhitespace()
        if body.isEmpty { return .failure(.noBody) }
        return .success(ParsedDocument(format: .plain, articles: [Article(title: title, body: body, format: .plain)]))
    }
}

/// What a file parsed into: its detected format and one article (or several, for feeds).
public struct ParsedDocument: Sendable, Equatable {
    public var format: DocumentFormat
    public var articles: [Article]
    public init(format: DocumentFormat, articles: [Article]) {
        self.format = format
        self.articles = articles
    }
}

extension String {
    /// The string without leading and trailing white space (including NBSP and line breaks).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
