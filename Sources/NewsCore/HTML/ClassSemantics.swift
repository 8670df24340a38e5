/// What an element's `class` and `id` say about it, by the generic vocabulary of web page layout
/// (readability's patterns, extended with consent, newsletter and sharing furniture).
struct ClassSemantics: Equatable {
    /// +25 per attribute that sounds like content, −25 per attribute that sounds like furniture.
    var weight: Int16 = 0
    /// Furniture (comments, sharing, navigation, related links…): dropped inside the article.
    var boilerplate = false
    /// Names that are furniture on a container but not on a heading (`header`, `extra`…).
    var unlikely = false
    /// Explicitly the article text container (`article-body`, `entry-content`, `post-text`…).
    var articleBody = false
    /// Screen-reader-only or hidden by class.
    var hidden = false
    /// Reader comments: furniture even when they hold most of the page's text.
    var comments = false
    /// A byline or author element, whose text may name the author.
    var byline = false

    static let none = ClassSemantics()

    /// Combines the class's and the id's semantics (an article-body name outranks furniture).
    func merged(with other: ClassSemantics) -> ClassSemantics {
        var s = ClassSemantics(
            weight: weight + other.weight, boilerplate: boilerplate || other.boilerplate,
            unlikely: unlikely || other.unlikely, articleBody: articleBody || other.articleBody,
            hidden: hidden || other.hidden, comments: comments || other.comments, byline: byline || other.byline)
        if s.articleBody { s.boilerplate = false; s.unlikely = false; s.comments = false }
        return s
    }

    /// Classifies one lower-cased class or id value.
    static func classify(_ value: [UInt8]) -> ClassSemantics {
        let found = value.withUnsafeBufferPointer { patterns.match($0) }
        var s = ClassSemantics()
        if found.contains(.positive) { s.weight += 25 }
        if found.contains(.negative) { s.weight -= 25 }
        s.articleBody = found.contains(.articleBody)
        s.hidden = found.contains(.hidden)
        s.comments = found.contains(.comments)
        s.byline = found.contains(.byline)
        if found.contains(.furniture) {
            s.boilerplate = true
        } else if found.contains(.unlikely) && !found.contains(.rescue) {
            s.unlikely = true
        }
        if s.articleBody { s.boilerplate = false; s.unlikely = false; s.comments = false }
        return s
    }

    private static let patterns: PatternSet = {
        var p = PatternSet()
        // Substrings that mark page furniture whatever else the name says.
        p.add(.furniture, """
            comment disqus sidebar share sharing social related cookie consent gdpr newsletter subscribe
            breadcrumb navigation navbar menu skyscraper sponsor advert outbrain taboola popup modal promo
            widget recommend shoutbox replies agegate banner masthead pagination pager most-read
            mostread popular trending toolbar login signup footer ad-slot adslot ad-container ad-wrapper adunit
            ad-unit ad-break respond caption author-box authorbox author-bio authorbio author-info about-author
            about-the-author author-description table-of-contents toc- -toc disclaimer
            """)
        // Whole tokens (between non-alphanumerics) that mark furniture.
        p.add(.furniture, "ad ads adv advertisement anzeige werbung publicidad nav tags tag-list print rating", wholeToken: true)
        // Substrings that mark furniture unless the name also sounds like content (readability's rule).
        p.add(.unlikely, "header teaser combx community cover-wrap extra legends remark rss supplemental yom-remote ai2html")
        p.add(.rescue, "article body column content main shadow")
        p.add(.hidden, """
            hidden d-none sr-only visually-hidden visuallyhidden screen-reader-text screenreader offscreen
            is-hidden hide
            """, wholeToken: true)
        p.add(.positive, "article body content entry hentry h-entry main page post text blog story prose")
        p.add(.negative, """
            -ad- hidden banner combx comment com- contact foot footer footnote gdpr masthead media meta outbrain
            promo related scroll share shoutbox sidebar skyscraper sponsor shopping tags tool widget
            """)
        p.add(.comments, "comment disqus replies respond")
        p.add(.byline, "byline author")
        p.add(.articleBody, """
            articlebody article-body article_body article-content article__content article-text article__body
            entry-content post-content post-body post-text story-body story-content storycontent articletext
            article-main main-content text-content body-text bodytext news-text content-body
            """)
        return p
    }()
}

/// Many substrings matched in one pass: patterns are bucketed by their first byte.
struct PatternSet {
    struct Category: OptionSet {
        let rawValue: UInt16
        static let furniture = Category(rawValue: 1), unlikely = Category(rawValue: 2)
        static let rescue = Category(rawValue: 4), hidden = Category(rawValue: 8)
        static let positive = Category(rawValue: 16), negative = Category(rawValue: 32)
        static let comments = Category(rawValue: 64), byline = Category(rawValue: 128)
        static let articleBody = Category(rawValue: 256)
    }

    private struct Pattern { var start: Int32; var count: Int32; var category: Category; var wholeToken: Bool }
    /// All patterns' bytes back to back; patterns grouped by first byte (`buckets[b]..<buckets[b + 1]`).
    private var bytes: [UInt8] = []
    private var patterns: [Pattern] = []
    private var buckets: [Int32] = Array(repeating: 0, count: 257)
    private var pending: [(bytes: [UInt8], category: Category, wholeToken: Bool)] = []

    mutating func add(_ category: Category, _ words: String, wholeToken: Bool = false) {
        for w in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            pending.append((Array(w.utf8), category, wholeToken))
        }
        // Rebuild the flat tables (construction happens once, at start-up).
        let sorted = pending.sorted { $0.bytes[0] < $1.bytes[0] }
        bytes = []
        patterns = []
        buckets = Array(repeating: 0, count: 257)
        for p in sorted {
            patterns.append(Pattern(start: Int32(bytes.count), count: Int32(p.bytes.count), category: p.category, wholeToken: p.wholeToken))
            bytes.append(contentsOf: p.bytes)
            buckets[Int(p.bytes[0]) + 1] += 1
        }
        for i in 1..<257 { buckets[i] += buckets[i - 1] }
    }

    /// The categories of all patterns found in `hay`.
    func match(_ hay: UnsafeBufferPointer<UInt8>) -> Category {
        bytes.withUnsafeBufferPointer { all in
            patterns.withUnsafeBufferPointer { pats in
                buckets.withUnsafeBufferPointer { bucket in
                    var found: Category = []
                    let n = hay.count
                    for i in 0..<n {
                        let first = Int(hay[i])
                        var j = Int(bucket[first])
                        let end = Int(bucket[first + 1])
                        while j < end {
                            let p = pats[j]
                            j += 1
                            let len = Int(p.count), start = Int(p.start)
                            if len > n - i || found.contains(p.category) { continue }
                            var k = 1
                            while k < len, hay[i + k] == all[start + k] { k += 1 }
                            guard k == len else { continue }
                            if p.wholeToken {
                                if i > 0 && Self.isTokenByte(hay[i - 1]) { continue }
                                if i + k < n && Self.isTokenByte(hay[i + k]) { continue }
                            }
                            found.insert(p.category)
                        }
                    }
                    return found
                }
            }
        }
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b >= 0x80
    }
}
