import Foundation
import NewsCore
import NewsIndex
import Testing
@testable import NewsIngest

/// Files that arrive while a backlog drains are taken ahead of it, and arrival order still
/// decides which version of an article is kept.
@Suite(.serialized) struct FreshLaneTests {
    /// Real BBC articles, one per call (distinct stories, so none is a near duplicate of another).
    static let bbc: [String] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus/bbc/politics")
        return (1...60).compactMap { try? String(contentsOf: folder.appendingPathComponent(String(format: "%03d.txt", $0)), encoding: .utf8) }
    }()

    /// A pipeline with batches of 8 and `count` BBC articles queued from one scan.
    func backlog(_ count: Int) throws -> PipelineFixture {
        let fixture = try PipelineFixture { $0.batchFiles = 8 }
        for n in 0..<count { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        return fixture
    }

    /// Drops `name` as inotify would report it: written, then complete.
    func arrive(_ name: String, _ text: String, in fixture: PipelineFixture) {
        fixture.put(name, text)
        fixture.pipeline.noteEvent(relativePath: Array(name.utf8), complete: true)
    }

    @Test func aFileDroppedBehindABacklogIsTakenWithinTwoBatches() throws {
        let fixture = try backlog(40)
        try fixture.pipeline.processBatch()  // takes batch 1 and starts reading batch 2
        arrive("fresh.txt", "Zqfresh arrives\n\n" + Self.bbc[50], in: fixture)
        var batches = 0
        while try fixture.index.search(SearchRequest(query: "zqfresh")).total == 0 {
            try fixture.pipeline.processBatch()
            batches += 1
            try #require(batches <= 2, "the fresh file waited behind the backlog")
        }
        // Batches of 8, the fresh file among the last batch's: most of the backlog still waits.
        #expect(try fixture.index.stats().articles == (batches + 1) * 8)
        try fixture.drain()
        #expect(fixture.files(in: "processed").contains("fresh.txt"))
        #expect(fixture.inbox.isEmpty)
        #expect(try fixture.index.stats().articles == 41)
    }

    /// The older version of an article arrives first but waits in the backlog; the newer one,
    /// dropped later, is taken first. The newer one stays; the older is an `older` duplicate.
    @Test func anOlderVersionTakenAfterANewerOneDoesNotReplaceIt() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8 }
        for n in 0..<30 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        usleep(20_000)  // arrival times are the files' ctimes: keep them apart on coarse clocks
        fixture.put("version-1.txt", "Title: Zqvote delayed\nURL: https://news.example/budget\n\n\(Self.bbc[40])")
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        usleep(20_000)
        arrive("version-2.txt", "Title: Zqvote passed\nURL: https://news.example/budget\n\n\(Self.bbc[41])", in: fixture)
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        let stats = try fixture.index.stats()
        #expect(stats.articles == 31)
        #expect(stats.updates == 0)
        #expect(stats.olderVersions == 1)
        #expect(try fixture.index.search(SearchRequest(query: "zqvote")).hits.map(\.title) == ["Zqvote passed"])
        let group = try #require(try fixture.index.duplicateGroups(limit: 10).first)
        #expect(group.title == "Zqvote passed")
        #expect(group.members.map(\.kind) == ["older"])
        #expect(group.members.map(\.sourceName) == ["version-1.txt"])
        #expect(fixture.files(in: "duplicates") == ["version-1.txt"])
    }

    /// In arrival order (no fresh lane involved) the later version updates the earlier, as before.
    @Test func aNewerVersionTakenLaterStillUpdates() throws {
        let fixture = try PipelineFixture()
        fixture.put("version-1.txt", "Title: Zqvote delayed\nURL: https://news.example/budget\n\n\(Self.bbc[40])")
        try fixture.drain()
        usleep(20_000)
        fixture.put("version-2.txt", "Title: Zqvote passed\nURL: https://news.example/budget\n\n\(Self.bbc[41])")
        try fixture.drain()
        #expect(try fixture.index.stats().updates == 1)
        #expect(try fixture.index.search(SearchRequest(query: "zqvote")).hits.map(\.title) == ["Zqvote passed"])
    }

    @Test func freshLaneSkipsQueuedNamesAndTakesEachNameOnceBetweenScans() {
        var lane = FreshLane()
        lane.reset(queue: [] as [InboxEntry])
        lane.notice(Array("a".utf8))
        lane.notice(Array("b".utf8))
        lane.notice(Array("a".utf8))
        #expect(lane.take() == Array("a".utf8))
        lane.notice(Array("a".utf8))  // again while its first take may be in flight
        #expect(lane.take() == Array("b".utf8))
        #expect(lane.take() == nil)
        #expect(lane.isEmpty)
        lane.reset(queue: [] as [InboxEntry])
        lane.notice(Array("a".utf8))
        #expect(!lane.isEmpty)
    }

    @Test func scannerEntryFollowsTheScanRules() throws {
        let fixture = try PipelineFixture()
        for folder in ["sub", ".hidden"] {
            try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/" + folder, withIntermediateDirectories: true)
        }
        for name in ["ok.txt", "draft.tmp", "sub/story.txt", ".hidden/story.txt"] { fixture.put(name, Self.bbc[0]) }
        var scanner = InboxScanner(inbox: fixture.settings.inbox)
        let scanned = Set(scanner.scan().map(\.displayName))
        for name in ["ok.txt", "draft.tmp", "sub/story.txt", ".hidden/story.txt", "sub", "gone.txt"] {
            #expect((scanner.entry(at: Array(name.utf8)) != nil) == scanned.contains(name), "\(name)")
        }
        scanner.maxDepth = 1
        #expect(scanner.entry(at: Array("ok.txt".utf8)) != nil)
        #expect(scanner.entry(at: Array("sub/story.txt".utf8)) == nil)
        #expect(!scanner.scan().map(\.displayName).contains("sub/story.txt"))
    }
}
