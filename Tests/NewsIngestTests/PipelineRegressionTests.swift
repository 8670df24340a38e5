import Foundation
import NewsCore
import NewsIndex
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// Regressions found in review: each test is named after what it guards against.
@Suite(.serialized) struct PipelineRegressionTests {
    static let body = "The long-planned spring battle of Qalamoun between Hezbollah and the Syrian army started last weekend, near the border with Lebanon."

    /// Two items of one feed with the same link: the second updates the first, not a second article.
    @Test func feedRepeatingALinkUpdatesInsteadOfIndexingTwice() throws {
        let fixture = try PipelineFixture()
        fixture.put("feed.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>First version</title><link>http://example.com/a</link><description>\(Self.body)</description></item>
            <item><title>Second version</title><link>http://example.com/a?utm_source=x</link><description>Completely rewritten: \
            the army and its allies now hold the ridge above the town after three days of heavy fighting.</description></item>
            </channel></rss>
            """)
        try fixture.drain()
        let stats = try fixture.index.stats()
        #expect(stats.articles == 1)
        #expect(stats.updates == 1)
        #expect(try fixture.index.recent(limit: 5).first?.title == "Second version")
    }

    /// A destination still journalled by a move that failed must not be handed out again
    /// (a later rename would have replaced the waiting file).
    @Test func pendingDestinationsAreNotReused() throws {
        let fixture = try PipelineFixture()
        try fixture.index.write { writer in
            _ = try writer.journalMove(sourceName: "elsewhere.txt", fileHash: "x", destination: "processed/b.txt", at: 0)
        }
        fixture.put("b.txt", "Headline\n\n\(Self.body)\n")
        try fixture.drain()
        #expect(fixture.files(in: "processed") == ["b.txt~2"])
    }

    /// Items of one feed that repeat one text under different links: the first is indexed,
    /// the others are its near duplicates, as they are when they come as separate files.
    /// Each was indexed before (the index cannot see items of the file not yet written).
    @Test func nearDuplicateItemsOfOneFeedAreFolded() throws {
        let fixture = try PipelineFixture()
        let text = Self.body + " " + (0..<150).map { "word\($0)" }.joined(separator: " ")
        let items = (1...5).map { n in
            "<item><title>Copy \(n)</title><link>http://example.com/\(n)</link><description>\(text)\(n == 3 ? " Updated." : "")</description></item>"
        }
        fixture.put("feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\(items.joined())</channel></rss>")
        try fixture.drain()
        let stats = try fixture.index.stats()
        #expect(stats.articles == 1 && stats.duplicates == 4, "articles \(stats.articles), duplicates \(stats.duplicates)")
        let group = try #require(try fixture.index.duplicateGroups(limit: 5).first)
        #expect(group.members.count == 4 && group.members.contains { $0.kind == "near" && $0.similarity >= 0.8 }, "\(group.members)")
    }

    /// Names of 241-255 bytes: a second file under the same name (`NAME~2`), a failure's
    /// `.error` note and the notes' temporary names must all fit in 255 bytes. The second file
    /// stayed in the inbox for good, its article committed without its file, and rejected
    /// files got no note.
    @Test func longNamesLeaveTheInbox() throws {
        let fixture = try PipelineFixture()
        let long = String(repeating: "é", count: 124) + "xxx.txt"  // 255 bytes
        fixture.put(long, "Headline one\n\n\(Self.body)\n")
        try fixture.drain()
        fixture.put(long, "Headline two\n\nAn entirely different story about the economy, exports and the price of oil this year.\n")
        let empty = String(repeating: "a", count: 250) + ".txt"
        fixture.put(empty, "")
        try fixture.drain()
        #expect(fixture.inbox.isEmpty, "\(fixture.inbox)")
        #expect(fixture.files(in: "processed").count == 2)
        let names = fixture.files(in: "processed")
        #expect(names.allSatisfy { $0.utf8.count + ".error".utf8.count + ".partial".utf8.count + 1 <= 255 }, "\(names)")
        #expect(names.contains { $0.hasSuffix(".txt") } && names.contains { $0.hasSuffix(".txt~2") }, "the extension kept: \(names)")
        #expect(fixture.files(in: "failed").count == 2, "the empty file and its note: \(fixture.files(in: "failed"))")
        #expect(try fixture.index.stats().articles == 2)
    }

    /// A cut name never ends in `.error`: `A…A.errorB…B` cut to `A…A.error` would be the note
    /// of a failed `A…A`, and one of the two failed files was lost under the other's note.
    @Test func cutNamesNeverLookLikeNotes() throws {
        let plain = String(repeating: "A", count: 225), tricky = plain + ".error" + String(repeating: "B", count: 20)
        #expect(!FileMover.capped(tricky).hasSuffix(".error"))
        let fixture = try PipelineFixture()
        fixture.put(tricky, "")
        fixture.put(plain, "")
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "failed").count == 4, "two files and their notes: \(fixture.files(in: "failed"))")
        #expect(try fixture.index.stats().failed == 2)
    }

    /// A feed item with the URL of an earlier item that was folded as a near duplicate is a new
    /// article (as it would be as a file of its own), not an update of the article the folded
    /// item duplicated.
    @Test func aFoldedItemsURLUpdatesNothing() throws {
        let fixture = try PipelineFixture()
        let text = Self.body + " " + (0..<150).map { "word\($0)" }.joined(separator: " ")
        fixture.put("feed.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>Item zero</title><link>http://example.com/a</link><description>\(text)</description></item>
            <item><title>Item one</title><link>http://example.com/b</link><description>\(text) Updated.</description></item>
            <item><title>Item two</title><link>http://example.com/b</link><description>A different story about the harvest, \
            the rain and the price of wheat in the northern provinces this autumn.</description></item>
            </channel></rss>
            """)
        try fixture.drain()
        let stats = try fixture.index.stats()
        #expect(stats.articles == 2 && stats.updates == 0, "articles \(stats.articles), updates \(stats.updates)")
        #expect(Set(try fixture.index.recent(limit: 5).map(\.title)) == ["Item zero", "Item two"])
    }

    /// A newline in a file name cannot forge a line of its `.error` note.
    @Test func errorNotesKeepOneLinePerField() throws {
        let fixture = try PipelineFixture()
        fixture.put("evil\nreason: parsed fine.txt", "")
        try fixture.drain()
        let note = try #require(fixture.files(in: "failed").first { $0.hasSuffix(".error") })
        let lines = try String(contentsOfFile: fixture.settings.failedDir + "/" + note, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("file: evil") && lines[1] == "reason: empty file (0 bytes)", "\(lines)")
    }

    /// `x` then `x/y.txt`: the second file's folder cannot be `processed/x`, which is a file.
    @Test func folderNamedLikeAnEarlierFileGetsASuffix() throws {
        let fixture = try PipelineFixture()
        fixture.put("x", "Headline one\n\n\(Self.body)\n")
        try fixture.drain()
        try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/x", withIntermediateDirectories: true)
        fixture.put("x/y.txt", "Headline two\n\nAn entirely different story about the economy, exports and the price of oil this year.\n")
        try fixture.drain()
        #expect(fixture.files(in: "processed") == ["x", "x~2"])
        #expect(FileManager.default.fileExists(atPath: fixture.settings.processedDir + "/x~2/y.txt"))
        #expect(try fixture.index.stats().articles == 2)
    }

    /// A crash between link() and unlink() leaves one file under two names; recovery drops
    /// the inbox name instead of ingesting the file again as a duplicate of itself.
    @Test func interruptedLinkIsFinishedNotReingested() throws {
        let fixture = try PipelineFixture()
        let text = "Headline\n\n\(Self.body)\n"
        fixture.put("c.txt", text)
        #expect(link(fixture.settings.inbox + "/c.txt", fixture.settings.processedDir + "/c.txt") == 0)
        try fixture.index.write { writer in
            _ = try writer.journalMove(sourceName: "c.txt", fileHash: SHA256.hex(of: Array(text.utf8)), destination: "processed/c.txt", at: 0)
        }
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "processed") == ["c.txt"])
        #expect(try fixture.index.pendingMoves().isEmpty)
    }
}
