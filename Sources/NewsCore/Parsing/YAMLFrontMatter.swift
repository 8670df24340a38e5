/// YAML front matter: a `---` line, `key: value` lines, a closing `---` (or `...`) line, then the body.
///
/// Only the flat subset front matter uses is read, in one linear pass: scalars (plain, `"double"` with
/// escapes, `'single'`), flow lists `[a, "b c"]`, block lists (`- a` lines), block scalars (`|`, `>`) and
/// one level of nested mapping (`author:` + `  name: X`). Anything else is skipped, never an error;
/// nested flow collections are read as text. Front matter that is not closed within `maxLines` is not
/// front matter.
enum YAMLFrontMatter {
    static let maxLines = 500

    enum Value: Equatable {
        case scalar(String)
        case list([String])
        case map([String: String])

        /// The value as one string: a scalar, a list's first item, a map's `name`.
        var first: String? {
            switch self {
            case .scalar(let s): return s.isEmpty ? nil : s
            case .list(let items): return items.first
            case .map(let map): return map["name"]
            }
        }

        /// The value as a list: a list, or a scalar split at commas.
        var items: [String] {
            switch self {
            case .scalar(let s): return PelicanParser.commaList(s)
            case .list(let items): return items
            case .map: return []
            }
        }
    }

    /// The fields (lowercased keys) and the index of the first body line, or nil without front matter.
    static func split(_ lines: [Substring]) -> (fields: [String: Value], bodyStart: Int)? {
        guard let first = lines.first, isFence(first, allowDots: false) else { return nil }
        var end: Int?
        for index in 1..<min(lines.count, maxLines) where isFence(lines[index], allowDots: true) {
            end = index
            break
        }
        guard let end, end > 1 else { return nil }
        let fields = parseFields(lines[1..<end])
        guard !fields.isEmpty else { return nil }
        return (fields, end + 1)
    }

    private static func isFence(_ line: Substring, allowDots: Bool) -> Bool {
        let trimmed = line.prefix(8).trimmingTrailingSpaces()
        return trimmed == "---" || (allowDots && trimmed == "...")
    }

    static func parseFields(_ lines: ArraySlice<Substring>) -> [String: Value] {
        var fields = [String: Value]()
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            index += 1
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-",
                  let (key, rawValue) = PelicanParser.keyValue(line) else { continue }
            // Indented lines (and `- item` lines) that follow belong to this key.
            var block = [Substring]()
            while index < lines.endIndex {
                let next = lines[index]
                guard let c = next.first else { block.append(next); index += 1; continue }
                guard c == " " || c == "\t" || (c == "-" && next.hasPrefix("- ")) else { break }
                block.append(next)
                index += 1
            }
            fields[key] = value(rawValue, block: block)
        }
        return fields
    }

    static func value(_ raw: String, block: [Substring]) -> Value {
        let content = block.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if raw.hasPrefix("|") || raw.hasPrefix(">") {
            return .scalar(content.joined(separator: raw.hasPrefix("|") ? "\n" : " "))
        }
        if raw.isEmpty || raw.hasPrefix("#") {
            if !content.isEmpty && content.allSatisfy({ $0.hasPrefix("-") }) {
                return .list(content.map { scalar(String($0.dropFirst()).trimmingWhitespace()) }.filter { !$0.isEmpty })
            }
            var map = [String: String]()
            for line in content {
                if let (key, value) = PelicanParser.keyValue(line[...]) { map[key] = scalar(value) }
            }
            return map.isEmpty ? .scalar("") : .map(map)
        }
        if raw.hasPrefix("[") { return .list(flowList(raw)) }
        // A plain scalar may continue on indented lines.
        let joined = ([raw] + content).joined(separator: " ")
        return .scalar(scalar(content.isEmpty ? raw : joined))
    }

    /// A scalar without its quotes (escapes decoded) or its trailing ` # comment`.
    static func scalar(_ text: String) -> String {
        guard let quote = text.first else { return "" }
        if quote == "\"" || quote == "'" {
            var out = ""
            var iterator = text.dropFirst().makeIterator()
            while let c = iterator.next() {
                if c == quote {
                    // '' is an escaped quote inside single quotes.
                    if quote == "'", let next = iterator.next() {
                        if next == "'" { out.append("'"); continue }
                        break
                    }
                    break
                }
                if c == "\\" && quote == "\"", let escaped = iterator.next() {
                    switch escaped {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(escaped)
                    }
                    continue
                }
                out.append(c)
            }
            return out
        }
        if let comment = text.firstRange(of: " #") { return String(text[..<comment.lowerBound]).trimmingWhitespace() }
        return text
    }

    /// `[a, "b, c", d]` → `["a", "b, c", "d"]`. Nested brackets are kept as text.
    static func flowList(_ text: String) -> [String] {
        var body = Substring(text.dropFirst())
        if let close = body.lastIndex(of: "]") { body = body[..<close] }
        var items = [String]()
        var current = ""
        var quote: Character?
        for c in body {
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == "," {
                items.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current)
        return items.map { scalar($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }

    /// The draft for a document with front matter; the body is read as Markdown.
    static func parse(_ lines: [Substring]) -> ArticleDraft? {
        guard let (fields, bodyStart) = split(lines) else { return nil }
        func value(_ keys: String...) -> Value? {
            for key in keys { if let v = fields[key], v.first != nil { return v } }
            return nil
        }
        let bodyLines = lines[bodyStart...]
        var draft = ArticleDraft(title: value("title")?.first, body: MarkdownText.reduce(bodyLines))
        draft.dateText = value("date", "published", "pubdate", "created")?.first
        draft.author = value("author", "authors", "byline")?.first
        draft.tags = value("tags", "tag", "keywords")?.items ?? []
        draft.category = value("category", "categories", "section")?.first
        draft.slug = value("slug")?.first
        draft.sourceURL = value("url", "link", "canonical", "canonical_url", "source_url", "source", "permalink")?.first
        draft.declaredLanguage = value("lang", "language", "locale")?.first
        draft.summary = value("description", "summary", "excerpt")?.first
        return draft
    }
}

extension Substring {
    /// The substring without trailing spaces and tabs.
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
