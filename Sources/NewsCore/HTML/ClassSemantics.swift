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

    static let none = ClassSemantics()

    /// Substrings that mark page furniture whatever else the name says.
    private static let furniture = words("""
        comment disqus sidebar share sharing social related cookie consent gdpr newsletter subscribe
        breadcrumb navigation navbar menu skyscraper sponsor advert outbrain taboola popup modal promo
        widget recommend shoutbox replies agegate banner masthead pagination pager teaser byline-social
        most-read mostread popular trending toolbar login signup paywall-prompt footer ad-slot adslot respond
        caption author-box authorbox author-bio authorbio author-info about-author about-the-author author-description
        ad-container ad-wrapper adunit ad-unit ad-break
        """)
    /// Substrings that mark furniture unless the name also sounds like content (readability's rule).
    private static let unlikely = words("""
        header combx community cover-wrap extra legends remark rss supplemental yom-remote ai2html
        """)
    /// Names that rescue an `unlikely` match.
    private static let maybe = words("article body column content main shadow")
    /// Whole tokens (split at non-alphanumerics) that mark furniture.
    private static let furnitureTokens: Set<String> = [
        "ad", "ads", "adv", "advertisement", "anzeige", "werbung", "publicidad", "nav", "tags", "tag-list",
        "print", "rating", "author-bio", "about-author",
    ]
    private static let hiddenTokens: Set<String> = [
        "hidden", "d-none", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader",
        "offscreen", "is-hidden", "hide",
    ]
    private static let positive = words("article body content entry hentry h-entry main page post text blog story prose")
    private static let negative = words("""
        -ad- hidden banner combx comment com- contact foot footer footnote gdpr masthead media meta outbrain
        promo related scroll share shoutbox sidebar skyscraper sponsor shopping tags tool widget
        """)
    private static let commentNames = words("comment disqus replies respond")
    private static let bodyNames = words("""
        articlebody article-body article_body article-content article__content article-text article__body
        entry-content post-content post-body post-text story-body story-content storycontent articletext
        article-main main-content text-content body-text bodytext news-text content-body
        """)

    private static func words(_ s: String) -> [[UInt8]] {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Array($0.utf8) }
    }

    /// Classifies the lower-cased class and id values (either may be empty).
    static func classify(className: [UInt8], id: [UInt8]) -> ClassSemantics {
        var s = ClassSemantics()
        for value in [className, id] where !value.isEmpty {
            if containsAny(value, positive) { s.weight += 25 }
            if containsAny(value, negative) { s.weight -= 25 }
            if containsAny(value, bodyNames) { s.articleBody = true }
            let tokens = value.split(whereSeparator: { !isTokenByte($0) }).map { String(decoding: $0, as: UTF8.self) }
            if tokens.contains(where: hiddenTokens.contains) { s.hidden = true }
            if containsAny(value, commentNames) { s.comments = true }
            let rescued = containsAny(value, maybe)
            if containsAny(value, furniture) || tokens.contains(where: furnitureTokens.contains) {
                s.boilerplate = true
            } else if !rescued && containsAny(value, unlikely) {
                s.unlikely = true
            }
        }
        if s.articleBody { s.boilerplate = false; s.unlikely = false; s.comments = false }
        return s
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b >= 0x80
    }

    private static func containsAny(_ hay: [UInt8], _ needles: [[UInt8]]) -> Bool {
        hay.withUnsafeBufferPointer { h in
            for needle in needles where needle.count <= h.count {
                let first = needle[0]
                var i = 0
                let last = h.count - needle.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < needle.count, h[i + k] == needle[k] { k += 1 }
                        if k == needle.count { return true }
                    }
                    i += 1
                }
            }
            return false
        }
    }
}
