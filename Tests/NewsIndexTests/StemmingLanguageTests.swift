import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Snowball stemming in each article's language: a query in one word form finds the article
/// written with another, and the article with the very form typed ranks first.
struct StemmingLanguageTests {
    /// One language's case: two articles, each using one form of the same word, and a query
    /// made of the other form of each (plus a word both articles share).
    struct Case: CustomTestStringConvertible, Sendable {
        var language: String
        /// Title and body of the article with the first form.
        var first: (title: String, body: String)
        /// Title and body of the article with the second form.
        var second: (title: String, body: String)
        /// The first form and the second form as a user would type them.
        var forms: (String, String)
        var testDescription: String { language }
    }

    static let cases: [Case] = [
        Case(language: "en",
             first: ("Voters reject the election result", "Thousands of voters marched in the capital after the election."),
             second: ("Parliament postpones local elections", "The government said the elections would take place in spring."),
             forms: ("election", "elections")),
        Case(language: "de",
             first: ("Regierung bricht die Verhandlung ab", "Die Verhandlung mit den Gewerkschaften wurde am Abend abgebrochen."),
             second: ("Neue Verhandlungen über den Haushalt", "Die Koalition will die Verhandlungen nächste Woche fortsetzen."),
             forms: ("Verhandlung", "Verhandlungen")),
        Case(language: "fr",
             first: ("Le syndicat rejette la négociation", "La négociation salariale a échoué mardi soir à Paris."),
             second: ("Reprise des négociations sur les retraites", "Les négociations reprendront lundi au ministère du Travail."),
             forms: ("négociation", "négociations")),
        Case(language: "es",
             first: ("La protesta de los agricultores llega a Madrid", "La protesta reunió a miles de agricultores frente al ministerio."),
             second: ("Las protestas se extienden por el país", "Las protestas contra la reforma continuaron durante el fin de semana."),
             forms: ("protesta", "protestas")),
        Case(language: "it",
             first: ("Il governo fissa la data della elezione", "La elezione del nuovo sindaco si terrà a maggio."),
             second: ("Le elezioni regionali slittano a giugno", "Le elezioni sono state rinviate per l'emergenza, ha detto il governo."),
             forms: ("elezione", "elezioni")),
        Case(language: "nl",
             first: ("Kabinet stelt de verkiezing uit", "De verkiezing van de nieuwe burgemeester wordt uitgesteld tot het najaar."),
             second: ("Oppositie wil snel nieuwe verkiezingen", "De partijen willen dat de verkiezingen nog dit jaar worden gehouden."),
             forms: ("verkiezing", "verkiezingen")),
        Case(language: "pt",
             first: ("O ministro da Saúde deixa o governo", "O ministro anunciou a sua saída numa conferência de imprensa em Lisboa."),
             second: ("Dois ministros demitem-se em Brasília", "Os ministros apresentaram a demissão ao presidente na sexta-feira."),
             forms: ("ministro", "ministros")),
        Case(language: "sv",
             first: ("Facket avbryter förhandlingen", "Förhandlingen om nya löner avbröts sent på tisdagskvällen."),
             second: ("Nya förhandlingar om budgeten", "Regeringen vill inleda förhandlingar med oppositionen nästa vecka."),
             forms: ("förhandlingen", "förhandlingar")),
        Case(language: "ru",
             first: ("Итоги выборов в Москве", "Центральная избирательная комиссия подвела итоги выборов в воскресенье."),
             second: ("Выборы мэра перенесены", "Городские выборы перенесены на осень, сообщили в правительстве."),
             forms: ("выборов", "выборы")),
        Case(language: "ar",
             first: ("الحكومة تعلن خطة جديدة", "أعلنت الحكومة اليوم عن خطة لدعم الاقتصاد في العاصمة."),
             second: ("حكومة وحدة وطنية في بيروت", "اتفقت الأحزاب على تشكيل حكومة وحدة وطنية بعد أشهر من المفاوضات."),
             forms: ("الحكومة", "حكومة")),
    ]

    static func makeIndex(_ c: Case) throws -> TemporaryIndex {
        try TemporaryIndex([
            article(c.first.title, c.first.body, language: c.language),
            article(c.second.title, c.second.body, language: c.language),
            // An English article, so queries are stemmed in two languages as in a mixed archive.
            article("Markets steady after a quiet week", "Shares closed little changed on Friday.", language: "en"),
        ])
    }

    @Test(arguments: cases)
    func eachFormFindsBothArticles(_ c: Case) throws {
        let index = try Self.makeIndex(c)
        for form in [c.forms.0, c.forms.1] {
            let titles = try index.titles(form)
            #expect(Set(titles) == [c.first.title, c.second.title], "query \(form): \(titles)")
        }
    }

    /// Both forms of each case differ from their stem, so each has an exact form in the index.
    /// (A word that is its own stem, like Spanish *elección*, is indexed once: typed, it
    /// matches every form of itself alike.)
    @Test(arguments: cases)
    func theFormTypedRanksFirst(_ c: Case) throws {
        let index = try Self.makeIndex(c)
        for (form, title) in [(c.forms.0, c.first.title), (c.forms.1, c.second.title)] {
            let titles = try index.titles(form)
            #expect(titles.first == title, "query \(form): \(titles)")
        }
    }

    @Test(arguments: cases)
    func theLanguageFilterStemsInThatLanguageOnly(_ c: Case) throws {
        let index = try Self.makeIndex(c)
        #expect(Set(try index.titles("\(c.forms.1) lang:\(c.language)")) == [c.first.title, c.second.title])
    }

    @Test func verbFormsMeetInTheirLanguage() throws {
        let index = try TemporaryIndex([
            article("Die Minister verhandelten bis spät in die Nacht", "In Brüssel wurde lange verhandelt.", language: "de"),
            article("Les ministres négociaient à Bruxelles", "Le sommet a duré toute la nuit.", language: "fr"),
            article("Los sindicatos negociaron con la patronal", "El acuerdo llegó tras semanas de negociación.", language: "es"),
            article("Prices rose sharply in March", "Fuel costs were rising across the country.", language: "en"),
        ])
        #expect(try index.titles("negociar lang:es") == ["Los sindicatos negociaron con la patronal"])
        #expect(try index.titles("négociations lang:fr") == ["Les ministres négociaient à Bruxelles"], "négociaient ~ négociations")
        // Unrestricted, a word matches its stems in every language of the archive: the
        // Spanish verb finds the French article too (both stem to "negoci").
        #expect(Set(try index.titles("negociar")) == ["Los sindicatos negociaron con la patronal", "Les ministres négociaient à Bruxelles"])
        #expect(try index.titles("price rises") == ["Prices rose sharply in March"], "rising ~ rises")
    }

    @Test func stemsOfOneLanguageDoNotLeakIntoAnother() throws {
        // German "Wahlen" stems to "wahl"; an English article of that name is not found by
        // the German plural when the query is restricted to English.
        let index = try TemporaryIndex([
            article("Wahlen in Hessen", "Die Wahlen finden im Herbst statt.", language: "de"),
            article("Wahl family opens a bakery", "The Wahl family opened a bakery on Main Street.", language: "en"),
        ])
        #expect(try index.titles("wahlen lang:en").isEmpty)
        #expect(try index.titles("wahlen lang:de") == ["Wahlen in Hessen"])
    }

    @Test func articlesWithoutAUsableCodeAreSearchedAsEnglish() throws {
        // "EN" and "en-GB" get no language header, so they are stemmed as English; queries
        // must then stem in English too, even with no article coded plainly "en".
        let index = try TemporaryIndex([
            article("Wahlen in Hessen", "Die Wahlen finden im Herbst statt.", language: "de"),
            article("Voters reject the elections", "Turnout was low.", language: "EN"),
            article("Parliament debates the election", "A long debate.", language: "en-GB"),
        ])
        #expect(Set(try index.titles("elected")) == ["Voters reject the elections", "Parliament debates the election"])
    }

    @Test func umlautsAndSharpSMatchTheirAsciiSpellings() throws {
        let index = try TemporaryIndex([
            article("Häuser an der Hauptstraße", "Die Häuser an der Straße wurden renoviert.", language: "de"),
        ])
        #expect(try index.titles("haus") == ["Häuser an der Hauptstraße"])
        #expect(try index.titles("strasse") == ["Häuser an der Hauptstraße"])
    }

    @Test func arabicSpellingVariantsStillMatchWithStemming() throws {
        let index = try TemporaryIndex([
            article("الحكومة تعلن خطة جديدة", "أعلنت الحكومة اليوم عن خطة لدعم الاقتصاد بعد المفاوضات.", language: "ar"),
        ])
        for query in ["الحكومه", "حكومة", "مفاوضات", "المفاوضات", "اعلنت", "أعلنت"] {
            let titles = try index.titles(query)
            #expect(titles == ["الحكومة تعلن خطة جديدة"], "query \(query): \(titles)")
        }
    }

    @Test func snippetsAndHighlightsNeverShowTheLanguageHeader() throws {
        let index = try TemporaryIndex([article("Wahlen in Hessen", "Wahlen", language: "de")])
        var request = SearchRequest(query: "wahl")
        request.explain = true
        let hit = try #require(try index.index.search(request).hits.first)
        #expect(!hit.snippet.contains(FTSTokenizer.headerMarker), "\(hit.snippet)")
        #expect(hit.snippet.hasPrefix(Highlight.start), "\(hit.snippet)")
        #expect(hit.explanation?.columns.first?.matched.map(\.text) == ["Wahlen"])
    }

    @Test func theIndexMatchesItsContentViewAfterInsertsAndReplacements() throws {
        // FTS5's integrity check re-tokenizes the articles_fts_content view: it passes only if
        // the writer gave the index the same language headers the view gives.
        let index = try TemporaryIndex(Self.cases.map { article($0.first.title, $0.first.body, language: $0.language) }
            + [article("No language", "Text whose language is unknown.", language: nil),
               article("Odd code", "Language code that is not ISO.", language: "en-GB")])
        #expect(try index.index.check().isHealthy)
        try index.index.rebuildFullTextIndex()
        #expect(try index.index.check().isHealthy)
        #expect(try index.titles("verhandlungen") == ["Regierung bricht die Verhandlung ab"])
    }

    @Test func stemsStayRightWhenTheStemCacheEvictsAndCollides() throws {
        // stemming.h keeps 8,192 recent stems per language, direct-mapped: 20,000 distinct
        // words evict and collide in every slot, and each word must still get its own stem.
        let filler = (0..<20_000).map { "campaign\(String($0, radix: 36))ing" }
        let index = try TemporaryIndex([
            article("Voters reject the election result", "Thousands of voters marched after the elections."),
            article("Filler", filler.joined(separator: " ")),
            article("Parliament postpones local elections", "The government said the election would wait."),
        ])
        #expect(try index.titles("elections") == ["Parliament postpones local elections", "Voters reject the election result"])
        #expect(try index.titles("voter") == ["Voters reject the election result"])
        #expect(try index.index.check().isHealthy, "the integrity check tokenizes every article again, through the warm cache")
    }
}
