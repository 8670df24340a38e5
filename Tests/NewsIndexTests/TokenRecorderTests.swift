import CSQLite
import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Tokens recorded on the analysis threads (`TokenRecorder`) and replayed by the writer must
/// build exactly the index the writer's own tokenizing builds.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
struct TokenRecorderTests {
    /// Real BBC articles plus texts that take the tokenizer's slow paths (Arabic folding, CJK,
    /// other languages' stemmers, tags and authors).
    static func articles() throws -> [Article] {
        var all = try TopKPruningTests.bbcArticles(["tech"])
        all.append(article("وزير الخارجية يلتقي نظيره الفرنسي", "أعلنت وزارة الخارجيّة أنّ الوزير التقى نظيره في باريس لبحث الأزمة السوريّة.",
                           language: "ar"))
        all.append(article("东京股市周一上涨", "日本东京股市周一收盘上涨，投资者关注央行的利率决定。", language: "zh"))
        all.append(article("Die Regierung plant neue Steuern", "Die Bundesregierung plante höhere Steuern für große Unternehmen.",
                           tags: ["Politik", "Steuern"], author: "Anna Müller", language: "de"))
        all.append(article("Правительство обсудило бюджет", "Министры обсуждали расходы бюджета на следующий год.", language: "ru"))
        all.append(article("", "", language: nil))
        return all
    }

    /// Every (term, article, column, position) of the full-text index, in order.
    static func postings(_ index: TemporaryIndex) throws -> [String] {
        try index.index.connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.postings USING fts5vocab(main, articles_fts, 'instance')")
        return try index.index.connection.prepare("SELECT term, doc, col, offset FROM temp.postings ORDER BY term, doc, col, offset")
            .map { "\($0.string(0) ?? "") \($0.int(1)) \($0.string(2) ?? "") \($0.int(3))" }
    }

    static func insert(_ records: [ArticleRecord], into index: TemporaryIndex) throws {
        try index.index.write { writer in
            for record in records { _ = try writer.insert(record, at: 1_700_000_000) }
        }
    }

    @Test func replayedTokensBuildTheSameIndex() throws {
        let articles = try Self.articles()
        let recorder = try TokenRecorder()
        var replayed = articles.enumerated().map { record($0.element, $0.offset) }
        // Recorded on several threads at once, as ingest does.
        let tokens = UnsafeMutableBufferPointer<RecordedTokens?>.allocate(capacity: replayed.count)
        tokens.initialize(repeating: nil)
        defer { tokens.deallocate() }
        DispatchQueue.concurrentPerform(iterations: replayed.count) { i in tokens[i] = recorder.record(articles[i]) }
        for i in replayed.indices {
            #expect(tokens[i] != nil)
            replayed[i].tokens = tokens[i]
        }
        let withReplay = try TemporaryIndex(), reference = try TemporaryIndex()
        try Self.insert(replayed, into: withReplay)
        try Self.insert(articles.enumerated().map { record($0.element, $0.offset) }, into: reference)

        #expect(withReplay.index.replayedColumns == Int64(articles.count * 4), "every column of every article was replayed")
        #expect(try withReplay.index.check().isHealthy, "FTS5's integrity-check tokenizes every row again and compares")
        let expected = try Self.postings(reference)
        #expect(expected.count > 100_000)
        #expect(try Self.postings(withReplay) == expected)
        #expect(try withReplay.titles("الخارجية") == ["وزير الخارجية يلتقي نظيره الفرنسي"])
        #expect(try withReplay.titles("东京") == ["东京股市周一上涨"])
    }

    /// An update (FTS5 'delete' of the old text, then the new text) and a near copy take
    /// their recordings too, and leave the index as tokenizing would.
    @Test func updatesAndNearCopiesReplayToo() throws {
        let recorder = try TokenRecorder()
        let old = article("Chancellor raises interest rates", "The bank said inflation was rising faster than expected in the spring.")
        let new = article("Chancellor raises interest rates again", "The bank said inflation kept rising, and rates went up once more.")
        let index = try TemporaryIndex()
        var first = record(old, 0), second = record(new, 1), copy = record(new, 2)
        first.tokens = recorder.record(old)
        second.tokens = recorder.record(new)
        copy.tokens = recorder.record(new)
        try index.index.write { writer in
            let id = try writer.insert(first, at: 1_700_000_000)
            _ = try writer.replace(id: id, with: second, at: 1_700_000_001)
            try writer.recordDuplicate(DuplicateRecord(articleID: id, kind: .near, similarity: 0.9, title: new.title, sourceName: "2.txt",
                                                       filePath: "duplicates/2.txt", fileHash: "hash2", copy: copy), at: 1_700_000_002)
        }
        #expect(index.index.replayedColumns == 12)
        #expect(try index.index.check().isHealthy)
        #expect(try index.titles("once").count == 1)
        #expect(try index.titles("spring").isEmpty)
    }

    @Test func longArticlesAndFullBatchesAreLeftToTheWriter() throws {
        let recorder = try TokenRecorder()
        let long = article("A long report", String(repeating: "word ", count: TokenRecorder.maxTextBytes / 5 + 1))
        #expect(recorder.record(long) == nil)
        let short = article("A short report", String(repeating: "word ", count: 100))
        #expect(recorder.record(short) != nil)
        let budget = TokenRecorder.Budget(bytes: 5_000)
        let recorded = (0..<10).map { _ in recorder.record(short, within: budget) != nil }
        #expect(recorded.filter { $0 }.count == 2, "each takes four times its ~514 bytes of text (recording and column values): two fit in 5,000")
    }

    /// The writer binds the column values built when the article was recorded only while the
    /// article is unchanged: a title changed since is indexed as it is now.
    @Test func anArticleChangedSinceItsRecordingIsIndexedAsItIsNow() throws {
        let recorder = try TokenRecorder()
        let original = article("Chancellor raises interest rates", "The bank said inflation was rising.", tags: ["Economy"])
        var record = record(original, 0)
        record.tokens = recorder.record(original)
        record.article.title = "Governor raises interest rates"
        let index = try TemporaryIndex()
        try Self.insert([record], into: index)
        #expect(index.index.replayedColumns == 3, "tags, author and body are the texts recorded; the title is not")
        #expect(try index.index.check().isHealthy)
        #expect(try index.titles("governor") == ["Governor raises interest rates"])
        #expect(try index.titles("chancellor").isEmpty)
        #expect(try index.titles("economy") == ["Governor raises interest rates"])
    }

    /// Swift's `==` equates canonically equivalent texts; the values bound must be the
    /// article's own bytes, so a title rewritten in another normalization form is built anew.
    @Test func aTitleInAnotherNormalizationFormIsIndexedAsItsOwnBytes() throws {
        let recorder = try TokenRecorder()
        let original = article("Caf\u{E9} owners protest", "The owners said the new rules were unfair.")
        var record = record(original, 0)
        record.tokens = recorder.record(original)
        record.article.title = "Cafe\u{301} owners protest"
        #expect(record.article.title == original.title && Array(record.article.title.utf8) != Array(original.title.utf8))
        let index = try TemporaryIndex()
        try Self.insert([record], into: index)
        #expect(index.index.replayedColumns == 3, "the title's bytes differ from those recorded")
        #expect(try index.index.check().isHealthy, "what was indexed is what the content view gives")
    }

    /// The hash that ties a recording to its text (CSQLite/pretokenize.h) tells apart texts
    /// one byte apart, at every length and position its lanes and tail cover.
    @Test func textHashSeesEveryByte() {
        var seen = Set<UInt64>()
        var count = 0
        for length in 0...80 {
            let base = [CChar](repeating: 0x61, count: length)
            seen.insert(newsd_text_hash(base, Int32(length)))
            count += 1
            for position in 0..<length {
                var changed = base
                changed[position] = 0x62
                seen.insert(newsd_text_hash(changed, Int32(length)))
                count += 1
            }
        }
        #expect(seen.count == count)
    }

    @Test func aRecordingOfAnotherTextIsNotReplayed() throws {
        let recorder = try TokenRecorder()
        let first = article("Chancellor raises interest rates", "The bank said inflation was rising.")
        let second = article("Football club wins the cup", "The striker scored twice in the final.")
        var record = record(second, 0)
        record.tokens = recorder.record(first)  // the wrong article's recording
        let index = try TemporaryIndex()
        try Self.insert([record], into: index)
        // Only the empty tags and author values are the same text as recorded.
        #expect(index.index.replayedColumns == 2)
        #expect(try index.index.check().isHealthy)
        #expect(try index.titles("striker") == ["Football club wins the cup"])
        #expect(try index.titles("inflation").isEmpty)
    }
}
