import Testing
import Foundation
@testable import NewsCore

@Test func profileLong() throws {
    let bytes = Gold.bytes("variants/very_long_single_line.txt")!
    var t = ContinuousClock.now
    func lap(_ s: String) { let n = ContinuousClock.now; print(s, n - t); t = n }
    let text = try TextDecoding.decode(bytes).get(); lap("decode")
    _ = ArticleParser.isBlank(text); lap("blank")
    _ = FormatDetector.markupFormat(text); lap("markup")
    _ = MojibakeRepair.repair(text); lap("mojibake")
    let n = TextNormalizer.normalize(text); lap("normalize")
    let lines = n.split(separator: "\n", omittingEmptySubsequences: false); lap("split")
    _ = FormatDetector.textFormat(lines); lap("textFormat")
    let d = PlainTextParser.parse(lines); lap("plain")
    let b = BodyCleaner.clean(d.body); lap("clean")
    _ = Sentences.first(in: b); lap("sentence")
    _ = LanguageDetector.detect(b); lap("lang")
    _ = ArticleBuilder.build(d, format: .plain); lap("build")
}
