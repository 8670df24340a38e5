import Testing
@testable import NewsCore

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("three cities â€” Damascus", "three cities — Damascus"),
        ("Assadâ€™s fortunes", "Assad’s fortunes"),
        ("prÃ©parÃ©e", "préparée"),
        ("against\u{C2}\u{A0}rebel", "against rebel"),
        ("â€œquotedâ€\u{9D}", "“quoted”"),
        ("Hezbollah'sÂ ability", "Hezbollah's ability"),
        ("capabilities.Â\nNext", "capabilities.\nNext"),
        ("capabilities.Â", "capabilities."),
    ])
    func mojibakeIsRepaired(_ input: String, _ expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
    }

    @Test(arguments: ["café naïve", "Straße“ und", "À bientôt", "Ça va", "معركة القلمون", "Â la carte", "ÂB"])
    func genuineTextIsUntouched(_ text: String) {
        #expect(TextNormalizer.normalize(text) == text)
    }

    @Test func lineEndingsNBSPAndInvisibles() {
        #expect(TextNormalizer.normalize("a\r\nb\rc\n") == "a\nb\nc\n")
        #expect(TextNormalizer.normalize("a\u{A0}b") == "a b")
        #expect(TextNormalizer.normalize("a\u{200B}b\u{200D}c\u{2060}d\u{FEFF}e\u{200C}f") == "abcde\u{200C}f")
    }

    @Test func nfc() {
        #expect(TextNormalizer.normalize("de\u{301}fense").unicodeScalars.count == 7)
        #expect(TextNormalizer.normalize("de\u{301}fense") == "défense")
    }

    @Test func controlCharactersAreKept() {
        let text = "\u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07}"
        #expect(TextNormalizer.normalize(text) == text)
    }

    @Test func collapseWhitespace() {
        #expect(TextNormalizer.collapseWhitespace("  a \t b\n\nc\u{3000}d  ") == "a b c d")
        #expect(TextNormalizer.collapseWhitespace("clean text") == "clean text")
    }
}
