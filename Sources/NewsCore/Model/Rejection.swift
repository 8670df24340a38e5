/// Why a file cannot become an article. Its message is what `failed/NAME.error` and the logs say.
public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has zero bytes.
    case empty
    /// The file holds only white space (spaces, tabs, line breaks, NBSP).
    case whitespaceOnly
    /// The file is binary: NUL bytes without a UTF-16 BOM, or another non-text signature.
    case binary(detail: String)
    /// A title was found but no body text.
    case noBody
    /// A structured document (feed, HTML) that yields no article at all.
    case noArticle(detail: String)
    /// The file is larger than the configured cap.
    case tooLarge(bytes: Int, limit: Int)
    /// A text file of more lines than any article has (a log, a data dump): each line costs
    /// tens of bytes while it is parsed, so 40 MB of short lines took over a gigabyte.
    case tooManyLines(count: Int, limit: Int)
    /// An article's text is longer than any article's (see `ArticleBuilder.maximumTextBytes`).
    case textTooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty: return "empty file (0 bytes)"
        case .whitespaceOnly: return "no text: the file holds only white space"
        case .binary(let detail): return "binary file, not text (\(detail))"
        case .noBody: return "no body: the file has a title but no article text"
        case .noArticle(let detail): return "no article found (\(detail))"
        case .tooLarge(let bytes, let limit):
            return "file too large: \(bytes) bytes exceeds the limit of \(limit) bytes (max_file_bytes)"
        case .tooManyLines(let count, let limit):
            return "not an article: \(count) lines, more than the \(limit) an article may have"
        case .textTooLong(let bytes, let limit):
            return "not an article: \(bytes) bytes of text, more than the \(limit) an article may have"
        }
    }

    /// A stable short code for logs, JSON and counts (`empty`, `binary`, …).
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .whitespaceOnly: return "whitespace-only"
        case .binary: return "binary"
        case .noBody: return "no-body"
        case .noArticle: return "no-article"
        case .tooLarge: return "too-large"
        case .tooManyLines: return "too-many-lines"
        case .textTooLong: return "text-too-long"
        }
    }
}
