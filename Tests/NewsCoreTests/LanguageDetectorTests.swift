import Testing
@testable import NewsCore

@Suite struct LanguageDetectorTests {
    @Test(arguments: [
        ("en", "The army said on Monday that it had taken the town, and that the rebels were retreating to the north of the country."),
        ("fr", "La bataille du Qalamoun a commencé le week-end dernier entre le Hezbollah et les forces du président syrien."),
        ("de", "Die Armee hat nach eigenen Angaben die Stadt eingenommen, und die Rebellen ziehen sich in den Norden zurück."),
        ("es", "El ejército dijo el lunes que había tomado la ciudad y que los rebeldes se retiraban hacia el norte del país."),
        ("it", "L'esercito ha detto che la città è stata presa e che i ribelli si stanno ritirando verso il nord del paese, per ora."),
        ("pt", "O exército disse na segunda-feira que tomou a cidade e que os rebeldes estão recuando para o norte do país."),
        ("nl", "Het leger zei maandag dat het de stad heeft ingenomen en dat de rebellen zich terugtrekken naar het noorden van het land."),
        ("pl", "Armia poinformowała w poniedziałek, że zajęła miasto, a rebelianci wycofują się na północ kraju, jak podano."),
        ("sv", "Armén sade på måndagen att den har intagit staden och att rebellerna drar sig tillbaka mot norr i landet."),
        ("ar", "بدأت في نهاية الأسبوع الماضي معركة القلمون بين حزب الله وقوات الرئيس السوري"),
        ("ru", "Армия заявила в понедельник, что взяла город, а повстанцы отступают на север страны."),
        ("uk", "Армія заявила в понеділок, що взяла місто, а повстанці відступають на північ країни. Їхні сили є."),
        ("el", "Ο στρατός δήλωσε τη Δευτέρα ότι κατέλαβε την πόλη."),
        ("he", "הצבא הודיע ביום שני כי כבש את העיר."),
        ("ja", "軍は月曜日、町を制圧したと発表した。反政府勢力は北へ撤退している。"),
        ("zh", "军队周一表示已经攻占该镇，叛军正在向北撤退。"),
        ("ko", "군은 월요일 도시를 장악했다고 밝혔다."),
        ("th", "กองทัพกล่าวเมื่อวันจันทร์ว่าได้ยึดเมืองแล้ว"),
        ("hi", "सेना ने सोमवार को कहा कि उसने शहर पर कब्जा कर लिया है।"),
    ])
    func detects(_ language: String, _ text: String) {
        #expect(LanguageDetector.detect(text) == language)
    }

    /// An article's title and body are read as one sample without being joined: the answer is
    /// the one for `title + "\n" + body`, and the sample still ends after `sampleLimit` scalars.
    @Test func titleAndBodyReadAsOneSample() throws {
        let french = "La bataille du Qalamoun a commencé le week-end dernier entre le Hezbollah et les forces. "
        let english = "The army said on Monday that it had taken the town, and that the rebels were retreating. "
        let cases: [(String, String)] = [
            ("The army said", french), ("Le titre", String(repeating: "x ", count: 3_000) + english),
            (english, String(repeating: "y ", count: LanguageDetector.sampleLimit) + french + french), ("", ""),
            ("Армия заявила", "بدأت في نهاية الأسبوع 😀 "), ("title", String(repeating: french, count: 200)),
        ]
        for (title, body) in cases {
            #expect(LanguageDetector.language(declared: nil, title: title, body: body) == LanguageDetector.detect(title + "\n" + body), "\(title)")
        }
        #expect(LanguageDetector.language(declared: "de-AT", title: "The army", body: english) == "de")
        // The sample ends exactly at `sampleLimit` scalars: three "the" vote English only when
        // the last one's final letter is scalar number `sampleLimit`; one scalar fewer cuts it to "th".
        let limit = LanguageDetector.sampleLimit
        for (padding, expected) in [(limit - 2 - 11, "en"), (limit - 2 - 10, nil)] as [(Int, String?)] {
            // title "t", "\n", padding letters (no stop word), then " the the the" (11 scalars after one space).
            let body = String(repeating: "x", count: padding - 1) + " " + "the the the" + " and of to"
            #expect(LanguageDetector.language(declared: nil, title: "t", body: body) == expected, "padding \(padding)")
        }
    }

    @Test func unsureIsNil() {
        #expect(LanguageDetector.detect("") == nil)
        #expect(LanguageDetector.detect("12345 67 89") == nil)
        #expect(LanguageDetector.detect("Qusair Homs Aleppo") == nil)
    }

    @Test func declaredLanguageWinsWithRegionDropped() {
        #expect(LanguageDetector.language(declared: "en-US", text: "La bataille du Qalamoun a commencé le week-end dernier.") == "en")
        #expect(LanguageDetector.language(declared: "pt_BR", text: "") == "pt")
        #expect(LanguageDetector.language(declared: "not a code", text: "Le Hezbollah a déclaré que la bataille est existentielle et que les forces sont là.") == "fr")
        #expect(LanguageDetector.primarySubtag("FR") == "fr")
        #expect(LanguageDetector.primarySubtag("") == nil)
    }

    /// The detector's table answers exactly as the dictionary it is built from: every stop
    /// word, and words (and prefixes of stop words) that are none.
    @Test func stopWordTableMatchesTheMasks() {
        let table = LanguageDetector.stopWordTable
        for (key, mask) in LanguageDetector.stopWordMasks { #expect(table.mask(key) == mask) }
        for word in ["th", "thes", "hezbolla", "qalamoun", "x", "ann", "dass", "między"] {
            guard let key = LanguageDetector.packed(word) else { continue }
            #expect(table.mask(key) == LanguageDetector.stopWordMasks[key])
        }
        #expect(table.mask(0) == nil)
    }
}
