import Testing
@testable import NewsCore

@Suite struct PlainTextTests {
    private func parse(_ text: String) throws -> Article {
        try #require(try ArticleParser.parse(Array(text.utf8)).get().articles.first)
    }

    @Test func headlineFollowedByBlankLine() throws {
        let article = try parse("Is this the end?\n\nBody text. More.")
        #expect(article.title == "Is this the end?")
        #expect(article.body == "Body text. More.")
        #expect(try parse("Rivals of the £400 Apple...\n\nBody.").title == "Rivals of the £400 Apple...")
    }

    @Test func angleBracketedNamesInPlainTextAreNotMarkup() throws {
        // Reuters writes company names in angle brackets, also first in the headline.
        let article = try parse("<CINRAM LTD> 4TH QTR NET\n\nShr 45 cts vs 58 cts\n    Net 1.1 mln vs 829,000\n")
        #expect(article.format == .plain)
        #expect(article.title == "<CINRAM LTD> 4TH QTR NET")
        #expect(article.body.hasPrefix("Shr 45 cts"))
        #expect(FormatDetector.detect("<PAGE PETROLEUM LTD> YEAR LOSS\n\nShr loss 1.07 dlrs") == .plain)
        #expect(FormatDetector.detect("<div>An <b>HTML</b> fragment</div>") == .html)
        #expect(FormatDetector.detect("<custom-element>text</custom-element>") == .html, "a closing tag makes it markup")
    }

    @Test func firstLineEndingInPeriodIsNotAHeadline() throws {
        let article = try parse("Mr. Smith went to Washington. He met Gen. Jones there.\n\nMore text.")
        #expect(article.title == "Mr. Smith went to Washington.")
        #expect(article.body.hasPrefix("Mr. Smith went to Washington."))
    }

    @Test func firstSentenceSpansWrappedLines() throws {
        let article = try parse("The U.S. officials met\nin Geneva on Monday. Then they left.")
        #expect(article.title == "The U.S. officials met in Geneva on Monday.")
    }

    @Test func titleOnlyIsRejected() {
        #expect(ArticleParser.parse(Array("Just a headline\n".utf8)) == .failure(.noBody))
        #expect(ArticleParser.parse(Array("Title: Only\nDate: 2015-05-11\n".utf8)) == .failure(.noBody))
    }

    @Test func blankFilesAreRejected() {
        #expect(ArticleParser.parse(Array(" \t\r\n\u{A0}\u{200B}".utf8)) == .failure(.whitespaceOnly))
        #expect(ArticleParser.parse([]) == .failure(.empty))
    }

    @Test func longTitlesAreCut() throws {
        let article = try parse(String(repeating: "word ", count: 200))
        #expect(article.title.count <= Sentences.maxTitleLength + 1)
        #expect(article.title.hasSuffix("…"))
    }

    @Test(arguments: [
        ("One. Two.", "One."),
        ("He said \"Stop.\" Then left.", "He said \"Stop.\""),
        ("Wait... what happened? Nothing.", "Wait... what happened?"),
        ("J. R. R. Tolkien wrote books. Many.", "J. R. R. Tolkien wrote books."),
        ("in 3.5 days it ended. Yes.", "in 3.5 days it ended."),
        ("no terminator at all", "no terminator at all"),
        ("軍は撤退した。反政府勢力", "軍は撤退した。"),
    ])
    func firstSentence(_ text: String, _ expected: String) {
        #expect(Sentences.first(in: text) == expected)
    }
}
