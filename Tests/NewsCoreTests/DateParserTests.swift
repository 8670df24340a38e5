import Testing
import NewsCore

@Suite struct DateParserTests {
    @Test(arguments: [
        ("2015-05-11 16:58", "2015-05-11T16:58:00"),
        ("2015-05-11T16:58:00", "2015-05-11T16:58:00"),
        ("2015-05-11", "2015-05-11"),
        ("2015/05/11", "2015-05-11"),
        ("2015-05-11T16:58:00Z", "2015-05-11T16:58:00Z"),
        ("2015-05-11T16:58:00.123456Z", "2015-05-11T16:58:00Z"),
        ("2015-05-11T16:58:00+03:00", "2015-05-11T13:58:00Z"),
        ("2015-05-11T01:30:00+0300", "2015-05-10T22:30:00Z"),
        ("2015-05-11T22:00:00-05:00", "2015-05-12T03:00:00Z"),
        ("2015-05-11 16:58:00 UTC", "2015-05-11T16:58:00Z"),
        ("Mon, 11 May 2015 16:58:00 GMT", "2015-05-11T16:58:00Z"),
        ("Wed, 11 May 2016 00:00:00 +0000", "2016-05-11T00:00:00Z"),
        ("Mon, 11 May 2015 16:58:00 -0500 (EST)", "2015-05-11T21:58:00Z"),
        ("11 May 2015 16:58 EDT", "2015-05-11T20:58:00Z"),
        ("Monday, 11-May-15 16:58:00 GMT", "2015-05-11T16:58:00Z"),
        ("May 11, 2016", "2016-05-11"),
        ("11 May 2015", "2015-05-11"),
        ("Wednesday, May 11th, 2016", "2016-05-11"),
        ("September 30, 2015 4:58 pm", "2015-09-30T16:58:00"),
        ("Sept. 3, 2015", "2015-09-03"),
        ("May 11, 2016 at 9:05 a.m. EDT", "2016-05-11T13:05:00Z"),
        ("29 February 2016", "2016-02-29"),
        ("  May 11, 2016  ", "2016-05-11"),
    ])
    func accepted(_ input: String, _ normalized: String) throws {
        let date = try #require(DateParser.parse(input), "\(input) should parse")
        #expect(date.normalized == normalized)
        #expect(date.original == input.trimmingWhitespace())
    }

    @Test(arguments: [
        "", "May 2016", "2015-13-01", "2015-02-30", "2015-02-29", "30 February 2016", "2015-05-11 25:00",
        "2015-05-11T16:61", "05/11/2016", "yesterday", "The battle started on May 11, 2016.",
        "11 Mayo 2015", "2015-05-11T16:58:00+25:00", String(repeating: "2015-", count: 100),
    ])
    func rejected(_ input: String) {
        #expect(DateParser.parse(input) == nil, "\(input) should not parse")
    }

    @Test func epochSeconds() throws {
        #expect(DateParser.parse("1970-01-01")?.epochSeconds == 0)
        #expect(DateParser.parse("2015-05-11T16:58:00Z")?.epochSeconds == 1_431_363_480)
        // A zoneless time counts as UTC.
        #expect(DateParser.parse("2015-05-11 16:58")?.epochSeconds == 1_431_363_480)
        #expect(DateParser.parse("1969-12-31T23:59:59Z")?.epochSeconds == -1)
    }
}
