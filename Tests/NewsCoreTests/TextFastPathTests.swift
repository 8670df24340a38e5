@testable import NewsCore
import Testing

/// The byte-level fast paths of text helpers against their general definitions: both must give
/// the same answer, since what they return is stored (URL keys, sites, trimmed values).
@Suite struct TextFastPathTests {
    /// Every ASCII character and some Unicode white space, at either end and inside.
    @Test func trimmingMatchesTheScalarDefinition() {
        func reference(_ text: String) -> String {
            let scalars = text.unicodeScalars
            guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
            return String(scalars[start...scalars.lastIndex(where: { !$0.properties.isWhitespace })!])
        }
        let ends = (0..<0x80).compactMap(Unicode.Scalar.init).map(String.init) + ["\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "é", "\r\n"]
        for first in ends {
            for last in ends {
                for text in [first + last, first + "a b" + last, first + " x " + last] {
                    #expect(text.trimmingWhitespace() == reference(text), "\(text.debugDescription)")
                }
            }
        }
        #expect("".trimmingWhitespace() == "")
    }

    /// Site and comparison key of URLs in many shapes, against the same computed on a copy
    /// with a non-ASCII query value, which takes the general (character-level) way.
    @Test func urlKeysSameOnTheASCIIPath() {
        let urls = [
            "https://www.BBC.co.uk/news/world-123", "HTTP://Example.COM:80/a/b/", "http://example.com:443", "//cdn.example.com/x?y=1",
            "https://user:pw@Host.example.org:8080/path?utm_source=x&id=4#frag", "ftp://example.com/file", "https://", "http:///path",
            "  https://example.com/trailing/  ", "https://example.com?q", "https://example.com/a//", "HTTPS://EXAMPLE.COM/UPPER/Path",
            "https://@/x", "https://a@b@c.example/x", "mailto:someone@example.com", "https://xn--bcher-kva.example/",
        ]
        for url in urls {
            // A path, query or fragment with a non-ASCII character sends the URL the general way;
            // the key's host and site must not change with it.
            let general = url.contains("?") ? url + "&é=1" : url + "?é=1"
            #expect(CanonicalURL.site(url) == CanonicalURL.site(general), "\(url)")
            let key = CanonicalURL.comparisonKey(url), generalKey = CanonicalURL.comparisonKey(general)
            #expect((key == nil) == (generalKey == nil), "\(url)")
            if let key, let generalKey { #expect(generalKey.hasPrefix(key.split(separator: "?").first.map(String.init) ?? key), "\(url)") }
        }
        #expect(CanonicalURL.comparisonKey("HTTP://Example.COM:80/a/b/") == "example.com/a/b")
        #expect(CanonicalURL.site("https://user:pw@WWW.Example.org:443/x") == "example.org")
        #expect(CanonicalURL.clean(" https://e.com/a?utm_source=x&id=4#top ") == "https://e.com/a?id=4")
        #expect(CanonicalURL.clean("https://e.com/a") == "https://e.com/a")
    }

    /// The in-place scalar walk gives `unicodeScalars`, for every UTF-8 length, and stops when asked.
    @Test func scalarWalkMatchesUnicodeScalars() {
        let texts = ["", "ascii only", "é ü ß", "Ελληνικά القلمون 东京", "𝄞😀 mixed é 字", String(repeating: "aé字😀", count: 100)]
        for text in texts {
            var seen: [Unicode.Scalar] = []
            text.forEachScalar { seen.append($0); return true }
            #expect(seen == Array(text.unicodeScalars), "\(text.prefix(20))")
            var first: [Unicode.Scalar] = []
            text.forEachScalar { first.append($0); return first.count < 3 }
            #expect(first == Array(text.unicodeScalars.prefix(3)))
        }
    }
}
