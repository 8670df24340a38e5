/// Parses the `newsq search` query language into a `ParsedQuery`.
///
/// Grammar (AND is implicit; OR binds tighter than AND, as in web search engines):
///
///     query   := clause*
///     clause  := ('-' | 'NOT') atom | filter | atom ('OR' atom)*
///     atom    := word | word* | "phrase" | '(' query ')' | NEAR(word word…, N) | field ':' atom
///     filter  := site:HOST | lang:CODE | date:RANGE
public enum QueryParser {
    /// Most words and phrases a query may hold: FTS5's cost grows with the number of terms,
    /// and a hostile query of thousands of words must not tie up the index for minutes.
    public static let maximumTerms = 64
    /// Deepest nesting of parentheses (the parser is recursive; this bounds its stack).
    public static let maximumDepth = 16

    public static func parse(_ query: String, now: Int64? = nil) throws -> ParsedQuery {
        let tokens = try QueryLexer.tokenize(query)
        let terms = tokens.filter { if case .word = $0.kind { return true }; if case .phrase = $0.kind { return true }; return false }
        if terms.count > maximumTerms {
            throw QuerySyntaxError(message: "the query has \(terms.count) words; at most \(maximumTerms) are allowed",
                                   position: terms[maximumTerms].position, query: query)
        }
        var parser = Parser(tokens: tokens, query: query)
        var result = ParsedQuery()
        try parser.parseSequence(into: &result, nested: false)
        if !result.hasTextClauses, result.excluded.isEmpty, result.sites.isEmpty, result.languages.isEmpty,
           result.since == nil, result.until == nil {
            throw QuerySyntaxError(message: "the query has no words to search for", position: 0, query: query)
        }
        return result
    }
}

private struct Parser {
    let tokens: [QueryLexer.Token]
    let query: String
    /// Current parenthesis depth.
    var depth = 0
    var index = 0

    init(tokens: [QueryLexer.Token], query: String) {
        self.tokens = tokens
        self.query = query
    }

    var current: QueryLexer.Token? { index < tokens.count ? tokens[index] : nil }

    func error(_ message: String, at token: QueryLexer.Token? = nil) -> QuerySyntaxError {
        QuerySyntaxError(message: message, position: (token ?? current)?.position ?? query.count, query: query)
    }

    mutating func parseSequence(into result: inout ParsedQuery, nested: Bool) throws {
        var afterFilter = false
        while let token = current {
            defer { afterFilter = token.kind.isFilter }
            switch token.kind {
            case .close:
                if nested { return }
                throw error("unmatched ')'", at: token)
            case .minus, .not:
                index += 1
                guard let next = current else { throw error("nothing after \(token.kind == .not ? "NOT" : "-")") }
                if case .field(let name) = next.kind, next.kind.isFilter {
                    throw error(name == "date"
                        ? "date: cannot be negated: name the dates to keep (date:..2014, date:2016..)"
                        : "\(name): cannot be negated: filters name what to keep", at: token)
                }
                if let node = try parseAtom() { appendOnce(node, to: &result.excluded) }
            case .or:
                if afterFilter || index + 1 < tokens.count && tokens[index + 1].kind.isFilter {
                    throw error("no OR between filters: several site: or lang: filters already match any of them, "
                                + "and date: takes one range (date:2015..2016)", at: token)
                }
                throw error("OR needs a word on both sides", at: token)
            case .field(let name) where token.kind.isFilter:
                index += 1
                try parseFilter(name, at: token, into: &result)
            default:
                guard var node = try parseAtom() else { continue }
                var alternatives = [node]
                while let next = current, next.kind == .or {
                    index += 1
                    guard current != nil, current?.kind != .close else { throw error("OR needs a word on both sides", at: next) }
                    if let other = try parseAtom() { appendOnce(other, to: &alternatives) }
                }
                if alternatives.count > 1 { node = .or(alternatives) }
                appendOnce(node, to: &result.clauses)
            }
        }
        if nested { throw error("unmatched '(': close it with ')'") }
    }

    /// A word, phrase or group typed again adds nothing to an AND or an OR, but FTS5 would
    /// track it again: 64 times `peace` against an article of a million `peace` built 64
    /// million match positions (gigabytes) for its ranking and snippet.
    private func appendOnce(_ node: QueryNode, to nodes: inout [QueryNode]) {
        let folded = node.caseFolded
        if !nodes.contains(where: { $0.caseFolded == folded }) { nodes.append(node) }
    }

    /// One atom; nil when it holds nothing searchable (punctuation only).
    mutating func parseAtom() throws -> QueryNode? {
        guard let token = current else { throw error("a word is missing here") }
        index += 1
        switch token.kind {
        case .word(let typed):
            // Punctuation typed after a word (`oil,` `gas;`) is not part of it: `tsun*,` is a prefix.
            var text = Substring(typed)
            while let last = text.last, ",.;:!?".contains(last), text.count > 1 { text = text.dropLast() }
            let prefix = text.hasSuffix("*")
            let words = QueryWords.split(String(prefix ? text.dropLast() : text))
            if words.isEmpty { return nil }
            if words.count == 1 { return .term(words[0], prefix: prefix) }
            return .phrase(words)  // "U.S.-Russian" → the phrase u s russian
        case .phrase(let text):
            let words = QueryWords.split(text)
            return words.isEmpty ? nil : .phrase(words)
        case .open:
            depth += 1
            defer { depth -= 1 }
            guard depth <= QueryParser.maximumDepth else {
                throw error("parentheses are nested too deeply (at most \(QueryParser.maximumDepth) levels)", at: token)
            }
            var inner = ParsedQuery()
            try parseSequence(into: &inner, nested: true)
            index += 1  // the ')'
            guard inner.excluded.isEmpty, inner.sites.isEmpty, inner.languages.isEmpty, inner.since == nil else {
                throw error("inside ( ) only words, phrases and OR are allowed", at: token)
            }
            if inner.clauses.isEmpty { return nil }
            return inner.clauses.count == 1 ? inner.clauses[0] : .and(inner.clauses)
        case .near:
            return try parseNear(at: token)
        case .field(let name):
            if token.kind.isFilter {
                throw error("\(name): is a filter: put it on its own, not after OR, a minus or another field", at: token)
            }
            guard let next = current else { throw error("\(name): needs a value", at: token) }
            if next.kind == .minus || next.kind == .not {
                throw error("to leave out a word of a field, put the minus first: -\(name):word", at: next)
            }
            guard let node = try parseAtom() else { return nil }
            return .column(name == "tag" ? "tags" : name, node)
        case .close, .or, .not, .minus, .comma:
            throw error("unexpected '\(query.dropFirst(token.position).prefix(3))'", at: token)
        }
    }

    mutating func parseNear(at start: QueryLexer.Token) throws -> QueryNode {
        index += 1  // '('
        var words: [String] = []
        var distance = 10
        while let token = current, token.kind != .close {
            index += 1
            switch token.kind {
            case .word(let text) where words.count >= 2 && Int(text) != nil && current?.kind == .close:
                distance = Int(text)!
            case .word(let text) where text.hasSuffix("*"):
                // A prefix, as outside NEAR; `*` ends one word only (split, the parts are words).
                let parts = QueryWords.split(String(text.dropLast()))
                words += parts.count == 1 ? [parts[0] + "*"] : parts
            case .word(let text), .phrase(let text):
                words += QueryWords.split(text)
            case .comma:
                guard case .word(let text)? = current?.kind, let n = Int(text), n >= 0 else {
                    throw error("NEAR(…, N) needs a number after the comma")
                }
                distance = n
                index += 1
            default:
                throw error("NEAR( ) takes words and a distance: NEAR(word word, 5)", at: token)
            }
        }
        guard current?.kind == .close else { throw error("unmatched '(' after NEAR", at: start) }
        index += 1
        guard words.count >= 2 else { throw error("NEAR needs at least two words", at: start) }
        return .near(words, distance: distance)
    }

    mutating func parseFilter(_ name: String, at token: QueryLexer.Token, into result: inout ParsedQuery) throws {
        guard let valueToken = current else { throw error("\(name): needs a value", at: token) }
        index += 1
        let value: String
        switch valueToken.kind {
        case .word(let text), .phrase(let text): value = text
        default: throw error("\(name): needs a value", at: valueToken)
        }
        switch name {
        case "site":
            var host = value.lowercased()
            if let range = host.range(of: "://") { host = String(host[range.upperBound...]) }
            if host.hasPrefix("www.") { host = String(host.dropFirst(4)) }
            while host.hasSuffix("/") { host.removeLast() }
            result.sites.append(host)
        case "lang", "language":
            result.languages.append(String(value.lowercased().prefix(while: { $0 != "-" && $0 != "_" })))
        default:
            guard let range = DateRange.parse(value) else {
                throw error("date: wants YYYY, YYYY-MM, YYYY-MM-DD (a day the month has) or a range FROM..TO (e.g. date:2015-05..2015-06)",
                            at: valueToken)
            }
            if let lower = range.lower, let upper = range.upper, lower >= upper {
                throw error("date: the range ends before it starts (FROM..TO, earliest first)", at: valueToken)
            }
            if let lower = range.lower { result.since = max(result.since ?? lower, lower) }
            if let upper = range.upper { result.until = min(result.until ?? upper, upper) }
        }
    }
}

extension QueryLexer.Kind {
    /// `site:`, `lang:` and `date:`: they narrow the matches instead of naming text.
    var isFilter: Bool {
        if case .field(let name) = self { return ["site", "lang", "language", "date"].contains(name) }
        return false
    }
}

/// Splits query text into the words the index tokenizer would see (letters and digits).
enum QueryWords {
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                word.append(scalar)
            } else if !word.isEmpty {
                words.append(String(word))
                word.removeAll()
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }
}
