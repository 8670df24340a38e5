import Testing
import NewsCore

@Suite struct BoilerplateTests {
    @Test(arguments: [
        "RELATED: UN Sources Say Syrian Rebels — Not Assad — Used Sarin Gas", "Related: more", "View Larger Map",
        "  ADVERTISEMENT  ", "Advertisement", "Share this article", "share this article.", "Subscribe to our newsletter",
        "Subscribe to our newsletter:", "Click here to subscribe", "Share on Twitter",
    ])
    func dropped(_ line: String) {
        #expect(BoilerplateRules.isBoilerplate(line))
    }

    @Test(arguments: [
        "The advertisement was pulled after complaints.", "Related", "Related:", "They share this article's view.",
        "Subscribers to our newsletter were told on Monday that the service would end.",
        "Click here to read the full text of the report, which was published on Monday by the committee in charge of the inquiry into the affair.",
        "View larger maps of the area at the link below.", "",
    ])
    func kept(_ line: String) {
        #expect(!BoilerplateRules.isBoilerplate(line))
    }

    @Test func droppedFromBodiesInEveryFormat() throws {
        let text = "Headline here\n\nFirst paragraph of the story.\n\nAdvertisement\n\nSecond paragraph.\nShare this article\n"
        let article = try #require(try ArticleParser.parse(Array(text.utf8)).get().articles.first)
        #expect(article.body == "First paragraph of the story.\n\nSecond paragraph.")
    }
}
