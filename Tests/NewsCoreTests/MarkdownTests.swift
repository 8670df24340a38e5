import Testing
@testable import NewsCore

@Suite struct MarkdownTests {
    private func reduce(_ text: String) -> String {
        MarkdownText.reduce(text.lfLines())
    }

    @Test(arguments: [
        ("## **Bold heading** ##", "Bold heading"),
        ("A **strong** and *em* and _under_ word.", "A strong and em and under word."),
        ("snake_case and 5 * 3 and 2*3 stay", "snake_case and 5 * 3 and 2*3 stay"),
        ("See [Hezbollah](https://en.wikipedia.org/wiki/Hezbollah_(party)) fighters", "See Hezbollah fighters"),
        ("A [ref link][1] here", "A ref link here"),
        ("Inline ![img](x.png) image", "Inline  image"),
        ("Escaped \\# hash, \\[brackets\\] and \\*stars\\*", "Escaped # hash, [brackets] and stars"),
        ("Code `let x` here", "Code let x here"),
        ("> quoted text", "quoted text"),
        ("* bullet item", "- bullet item"),
        ("Visit <https://example.com/a> now", "Visit https://example.com/a now"),
        ("Unbalanced [bracket and (paren", "Unbalanced [bracket and (paren"),
    ])
    func inline(_ input: String, _ expected: String) {
        #expect(reduce(input) == expected)
    }

    @Test(arguments: [
        "[CLICK ON MAP TO VIEW HIGH-RESOLUTION VERSION](#)", "![View Larger Map](https://maps.example.com/q.png)",
        "---", "* * *", "___", "=====", "[1]: https://example.com", "- [Related story](https://example.com/x)",
    ])
    func droppedLines(_ line: String) {
        #expect(reduce(line).isEmpty)
    }

    @Test func documentWithATXTitleBylineAndDate() {
        let text = "\n\n## **The Title?**\n\n[\\*Fabrice Balanche\\*](#)\n\nMay 11, 2016\n\n---\n\nBody *text* here.\n\n# Section\n\nMore."
        let draft = MarkdownDocument.parse(text.lfLines())
        #expect(draft.title == "The Title?")
        #expect(draft.author == "Fabrice Balanche")
        #expect(draft.dateText == "May 11, 2016")
        #expect(BodyCleaner.clean(draft.body) == "Body text here.\n\nSection\n\nMore.")
    }

    @Test func setextTitle() {
        let draft = MarkdownDocument.parse("My Title\n========\n\nBody.\n\nSub\n---\n\nText.".lfLines())
        #expect(draft.title == "My Title")
        #expect(BodyCleaner.clean(draft.body) == "Body.\n\nSub\n\nText.")
    }

    @Test func headingAfterTextIsNotTheTitle() {
        let draft = MarkdownDocument.parse("Intro paragraph with a [link](x).\n\n## Section\n\nText.".lfLines())
        #expect(draft.title == nil)
    }

    @Test func bylineNeedsANameLikeLink() {
        let draft = MarkdownDocument.parse("# T\n\n[CLICK ON MAP TO VIEW HIGH-RESOLUTION VERSION](#)\n\nBody.".lfLines())
        #expect(draft.author == nil)
        #expect(MarkdownDocument.authorName("By Jane Doe") == "Jane Doe")
    }

    @Test func detection() {
        #expect(MarkdownText.looksLikeMarkdown("# Title\n\nText".lfLines()))
        #expect(MarkdownText.looksLikeMarkdown("Title\n=====\n\nText".lfLines()))
        #expect(!MarkdownText.looksLikeMarkdown("Title\n\nText with #hashtag and a * star.".lfLines()))
    }
}
