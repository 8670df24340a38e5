import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Hostile and random input through the real index and the `newsd` tokenizer (CSQLite/tokenizer.h,
/// stemming.h, ranking.h): random and broken UTF-8, the tokenizer's private-use markers
/// (U+E003 language header, U+E002 exact forms, U+E000) inside article text, spoofed headers,
/// tokens far longer than the exact-form buffers, Arabic marks alone, mixed Arabic/CJK/Latin,
/// texts past the slow path's 32 KB chunk, random language codes. Every run uses a fixed seed.
///
/// Checks: nothing crashes, FTS5's integrity check against the `articles_fts_content` view passes
/// after inserts, replacements and 'rebuild', a word known to be in an article finds it, and
/// `FTSTokenizer.document` gives exactly the bytes of the view for any `language` value.
///
/// The last five tests reproduce bugs a review found in the first version of the tokenizer
/// (all fixed); each comment says what went wrong.
struct TokenizerFuzzTests {
    // MARK: Random input

    /// SplitMix64: small, fast, and the same sequence on every platform.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    /// Language values as they may reach the `articles` table. The codes that pass the view's GLOBs
    /// are few enough to stay inside the tokenizer's limits (see the tests of the bugs a review found).
    static let languages: [String?] = [nil, nil, "en", "de", "fr", "ar", "ru", "es", "xyz", "zh", "ja",
                                        "", "EN", "en-GB", "ab1", "é", "e", "engl", " en", "De", "ar "]

    static let fragments: [String] = [
        // plain and inflected words in the stemmed languages
        "running", "Elections", "Verhandlungen", "négociations", "protestas", "выборов", "förhandlingar",
        // Arabic: article, harakat, tatweel, alef variants, teh marbuta, alef maksura, marks alone
        "الحُكُومَة", "الكتاب", "أحمد", "إسلام", "آمال", "مدرسة", "مستشفى", "عـــلي", "\u{064B}\u{064C}\u{064D}",
        "\u{0640}\u{0640}\u{0640}", "\u{0670}\u{06D6}\u{06ED}", "ال", "وال", "\u{0671}لقدس",
        // CJK: ideographs, kana, Hangul, compatibility ideographs, supplementary plane, half-width kana
        "東京", "中文字符", "ひらがなカタカナ", "한국어", "\u{F900}\u{FA0E}", "\u{20000}\u{2A6D6}", "ｶﾀｶﾅ",
        // other scripts and oddities
        "กรุงเทพมหานคร", "ελληνικά", "e\u{301}te\u{301}", "ﬁnance", "👩‍👩‍👧", "\u{200B}", "\u{FEFF}", "\u{FFFD}",
        "\u{0000}", "\u{0001}", "\u{0002}", "\t", "\r\n", "\"", "\"\"", "*", "(", ")", ":", "-", "NEAR(", "OR", "AND", "NOT",
        // the tokenizer's markers and spoofed headers
        "\u{E003}", "\u{E002}", "\u{E000}", "\u{E003}fr ", "\u{E003}ar,de ", "\u{E003}en,xyz,ar ", "\u{E003}abcdef ",
        "\u{E003}, ", "\u{E003}x ", "\u{E003}", "\u{E003}ar", "\u{E002}running", "\u{E003}de \u{E002}Häuser",
        "\u{E003}" + String(repeating: "en,", count: 40) + " ",
    ]

    /// A run of random Unicode scalars (any plane, no surrogates).
    static func randomScalars(_ r: inout SplitMix64, count: Int) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<count {
            let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x00...0x1F, 0x80...0x7FF, 0x0600...0x06FF, 0x3000...0x9FFF,
                                                 0xAC00...0xD7AF, 0xE000...0xE010, 0xF900...0xFFFF, 0x10000...0x10FFFF]
            let range = r.pick(ranges)
            let value = range.lowerBound + UInt32(r.int(Int(range.upperBound - range.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { s.append(scalar) }
        }
        return String(s)
    }

    /// Random bytes read as UTF-8 (invalid sequences become U+FFFD, as any decoded input would).
    static func randomBytes(_ r: inout SplitMix64, count: Int) -> String {
        let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: r.next()) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One hostile piece of text.
    static func piece(_ r: inout SplitMix64) -> String {
        switch r.int(14) {
        case 0: return randomScalars(&r, count: 1 + r.int(12))
        case 1: return randomBytes(&r, count: 1 + r.int(24))
        case 2:  // a token longer than the exact-form buffers (255 bytes), sometimes Arabic with the article
            let unit = r.pick(["x", "é", "ب", "中", "ก", "\u{0640}", "\u{064E}"])
            return (r.chance(30) ? "ال" : "") + String(repeating: unit, count: 100 + r.int(700))
        case 3: return r.pick(fragments) + r.pick(fragments)  // glued: no space between
        default: return r.pick(fragments)
        }
    }

    static func text(_ r: inout SplitMix64, pieces: Int) -> String {
        (0..<pieces).map { _ in piece(&r) }.joined(separator: r.chance(80) ? " " : "")
    }

    /// A word no fragment contains, unique to article `n`.
    static func marker(_ n: Int) -> String {
        var n = n, s = "qz"
        for _ in 0..<4 { s.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(n % 26)))); n /= 26 }
        return s + "wort"
    }

    /// `text` with ` word ` put between two of its pieces (never right after a leading marker).
    static func inserting(_ word: String, into text: String, _ r: inout SplitMix64) -> String {
        let spaces = text.indices.filter { text[$0] == " " }
        guard !spaces.isEmpty, r.chance(70) else { return text + " " + word + " " }
        let at = r.pick(spaces)
        return String(text[..<at]) + " " + word + " " + String(text[at...])
    }

    /// A hostile article with `marker(n)` (and, for some, known Arabic and CJK words) in one field.
    static func hostileArticle(_ n: Int, _ r: inout SplitMix64, huge: Bool = false) -> (Article, extra: String?) {
        var title = text(&r, pieces: 1 + r.int(6))
        var body = huge ? hugeText(&r) : text(&r, pieces: r.int(60))
        var tags = (0..<r.int(3)).map { _ in text(&r, pieces: 1 + r.int(2)) }
        var author: String? = r.chance(50) ? text(&r, pieces: 1 + r.int(3)) : nil
        var word = marker(n)
        var extra: String?
        if r.chance(30) {
            // A known word in another script beside the marker (matched with diacritics dropped).
            extra = r.pick(["東京", "الحكومة", "حكومه", "한국어", "東"])
            word += " " + (extra == "الحكومة" ? "الحُكُـومَة" : extra!)
        }
        switch r.int(5) {
        case 0: title = inserting(word, into: title, &r)
        case 1: if tags.isEmpty { tags = [word] } else { tags[0] = inserting(word, into: tags[0], &r) }
        case 2: author = inserting(word, into: author ?? "", &r)
        default: body = inserting(word, into: body, &r)
        }
        return (article(title, body, tags: tags, author: author, language: r.pick(languages)), extra)
    }

    /// Past the tokenizer's 32 KB chunk, with and without white space, mixed scripts.
    static func hugeText(_ r: inout SplitMix64) -> String {
        var parts: [String] = []
        var size = 0
        while size < 70_000 + r.int(40_000) {
            let part: String
            switch r.int(4) {
            case 0:
                // Past 32 KB without white space (the tokenizer cuts it at a character boundary). Kept
                // varied: FTS5's snippet() is quadratic in a column's matches of the query, and one
                // character repeated 30,000 times makes a one-character query take 9 s per hit.
                let scripts: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0x0621...0x064A, 0x064B...0x0652, 0xAC00...0xD7A3, 0x20000...0x2A6DF]
                let range = r.pick(scripts)
                part = String(String.UnicodeScalarView((0..<(12_000 + r.int(8_000))).compactMap { _ in
                    Unicode.Scalar(range.lowerBound + UInt32(r.int(Int(range.upperBound - range.lowerBound) + 1)))
                }))
            case 1 where r.chance(50): part = String(repeating: r.pick(["中", "ال", "ب\u{064E}", "a", "\u{20000}"]), count: 500 + r.int(1_500))
            case 1: part = randomBytes(&r, count: 500)
            default: part = text(&r, pieces: 50)
            }
            parts.append(part)
            size += part.utf8.count
        }
        return parts.joined(separator: r.chance(50) ? " " : "")
    }

    static func insert(_ temp: TemporaryIndex, _ articles: [Article]) throws -> [Int64] {
        try temp.index.write { writer in
            try articles.enumerated().map { offset, article in
                try writer.insert(ArticleRecord(article: article, filePath: "f/\(offset)", sourceName: "\(offset)", fileHash: "h\(offset)",
                                                itemIndex: 0), at: 1_700_000_000)
            }
        }
    }

    static func ids(_ temp: TemporaryIndex, _ query: String, configure: (inout SearchRequest) -> Void = { _ in }) throws -> [Int64] {
        var request = SearchRequest(query: query)
        request.limit = 100
        configure(&request)
        return try temp.index.search(request).hits.map(\.id)
    }

    /// Runs a search whose query may be invalid: only a database error is a failure.
    static func survive(_ temp: TemporaryIndex, _ request: SearchRequest) {
        do {
            _ = try temp.index.search(request)
        } catch is QuerySyntaxError {
        } catch IndexError.query {
        } catch {
            Issue.record("search \(request.query.debugDescription) failed: \(error)")
        }
    }

    /// Every article's marker (with its extra word) finds it.
    static func expectMarkersFound(_ temp: TemporaryIndex, _ expected: [(id: Int64, query: String)], _ stage: String) throws {
        var missing: [String] = []
        for (id, query) in expected where try !ids(temp, query).contains(id) {
            missing.append("\(id): \(query)")
        }
        #expect(missing.isEmpty, "\(stage): not found: \(missing.prefix(10))")
    }

    // MARK: Tests

    @Test func hostileArticlesKeepTheIndexHealthyAndFindable() throws {
        var r = SplitMix64(seed: 0x6E65_7773_64)
        let temp = try TemporaryIndex()
        var expected: [(id: Int64, query: String)] = []
        var n = 0
        for batch in 0..<5 {
            var made: [(Article, String?)] = []
            for k in 0..<40 {
                made.append(Self.hostileArticle(n, &r, huge: batch == 1 && k < 2))
                n += 1
            }
            let ids = try Self.insert(temp, made.map(\.0))
            for (offset, id) in ids.enumerated() {
                let first = n - made.count + offset
                expected.append((id, Self.marker(first)))
                if let extra = made[offset].1 { expected.append((id, Self.marker(first) + " " + extra)) }
            }
            let check = try temp.index.check()
            #expect(check.isHealthy, "batch \(batch): \(check.fullTextProblem ?? "") \(check.integrityProblems)")
        }
        try Self.expectMarkersFound(temp, expected, "after insert")

        // Random queries, every code path of the searcher: none may fail other than as a bad query.
        for i in 0..<300 {
            var request = SearchRequest(query: i % 3 == 0 ? Self.text(&r, pieces: 1 + r.int(4)) : Self.piece(&r))
            request.exactForms = r.chance(70)
            request.explain = r.chance(10)
            if r.chance(15) { request.sort = .newest }
            if r.chance(10) { request.recencyBoost = 0.5 }
            if r.chance(15) { request.query += " lang:" + (r.pick(Self.languages) ?? "en") }
            if r.chance(5) { request.rawFTS = true }
            if r.chance(10) { request.query += "*" }
            Self.survive(temp, request)
        }

        // Replacements go through 'delete' with the view's values: the index must stay exact.
        for (id, _) in expected.prefix(30) where id % 2 == 0 {
            let (replacement, _) = Self.hostileArticle(1_000 + Int(id), &r)
            _ = try temp.index.write { try $0.replace(id: id, with: ArticleRecord(article: replacement, filePath: "r", sourceName: "r",
                                                                                    fileHash: "r\(id)", itemIndex: 0), at: 1_700_000_100) }
        }
        let afterReplace = try temp.index.check()
        #expect(afterReplace.isHealthy, "after replace: \(afterReplace.fullTextProblem ?? "")")
        let kept = expected.filter { $0.id % 2 == 1 || $0.id > 30 }
        try Self.expectMarkersFound(temp, kept, "after replace")

        #expect(try temp.index.rebuildFullTextIndex() == n)
        let afterRebuild = try temp.index.check()
        #expect(afterRebuild.isHealthy, "after rebuild: \(afterRebuild.fullTextProblem ?? "")")
        try Self.expectMarkersFound(temp, kept, "after rebuild")
    }

    @Test func documentWritesTheBytesOfTheContentView() throws {
        var r = SplitMix64(seed: 42)
        var languages = Self.languages + ["xyz", "EN", "en-GB", "ab1", "日本", "ｅｎ", "en\u{301}", "zz", "abcd", "a"]
        let alphabet = Array("abcxyzAZ09-_ éß\u{E003}")
        for _ in 0..<40 {
            languages.append(String((0..<r.int(5)).map { _ in r.pick(alphabet) }))
        }
        let articles = languages.map { language in
            article(Self.text(&r, pieces: 3), Self.text(&r, pieces: 5), tags: ["t1", Self.piece(&r)],
                    author: r.chance(50) ? nil : Self.piece(&r), language: language)
        }
        let temp = try TemporaryIndex()
        let ids = try Self.insert(temp, articles)
        let view = try temp.index.connection.prepare("SELECT title, tags, author, body FROM articles_fts_content WHERE id = ?")
        for (id, a) in zip(ids, articles) {
            let fromView = try view.first([.integer(id)]) { row in (0..<4).map { row.string(Int32($0)) ?? "<NULL>" } }
            let fromSwift = [a.title, a.tags.joined(separator: "\n"), a.author ?? "", a.body].map { FTSTokenizer.document($0, language: a.language) }
            #expect(fromView == fromSwift, "language \(a.language.debugDescription)")
        }
        #expect(try temp.index.check().isHealthy)
    }

    @Test func spoofedHeadersInTextDoNotCorruptTheIndex() throws {
        let spoofs = ["\u{E003}fr chats noirs", "\u{E003}ar,de,xyz mot", "\u{E003}", "\u{E003}en", "\u{E003}e n", "\u{E002}exact",
                      "\u{E003}\u{E002}fr x", "\u{E003}" + String(repeating: "de,", count: 30) + " wort"]
        var articles: [Article] = []
        for (i, spoof) in spoofs.enumerated() {
            for language in [nil, "en", "ar", "EN"] as [String?] {
                articles.append(article(spoof + " tail\(i)", spoof, tags: [spoof], author: spoof, language: language))
            }
        }
        let temp = try TemporaryIndex()
        let ids = try Self.insert(temp, articles)
        #expect(try temp.index.check().isHealthy)
        // Words after the first space are indexed whatever the text's start claims.
        for (i, _) in spoofs.enumerated() {
            #expect(try Set(Self.ids(temp, "tail\(i)")) == Set(ids[(i * 4)..<(i * 4 + 4)]), "spoof \(i)")
        }
        #expect(try temp.index.rebuildFullTextIndex() == articles.count)
        #expect(try temp.index.check().isHealthy)
        // Snippets never show a header.
        for hit in try temp.index.search(SearchRequest(query: "tail0")).hits {
            #expect(!hit.snippet.hasPrefix("\u{E003}en "), "\(hit.snippet.debugDescription)")
        }
    }

    // MARK: Bugs a review found (each fixed; the comments say what went wrong before)

    /// stemming.h newsd_read_language_header reads at most 64 bytes after U+E003: with 22 two-letter
    /// languages in the archive the query header is longer, is read as text, and every query
    /// becomes a phrase of the codes and the words, which matches nothing.
    @Test func twentyTwoLanguagesInTheArchiveStillFindEverything() throws {
        let codes = ["ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi", "hu", "hy", "id", "it", "lt", "ne",
                     "nl", "no", "pt", "ro"]
        let temp = try TemporaryIndex(codes.dropLast().map { article("Headline \($0)", "zqx \($0)", language: $0) })
        #expect(try Self.ids(temp, "zqx").count == codes.count - 1, "21 languages: a 65-byte header")
        _ = try Self.insert(temp, [article("Headline ro", "zqx ro", language: "ro")])
        #expect(try Self.ids(temp, "zqx").count == codes.count)
    }

    /// stemming.h NEWSD_MAX_QUERY_LANGUAGES: a query stems in the first 16 languages of its header
    /// only (the archive's, sorted by code), so inflected words of the 17th on are not found.
    @Test func theSeventeenthLanguageIsStemmedInQueriesToo() throws {
        let codes = ["ar", "ca", "da", "de", "el", "en", "es", "eu", "fi", "fr", "ga", "hi", "hu", "hy", "id", "it"]
        let temp = try TemporaryIndex(codes.map { article("Headline \($0)", "zqx", language: $0) }
            + [article("Итоги выборов", "Итоги выборов в Москве", language: "ru")])
        #expect(try Self.ids(temp, "выборов").count == 1, "the form indexed")
        #expect(try Self.ids(temp, "выборы").count == 1, "another form of the word")
    }

    /// stemming.h newsd_stemmer_for caches every code it is asked for, NULL stemmers too, in 32 slots
    /// per tokenizer instance; once full, a new code, valid or not, is left unstemmed. Which codes
    /// get a slot depends on the order the connection met them, so a document indexed on one
    /// connection is tokenized differently by 'delete' or the integrity check on another.
    @Test func manyLanguageCodesDoNotMakeTheIndexDependOnTheConnection() throws {
        let bogus = (0..<40).map { "q" + String(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8($0 % 26)))) + ($0 < 26 ? "" : "x") }
        let temp = try TemporaryIndex(bogus.map { article("word \($0)", "filler", language: $0) })
        _ = try Self.insert(temp, [article("Running horses", "The horses were running.", language: "de")])
        #expect(try temp.index.check().isHealthy, "same connection, same order")
        let other = try SQLiteIndex(path: temp.path)
        _ = try other.search(SearchRequest(query: "horses lang:de"))  // meets 'de' first on this connection
        #expect(try other.check().isHealthy)
    }

    /// tokenizer.h newsd_snowball_token: a query word over NEWSD_MAX_EXACT (255) bytes fits no
    /// alternative and emits no token, though documents index it (a Thai run of letters with no
    /// space and no combining vowel reaches it at 86 characters).
    @Test func wordsOver255BytesAreFound() throws {
        let thai = String(repeating: "ประเทศไทย", count: 10)  // 90 letters (Lo), 270 bytes, one token
        let long = String(repeating: "x", count: 300)
        let temp = try TemporaryIndex([article("Thai", thai, language: "th"), article("Long", "a \(long) b")])
        #expect(try Self.ids(temp, String(repeating: "ประเทศไทย", count: 9)) == [], "a shorter word is another token")
        #expect(try Self.ids(temp, thai) == [1])
        #expect(try Self.ids(temp, long) == [2])
    }

    /// Schema 6's view tests the language with GLOB, which stops at a NUL character, while
    /// FTSTokenizer.isLanguageCode counts every byte: for `"de\0"` the view puts a German header
    /// before the text and the writer none (English), so 'delete' and the check read other tokens.
    @Test func aLanguageWithANulIsReadAlikeByViewAndWriter() throws {
        let temp = try TemporaryIndex([article("Die Verhandlungen", "Verhandlungen laufen", language: "de\u{0}")])
        let view = try temp.index.connection.string("SELECT title FROM articles_fts_content WHERE id = 1")
        #expect(view == FTSTokenizer.document("Die Verhandlungen", language: "de\u{0}"))
        #expect(try temp.index.check().isHealthy)
    }
}
