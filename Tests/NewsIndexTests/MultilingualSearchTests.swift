import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// The `newsd` tokenizer: Arabic normalised, accents folded, CJK findable by substring.
struct MultilingualSearchTests {
    static let arabicWithHarakat = article("مَعْرَكَةُ الأَسَدِ الأَخِيرَةُ", "بَدَأَتْ مَعْرَكَةُ القَلَمُونِ فِي نِهَايَةِ الأُسْبُوعِ")
    static let arabicPlain = article("إعلان حزب الله", "أعلن حزب الله أن المعركة في مدينة يبرود على مستوى عالٍ من الأهمية، ثم مشى إلى القرى")
    static let arabicTatweel = article("تقرير", "قـــوات النظام تتقدم نحو الحدود")
    static let french = article("La dernière bataille d'Assad", "La bataille du Qalamoun a commencé à Yabroud, près de la frontière libanaise.")
    static let chinese = article("北京大学研究人员发现新方法", "中国科学院的研究团队在上海发表了报告。")
    static let japanese = article("東京の天気", "きょうは とうきょうで あめが ふっています。カタカナのテスト")
    static let english = article("Assad forces take Yabroud", "Syrian army forces took the town after heavy fighting.")
    // Persian letters (keheh, farsi yeh) and digits; Urdu letters (heh goal, yeh barree); Arabic-Indic digits.
    static let persian = article("کتاب تازه درباره ایران", "این کتاب در سال ۲۰۱۵ در تهران منتشر شد")
    static let urdu = article("پاکستان کی خبریں", "یہ خبر لاہور سے ہے")
    static let arabicDigits = article("تقرير سنوي", "صدر التقرير في عام ٢٠١٤ في دمشق")

    func makeIndex() throws -> TemporaryIndex {
        try TemporaryIndex([Self.arabicWithHarakat, Self.arabicPlain, Self.arabicTatweel, Self.french, Self.chinese, Self.japanese, Self.english,
                            Self.persian, Self.urdu, Self.arabicDigits])
    }

    @Test(arguments: [
        // query → the title it must find (exactly that one article)
        ("معركة الاسد", "مَعْرَكَةُ الأَسَدِ الأَخِيرَةُ"),           // no harakat, alef without hamza
        ("الأَخِيرَة", "مَعْرَكَةُ الأَسَدِ الأَخِيرَةُ"),            // harakat in the query too
        ("الاخيره", "مَعْرَكَةُ الأَسَدِ الأَخِيرَةُ"),               // teh marbuta written as heh
        ("القلمون", "مَعْرَكَةُ الأَسَدِ الأَخِيرَةُ"),
        ("اعلن", "إعلان حزب الله"),                                // أ → ا
        ("اعلان", "إعلان حزب الله"),                               // إ → ا
        ("مَدِينَةِ", "إعلان حزب الله"),                           // harakat only in the query
        ("مشي", "إعلان حزب الله"),                                 // ى written as ي
        ("مشى", "إعلان حزب الله"),
        ("قوات", "تقرير"),                                         // tatweel removed
        ("derniere", "La dernière bataille d'Assad"),              // accents folded
        ("FRONTIERE libanaise", "La dernière bataille d'Assad"),
        ("研究", "北京大学研究人员发现新方法"),                       // CJK substring of the title
        ("京大", "北京大学研究人员发现新方法"),                       // across word boundaries
        ("上海", "北京大学研究人员发现新方法"),                       // in the body
        ("科学院的研究", "北京大学研究人员发现新方法"),
        ("天気", "東京の天気"),
        ("とうきょう", "東京の天気"),                               // hiragana substring
        ("カタカナ", "東京の天気"),
        ("كتاب", "کتاب تازه درباره ایران"),                        // Arabic kaf finds Persian keheh
        ("ايران", "کتاب تازه درباره ایران"),                       // Arabic yeh finds farsi yeh
        ("کتاب ایران", "کتاب تازه درباره ایران"),                  // typed on a Persian keyboard
        ("2015", "کتاب تازه درباره ایران"),                        // Persian digits
        ("٢٠١٥", "کتاب تازه درباره ایران"),
        ("2014", "تقرير سنوي"),                                    // Arabic-Indic digits
        ("۲۰۱۴", "تقرير سنوي"),
        ("لاهور", "پاکستان کی خبریں"),                             // Urdu heh goal
        ("پاكستان", "پاکستان کی خبریں"),
        ("سي", "پاکستان کی خبریں"),                                // yeh barree
    ])
    func queryFindsExactlyTheArticle(query: String, title: String) throws {
        let index = try makeIndex()
        #expect(try index.titles(query) == [title], "query \(query)")
    }

    @Test func cjkCharactersOutOfOrderAreNotASubstring() throws {
        let index = try makeIndex()
        #expect(try index.titles("究研").isEmpty)
        #expect(try index.titles("北京 上海") == ["北京大学研究人员发现新方法"], "two CJK words AND-ed")
    }

    @Test func snippetHighlightsTheOriginalArabicText() throws {
        let index = try makeIndex()
        let hit = try #require(try index.index.search(SearchRequest(query: "القلمون")).hits.first)
        #expect(hit.snippet.contains("\(Highlight.start)القَلَمُونِ\(Highlight.end)"), "\(hit.snippet)")
    }

    @Test func snippetHighlightsTheOriginalPersianText() throws {
        let index = try makeIndex()
        let hit = try #require(try index.index.search(SearchRequest(query: "كتاب 2015")).hits.first)
        #expect(hit.snippet.contains("\(Highlight.start)کتاب\(Highlight.end)"), "\(hit.snippet)")
        #expect(hit.snippet.contains("\(Highlight.start)۲۰۱۵\(Highlight.end)"), "\(hit.snippet)")
    }

    @Test func snippetHighlightsTheOriginalCJKText() throws {
        let index = try makeIndex()
        let hit = try #require(try index.index.search(SearchRequest(query: "上海")).hits.first)
        #expect(hit.snippet.contains("\(Highlight.start)上海\(Highlight.end)") || hit.snippet.contains("\(Highlight.start)上\(Highlight.end)\(Highlight.start)海\(Highlight.end)"), "\(hit.snippet)")
        #expect(Self.plain(hit.snippet).contains("在上海发表"), "the original text around the match: \(hit.snippet)")
    }

    @Test func latinTextIsUnchangedByTheTokenizer() throws {
        let index = try makeIndex()
        #expect(Set(try index.titles("yabroud")) == ["La dernière bataille d'Assad", "Assad forces take Yabroud"])
        #expect(try index.titles("fight") == ["Assad forces take Yabroud"], "Porter stemming: fight ~ fighting")
        #expect(try index.titles("\"heavy fighting\"") == ["Assad forces take Yabroud"])
    }

    static func plain(_ s: String) -> String {
        s.replacingOccurrences(of: Highlight.start, with: "").replacingOccurrences(of: Highlight.end, with: "")
    }

    @Test func longArabicAndCJKTextsAreTokenizedInChunksWithoutLosingWordsOrOffsets() throws {
        // Over 64 KB each, so the tokenizer's slow path works in several chunks.
        let arabic = String(repeating: "بدأت مَعْرَكَةُ القلمون في نهاية الأسبوع. ", count: 2_000) + "كلمةٌ فريدةٌ في الآخِر"
        let cjk = String(repeating: "中国科学院的研究团队在上海发表了报告", count: 3_000) + "独一无二的结尾"
        let index = try TemporaryIndex([article("long arabic", arabic), article("long cjk", cjk)])
        #expect(arabic.utf8.count > 65_536 && cjk.utf8.count > 65_536)
        #expect(try index.titles("كلمة فريدة الاخر") == ["long arabic"])
        #expect(try index.titles("独一无二") == ["long cjk"])
        #expect(try index.titles("报告中国") == ["long cjk"], "a substring across the repeated sentences")
        let hit = try #require(try index.index.search(SearchRequest(query: "فريدة")).hits.first)
        #expect(hit.snippet.contains("\(Highlight.start)فريدةٌ\(Highlight.end)"), "\(hit.snippet.suffix(80))")
        let cjkHit = try #require(try index.index.search(SearchRequest(query: "结尾")).hits.first)
        #expect(Self.plain(cjkHit.snippet).contains("独一无二的结尾"), "\(cjkHit.snippet.suffix(40))")
        #expect(try index.index.check().isHealthy)
    }
}
