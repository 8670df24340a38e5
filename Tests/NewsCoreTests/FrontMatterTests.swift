import Testing
@testable import NewsCore

@Suite struct FrontMatterTests {
    @Test func flowAndBlockListsQuotesAndNestedAuthor() throws {
        let text = """
        ---
        title: "Assad's \\"last\\" battle"
        date: '2015-05-11 16:58'
        tags: [aljazeera, "Syria, north", Hezbollah]
        categories:
          - news
          - opinion
        author:
          name: Jane Doe
        description: >
          Folded
          text
        url: https://example.com/a?utm_source=x#top # comment
        slug: assads-last-battle
        ---

        Body text.
        """
        let draft = try #require(YAMLFrontMatter.parse(text.lfLines()))
        #expect(draft.title == "Assad's \"last\" battle")
        #expect(draft.dateText == "2015-05-11 16:58")
        #expect(draft.tags == ["aljazeera", "Syria, north", "Hezbollah"])
        #expect(draft.category == "news")
        #expect(draft.author == "Jane Doe")
        #expect(draft.summary == "Folded text")
        #expect(draft.sourceURL == "https://example.com/a?utm_source=x#top")
        #expect(draft.slug == "assads-last-battle")
        let article = try ArticleBuilder.build(draft, format: .yaml).get()
        #expect(article.sourceURL == "https://example.com/a")
        #expect(article.body == "Body text.")
    }

    @Test func blockListAtColumnZeroAndAuthorsList() throws {
        let text = "---\ntitle: T\ntags:\n- a\n- b\nauthors:\n  - First Author\n  - Second\n---\nBody."
        let draft = try #require(YAMLFrontMatter.parse(text.lfLines()))
        #expect(draft.tags == ["a", "b"])
        #expect(draft.author == "First Author")
    }

    @Test func unterminatedFrontMatterIsNotFrontMatter() {
        let text = "---\ntitle: T\n" + String(repeating: "key: value\n", count: 1_000)
        #expect(YAMLFrontMatter.split(text.lfLines()) == nil)
    }

    @Test func deeplyNestedFlowValueIsText() throws {
        let text = "---\ntitle: T\ntags: " + String(repeating: "[", count: 50_000) + "\n---\nBody."
        let draft = try #require(YAMLFrontMatter.parse(text.lfLines()))
        #expect(draft.title == "T")
    }

    @Test func pelicanHeader() throws {
        let text = "Title: A title \nDate: 2015-05-11 16:58\nTags: a, b ,c\nAuthors: X Y, Z\nSummary: first\n  continued\n\nBody."
        let draft = try #require(PelicanParser.parse(text.lfLines()))
        #expect(draft.title == "A title")
        #expect(draft.tags == ["a", "b", "c"])
        #expect(draft.author == "X Y")
        #expect(draft.summary == "first continued")
    }

    @Test func headlineWithColonIsNotPelican() {
        #expect(PelicanParser.split("Football: Chelsea win\n\nBody.".lfLines()) == nil)
        #expect(PelicanParser.split("Note: this is plain\nSecond: line\n\nBody.".lfLines()) == nil)
    }
}
