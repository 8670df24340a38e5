/// Rewords SQLite's FTS5 errors (seen with `--fts`) as short messages in newsq's own terms,
/// keeping the part that points at the problem.
enum FTSErrorMessage {
    static func describe(_ sqliteMessage: String) -> String {
        var message = sqliteMessage
        if message.hasPrefix("fts5: ") { message.removeFirst(6) }
        if let near = message.range(of: "syntax error near ") {
            let token = String(message[near.upperBound...].filter { $0 != "\"" })
            return token.isEmpty ? "incomplete query: something is missing at the end"
                                 : "not valid here: \(token.debugDescription) (see `newsq help search`, FTS5 syntax)"
        }
        if let column = message.range(of: "no such column: ") {
            return "unknown field \"\(message[column.upperBound...])\": the fields are title, tags, author, body"
        }
        if message.contains("unterminated string") { return "unterminated quote: close the phrase with \"" }
        if message.contains("unknown special query") { return "unknown special query (a leading * is not allowed)" }
        if message.contains("malformed MATCH") || message.contains("unable to use function MATCH") {
            return "the query is not a valid full-text expression"
        }
        return "the query is not a valid full-text expression (\(message.prefix(80)))"
    }
}
