import NewsCore

/// The tokenizer of the FTS index and the text it is given.
///
/// Since schema 6 the `newsd` tokenizer (CSQLite/tokenizer.h, stemming.h) stems each
/// article in its own language with Snowball. It learns the language from a header before
/// each column value — U+E003, the language code, a space — and a query string's header
/// names the languages to match in. Articles of unknown language are stemmed as English.
public enum FTSTokenizer {
    /// The `tokenize=` argument. Register the tokenizer on a raw connection with
    /// `newsd_register_tokenizer` (CSQLite) first.
    public static let spec = "newsd snowball unicode61 remove_diacritics 2"

    /// Starts a language header (a private-use character no text contains).
    static let headerMarker = "\u{E003}"

    /// A column value as the index sees it: behind its article's language header. Writes the
    /// same bytes as the `articles_fts_content` view (schema 6), which 'rebuild' and 'delete' read.
    public static func document(_ text: String, language: String?) -> String {
        // The view's GLOB reads the code up to a NUL character (and concatenates all of it).
        guard let language, isLanguageCode(String(decoding: language.utf8.prefix { $0 != 0 }, as: UTF8.self)) else { return text }
        return headerMarker + language + " " + text
    }

    /// The FTS column values of `article` (title, tags, author, body), as inserted.
    static func columnValues(of article: Article) -> [String] {
        [article.title, article.tags.joined(separator: "\n"), article.author ?? "", article.body]
            .map { document($0, language: article.language) }
    }

    /// The header that makes a query string match the stems of `languages` (English when empty).
    static func queryHeader(languages: [String]) -> String {
        let codes = languages.filter(isLanguageCode)
        return codes.isEmpty ? "" : headerMarker + codes.joined(separator: ",") + " "
    }

    /// `text` without a leading language header (snippets and highlights read the view).
    static func removingHeader(_ text: String) -> String {
        guard text.hasPrefix(headerMarker), let space = text.firstIndex(of: " ") else { return text }
        return String(text[text.index(after: space)...])
    }

    /// Two or three lowercase ASCII letters (what the view's GLOBs accept).
    static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.utf8.count) && code.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }
}
