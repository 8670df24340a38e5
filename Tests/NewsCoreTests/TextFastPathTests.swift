import Foundation
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

    /// The ASCII split of URLs in many shapes gives the character-level split's host and rest.
    @Test func urlSplitSameOnTheASCIIPath() {
        let urls = [
            "https://www.BBC.co.uk/news/world-123", "HTTP://Example.COM:80/a/b/", "http://example.com:443", "//cdn.example.com/x?y=1",
            "https://user:pw@Host.example.org:8080/path?utm_source=x&id=4#frag", "ftp://example.com/file", "https://", "http:///path",
            "https://example.com/trailing/ ", "https://example.com?q", "https://example.com/a//", "HTTPS://EXAMPLE.COM/UPPER/Path",
            "https://@/x", "https://a@b@c.example/x", "mailto:someone@example.com", "https://xn--bcher-kva.example/", "hTtP://USER@WWW.A.B",
            "https://:80", "https://host:8080?x", "//", "http:/x", "https://a.b/\r\nc", "https://h.example/path\twith tab", "",
        ]
        for url in urls {
            let ascii = CanonicalURL.splitASCII(url), general = CanonicalURL.splitGeneral(url)
            switch ascii {
            case .split(let host, let rest): #expect(general.map { [$0.host, $0.rest] } == [host, rest], "\(url.debugDescription)")
            case .notHTTP: #expect(general == nil, "\(url.debugDescription)")
            case .notASCII: #expect(url.utf8.contains { $0 >= 0x80 || $0 == 0x0D }, "\(url.debugDescription)")
            }
        }
        #expect(CanonicalURL.splitASCII("https://a.b/\r\nc") == .notASCII)
        #expect(CanonicalURL.comparisonKey("HTTP://Example.COM:80/a/b/") == "example.com/a/b")
        #expect(CanonicalURL.site("https://user:pw@WWW.Example.org:443/x") == "example.org")
        #expect(CanonicalURL.site("https://wikipedia.org/wiki/Café") == "wikipedia.org")
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

    /// A body cleaned in one pass into its result: the same text as lines cleaned one by one
    /// and joined (boilerplate dropped, white space collapsed, blank runs kept as one line).
    @Test func bodyCleanedInOnePassMatchesLineByLine() throws {
        func reference(_ text: String) -> String {
            var lines: [String] = [], pendingBlank = false
            text.forEachLFLine { line in
                if BoilerplateRules.isBoilerplate(line) { return }
                let cleaned = UTF8Whitespace.collapse(line)
                if cleaned.isEmpty { pendingBlank = !lines.isEmpty; return }
                if pendingBlank { lines.append("") }
                pendingBlank = false
                lines.append(cleaned)
            }
            return lines.joined(separator: "\n")
        }
        var texts = ["", "\n", "\n\n\n", "one", " one \n", "\n\n a \t b \n\n\n c\u{A0}\u{2003}d \n \n", "x\nAdvertisement\n\ny",
                     "Share this article\n\nBody line.\n\nRead more:\n", "\u{3000}全角\u{3000}空白\u{3000}\n\u{85}é\r\nü  ", "a\n\u{2028}\nb"]
        if FileManager.default.fileExists(atPath: Gold.corpusDirectory.appendingPathComponent("bbc").path) {
            for (n, file) in CorpusTests.files("bbc").prefix(300).enumerated() {
                let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
                texts.append(text)
                // The same text with its layout disturbed: doubled breaks, tabs, padding, a boilerplate line.
                texts.append(text.replacingOccurrences(of: n % 2 == 0 ? "\n" : ". ", with: n % 2 == 0 ? " \n\n\t" : ".\u{A0} \nAdvertisement\n "))
            }
        }
        for text in texts {
            #expect(BodyCleaner.clean(text) == reference(text), "\(text.prefix(40).debugDescription)")
        }
    }

    /// Lines joined by LF into a string sized up front: the same as `joined(separator:)`.
    @Test func linesJoinedByLFMatchJoined() {
        for text in ["", "\n", "a", "a\n", "\na\n\nb", "é\n字\n😀\n\n", String(repeating: "line é\n", count: 500)] {
            let lines = text.lfLines()
            #expect(lines.joinedByLF() == lines.joined(separator: "\n"))
            #expect(lines.dropFirst().joinedByLF() == lines.dropFirst().joined(separator: "\n"))
            #expect(lines.joinedByLF() == text)
        }
        #expect([Substring]().joinedByLF() == "")
    }
}
