import Foundation
import XCTest
@testable import NewsCore

/// Hostile and broken input stays bounded; decoding and fragments behave.
final class HTMLRobustnessTests: XCTestCase {
    private func timed(_ limit: Double, _ body: () -> Void, file: StaticString = #filePath, line: UInt = #line) {
        let start = Date()
        body()
        XCTAssertLessThan(Date().timeIntervalSince(start), limit, file: file, line: line)
    }

    func testDeepNesting() {
        let depth = 100_000
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "<p>deep text here</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        timed(10) { _ = HTMLExtractor.extract(html: html) }
        let unclosed = "<html><body>" + String(repeating: "<div><span><b>", count: 50_000) + "tail"
        timed(10) { _ = HTMLExtractor.extract(html: unclosed) }
        timed(10) { _ = HTMLFragment.plainText(String(repeating: "<ul><li>", count: 50_000)) }
    }

    func testMalformedAndTruncated() throws {
        let cases = [
            "", " ", "<", "<html", "<!--", "<!-- never closed <p>x</p>", "<script>var a = '<p>';", "<p>unclosed <b>bold",
            "</div></div></p>", "<html><body><p>a<table><td>b</p></td>c", "<style>", "<svg><svg>x", "\u{0}\u{0}<p>nul</p>",
            "<meta charset=\"x-unknown\"><p>text</p>", "<p class=\"\(String(repeating: "a ", count: 10_000))\">long class</p>",
            String(repeating: "<a href=x>link</a> ", count: 20_000),
        ]
        for html in cases { timed(5) { _ = HTMLExtractor.extract(html: html) } }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) }
            timed(5) { _ = HTMLExtractor.extract(bytes) }
        }
        if let dev = HTMLTestSupport.devSet {  // every dev page, cut in the middle
            let dir = dev.appendingPathComponent("pages")
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).prefix(40) {
                let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
                timed(5) { _ = HTMLExtractor.extract(Array(bytes.prefix(bytes.count / 2))) }
            }
        }
    }

    func testDecoding() {
        let article = "<p>Größere Übel, naïve café – “quotes” and enough text to be an article paragraph here.</p>"
        // UTF-16 with BOMs.
        let le: [UInt8] = [0xFF, 0xFE] + Array("<html><body>\(article)</body></html>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + Array("<html><body>\(article)</body></html>".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertTrue(HTMLExtractor.extract(le).body.contains("Größere Übel"))
        XCTAssertTrue(HTMLExtractor.extract(be).body.contains("naïve café"))
        // UTF-8 BOM and a wrong Latin-1 declaration: valid UTF-8 wins.
        let utf8 = [0xEF, 0xBB, 0xBF] + Array("<meta charset=\"iso-8859-1\">\(article)".utf8)
        XCTAssertTrue(HTMLExtractor.extract(utf8).body.hasPrefix("Größere Übel"))
        // Windows-1252 bytes (declared as UTF-8, which they are not): the fallback decodes them.
        let cp1252: [UInt8] = Array("<meta charset=\"utf-8\"><p>Gr".utf8) + [0xF6, 0xDF] + Array("ere Mengen und noch viel mehr Text in diesem Absatz hier.</p>".utf8)
        XCTAssertTrue(HTMLExtractor.extract(cp1252).body.hasPrefix("Größere Mengen"), HTMLExtractor.extract(cp1252).body)
        // A declared legacy charset libxml2 knows.
        let cyrillic: [UInt8] = Array("<meta charset=\"windows-1251\"><p>".utf8) + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]
            + Array(", and some more text so that this counts as a paragraph of an article.</p>".utf8)
        XCTAssertTrue(HTMLExtractor.extract(cyrillic).body.hasPrefix("Привет"), HTMLExtractor.extract(cyrillic).body)
    }

    func testNormalisation() {
        let html = "<p>Caf\u{65}\u{301} and\u{00A0}non\u{200B}breaking &nbsp; spaces &amp; entities &#x27;quoted&#x27; in a long enough paragraph.</p>"
        let body = HTMLExtractor.extract(html: html).body
        XCTAssertEqual(body, "Café and nonbreaking spaces & entities 'quoted' in a long enough paragraph.")
    }

    func testFragmentPlainText() {
        let text = HTMLFragment.plainText("<p>First &amp; <b>bold</b></p><script>alert(1)</script><style>p{}</style><ul><li>one</li><li>two</li></ul>Tail&nbsp;text")
        XCTAssertEqual(text, "First & bold\n\none\n\ntwo\n\nTail text")
        XCTAssertEqual(HTMLFragment.plainText("plain &lt;not a tag&gt;"), "plain <not a tag>")
        XCTAssertEqual(HTMLFragment.plainText(""), "")
    }
}

extension HTMLRobustnessTests {
    func testBlocksAndLineBreaks() {
        let html = """
        <html><body><article><h2>Sub heading</h2><p>First paragraph, long enough to count as real article text here.</p>
        <pre>line one
        line two</pre><p>Second<br>line of a paragraph that is long enough to count as article text.</p>
        <ul><li>Item one of a list inside the article body text</li><li>Item two of that list, also fairly long</li></ul>
        <p>Closing paragraph of the article, long enough to count as real text too.</p></article></body></html>
        """
        XCTAssertEqual(HTMLExtractor.extract(html: html).body, """
        Sub heading

        First paragraph, long enough to count as real article text here.

        line one
        line two

        Second
        line of a paragraph that is long enough to count as article text.

        Item one of a list inside the article body text

        Item two of that list, also fairly long

        Closing paragraph of the article, long enough to count as real text too.
        """)
    }
}

extension HTMLRobustnessTests {
    /// Extraction is reentrant: pages extracted concurrently give the same result as one by one.
    func testConcurrentExtraction() throws {
        guard let dev = HTMLTestSupport.devSet else { throw XCTSkip("shared/html-dev not found beside the package") }
        let dir = dev.appendingPathComponent("pages")
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().prefix(16)
            .map { try [UInt8](Data(contentsOf: dir.appendingPathComponent($0))) }
        let serial = pages.map { HTMLExtractor.extract($0) }
        let results = UnsafeMutableBufferPointer<HTMLPage>.allocate(capacity: pages.count)
        results.initialize(repeating: HTMLPage())
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: pages.count) { results[$0] = HTMLExtractor.extract(pages[$0]) }
        XCTAssertEqual(Array(results), serial)
    }
}
