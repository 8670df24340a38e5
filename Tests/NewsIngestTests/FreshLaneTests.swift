import Foundation
import NewsCore
import NewsIndex
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

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

    /// Drops `name` as inotify would report it: written (with mtime `modified` seconds ago
    /// when given), then complete.
    func arrive(_ name: String, _ text: String, modified: Double? = nil, in fixture: PipelineFixture) {
        fixture.put(name, text)
        if let modified { setModified(name, secondsAgo: modified, in: fixture) }
        fixture.pipeline.noteEvent(relativePath: Array(name.utf8), complete: true)
    }

    func setModified(_ name: String, secondsAgo: Double, in fixture: PipelineFixture) {
        fixture.setModified(name, secondsAgo: secondsAgo)
    }

    func modified(_ name: String, in fixture: PipelineFixture) -> Date? {
        try? FileManager.default.attributesOfItem(atPath: fixture.settings.inbox + "/" + name)[.modificationDate] as? Date
    }

    /// Checks how the versions of the test article were recorded, and which one is indexed.
    func expectVersions(_ fixture: PipelineFixture, updates: Int, older: Int, indexed title: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stats = try fixture.index.stats()
        #expect(stats.updates == updates, sourceLocation: sourceLocation)
        #expect(stats.olderVersions == older, sourceLocation: sourceLocation)
        #expect(try fixture.index.search(SearchRequest(query: "zqvote")).hits.map(\.title) == [title], sourceLocation: sourceLocation)
    }

    /// Runs batches until a search for `word` finds its file, failing past `limit` batches
    /// (`why`); returns the batches it took.
    @discardableResult
    func batchesUntilSearchable(_ word: String, in fixture: PipelineFixture, atMost limit: Int, _ why: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        var batches = 0
        while try fixture.index.search(SearchRequest(query: word)).total == 0 {
            try fixture.pipeline.processBatch()
            batches += 1
            try #require(batches <= limit, "\(why)", sourceLocation: sourceLocation)
        }
        return batches
    }

    static func version(_ title: String, _ n: Int) -> String {
        "Title: \(title)\nURL: https://news.example/budget\n\n\(bbc[n])"
    }

    @Test func aFileDroppedBehindABacklogIsTakenWithinTwoBatches() throws {
        let fixture = try backlog(40)
        try fixture.pipeline.processBatch()  // takes batch 1 and starts reading batch 2
        arrive("fresh.txt", "Zqfresh arrives\n\n" + Self.bbc[50], in: fixture)
        let batches = try batchesUntilSearchable("zqfresh", in: fixture, atMost: 2, "the fresh file waited behind the backlog")
        // Batches of 8, the fresh file among the last batch's: most of the backlog still waits.
        #expect(try fixture.index.stats().articles == (batches + 1) * 8)
        try fixture.drain()
        #expect(fixture.files(in: "processed").contains("fresh.txt"))
        #expect(fixture.inbox.isEmpty)
        #expect(try fixture.index.stats().articles == 41)
    }

    /// A file dropped under the name of a backlog file already taken and moved (a fetcher's
    /// `latest.xml` written again) is fresh too: it does not wait for the rest of the queue
    /// (found by a user campaign: the lane ignored every name the scan had queued).
    @Test func aFileDroppedUnderANameAlreadyTakenIsFresh() throws {
        // Batches of 4: the queue outlasts both rewrites.
        let fixture = try PipelineFixture { $0.batchFiles = 4 }
        for n in 0..<40 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()  // batch 1 committed; its files move meanwhile
        try fixture.pipeline.processBatch()  // batch 1's moves settled
        try #require(fixture.files(in: "processed").contains("backlog-000.txt"))
        arrive("backlog-000.txt", "Zqagain arrives\n\n" + Self.bbc[50], in: fixture)
        try batchesUntilSearchable("zqagain", in: fixture, atMost: 2, "the file waited behind the backlog")
        // Written again once that one has left the inbox: fresh again, through the lane again.
        try fixture.pipeline.processBatch()  // its move settled
        arrive("backlog-000.txt", "Zqthird arrives\n\n" + Self.bbc[51], in: fixture)
        try batchesUntilSearchable("zqthird", in: fixture, atMost: 2, "the second rewrite waited behind the backlog")
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 42)
        #expect(fixture.inbox.isEmpty)
    }

    /// A file renamed in with a backlog folder, before newsd's scan of both, is not queued
    /// behind the folder's files: inotify named it alone, so it goes to the lane.
    @Test func aFileNamedAloneBesideABacklogFolderGoesAhead() throws {
        let fixture = try backlog(0)
        try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/bulk", withIntermediateDirectories: true)
        for n in 0..<40 { fixture.put(String(format: "bulk/%03d.txt", n), Self.bbc[n]) }
        arrive("fresh.txt", "Zqfresh arrives\n\n" + Self.bbc[50], in: fixture)
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        #expect(try fixture.index.search(SearchRequest(query: "zqfresh")).total == 1)
        #expect(try fixture.index.stats().articles == 8)
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 41)
    }

    /// A named file larger than the lane's share of a batch stays in the queue, in order.
    @Test func aLargeFileNamedBeforeTheScanStaysInTheQueue() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.batchBytes = 12_000 }
        try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/bulk", withIntermediateDirectories: true)
        for n in 0..<40 { fixture.put(String(format: "bulk/%03d.txt", n), Self.bbc[n]) }
        arrive("large.txt", Self.bbc[50] + "\n\n" + Self.bbc[51] + "\n\n" + Self.bbc[52], in: fixture)
        fixture.pipeline.refill()
        #expect(fixture.pipeline.fresh.isEmpty)
        #expect(fixture.pipeline.queue.last?.displayName == "large.txt")
    }

    /// An older version the lane passed over (too large) still finds the newer one's early
    /// mtime when a later scan takes it: the mtimes are not cleared while it waits.
    @Test func earlyMtimesWaitForFilesTheLanePassedOver() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.batchBytes = 12_000 }
        for n in 0..<40 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        arrive("v2.txt", Self.version("Zqvote passed", 41), modified: 100, in: fixture)
        arrive("v1.txt", Self.version("Zqvote delayed", 40) + "\n\n" + Self.bbc[51] + "\n\n" + Self.bbc[52], modified: 200, in: fixture)
        try fixture.drain()
        try expectVersions(fixture, updates: 0, older: 1, indexed: "Zqvote passed")
    }

    /// A batch decides its files in mtime order, lane files included: an older version from
    /// the lane beside a newer one from the queue does not replace it.
    @Test func aBatchDecidesItsFilesInModificationOrder() throws {
        let fixture = try backlog(0)
        try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/bulk", withIntermediateDirectories: true)
        for n in 0..<40 { fixture.put(String(format: "bulk/%03d.txt", n), Self.bbc[n]) }
        fixture.put("bulk/newer.txt", Self.version("Zqvote passed", 41))
        setModified("bulk/newer.txt", secondsAgo: 250, in: fixture)
        arrive("older.txt", Self.version("Zqvote delayed", 42), modified: 300, in: fixture)
        fixture.pipeline.refill()
        #expect(!fixture.pipeline.fresh.isEmpty, "the named file is in the lane")
        try fixture.pipeline.processBatch()
        try expectVersions(fixture, updates: 1, older: 0, indexed: "Zqvote passed")
    }

    /// Files named one by one are in order when they are many (a copy file by file).
    @Test func manyFilesNamedOneByOneStayInOrder() throws {
        let fixture = try backlog(0)
        for n in 0..<40 { arrive(String(format: "copied-%03d.txt", n), Self.bbc[n], in: fixture) }
        fixture.pipeline.refill()
        #expect(fixture.pipeline.fresh.isEmpty)
        #expect(fixture.pipeline.queue.map(\.displayName) == (0..<40).map { String(format: "copied-%03d.txt", $0) })
    }

    /// The older version of an article arrives first but waits in the backlog; the newer one,
    /// dropped later, is taken first. The newer one stays; the older is an `older` duplicate.
    @Test func anOlderVersionTakenAfterANewerOneDoesNotReplaceIt() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8 }
        for n in 0..<30 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        usleep(20_000)  // versions are ordered by mtime: keep them apart on coarse clocks
        fixture.put("version-1.txt", Self.version("Zqvote delayed", 40))
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        usleep(20_000)
        arrive("version-2.txt", Self.version("Zqvote passed", 41), in: fixture)
        try #require(try #require(modified("version-1.txt", in: fixture)) < #require(modified("version-2.txt", in: fixture)))
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        #expect(try fixture.index.stats().articles == 31)
        try expectVersions(fixture, updates: 0, older: 1, indexed: "Zqvote passed")
        let group = try #require(try fixture.index.duplicateGroups(limit: 10).first)
        #expect(group.title == "Zqvote passed")
        #expect(group.members.map(\.kind) == ["older"])
        #expect(group.members.map(\.sourceName) == ["version-1.txt"])
        #expect(fixture.files(in: "duplicates") == ["version-1.txt"])
    }

    /// In order (no fresh lane involved) the version taken later updates, as before.
    @Test func aNewerVersionTakenLaterStillUpdates() throws {
        let fixture = try PipelineFixture()
        fixture.put("version-1.txt", Self.version("Zqvote delayed", 40))
        try fixture.drain()
        usleep(20_000)
        fixture.put("version-2.txt", Self.version("Zqvote passed", 41))
        try fixture.drain()
        try expectVersions(fixture, updates: 1, older: 0, indexed: "Zqvote passed")
    }

    /// A copy that keeps mtimes (`cp -a`, `tar x`) writes files in any order: one scan takes
    /// them by mtime, and the newer version updates the older whichever was written first.
    @Test func versionsWrittenOutOfOrderUpdateByModificationTime() throws {
        let fixture = try PipelineFixture()
        fixture.put("b.txt", Self.version("Zqvote passed", 41))
        setModified("b.txt", secondsAgo: 100, in: fixture)
        fixture.put("a.txt", Self.version("Zqvote delayed", 40))
        setModified("a.txt", secondsAgo: 200, in: fixture)
        try fixture.drain()
        try expectVersions(fixture, updates: 1, older: 0, indexed: "Zqvote passed")
    }

    /// The same copy made while a backlog drains: both versions come through the fresh lane
    /// in the order written, and the mtimes still decide (also across batches: see
    /// `anOlderVersionTakenAfterANewerOneDoesNotReplaceIt`).
    @Test func versionsArrivingOutOfOrderThroughTheLaneKeepTheNewer() throws {
        let fixture = try backlog(40)
        try fixture.pipeline.processBatch()
        arrive("b.txt", Self.version("Zqvote passed", 41), modified: 100, in: fixture)
        arrive("a.txt", Self.version("Zqvote delayed", 40), modified: 200, in: fixture)
        try fixture.drain()
        // one batch, decided in mtime order: the newer updates
        try expectVersions(fixture, updates: 1, older: 0, indexed: "Zqvote passed")
    }

    /// The early mtime protects against the files the early version was taken ahead of; once
    /// they are all in, a correction with an earlier mtime (copied with `cp -p`) updates again.
    @Test func earlyMtimesAreForgottenOnceTheBacklogIsIn() throws {
        let fixture = try backlog(40)
        try fixture.pipeline.processBatch()
        arrive("b.txt", Self.version("Zqvote passed", 41), modified: 100, in: fixture)
        try fixture.drain()  // its later scans clear the early mtime
        fixture.put("c.txt", Self.version("Zqvote corrected", 42))
        setModified("c.txt", secondsAgo: 200, in: fixture)
        try fixture.drain()
        try expectVersions(fixture, updates: 1, older: 0, indexed: "Zqvote corrected")
    }

    /// With batches of one file there is no room for a fresh one: the lane is off.
    @Test func batchesOfOneFileLeaveNoRoomForTheLane() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 1 }
        for n in 0..<4 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        arrive("fresh.txt", "Zqfresh arrives\n\n" + Self.bbc[50], in: fixture)
        #expect(fixture.pipeline.fresh.isEmpty)
        try fixture.pipeline.processBatch()
        try fixture.pipeline.processBatch()
        #expect(try fixture.index.search(SearchRequest(query: "zqfresh")).total == 0)
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 5)
    }

    /// A fresh file larger than half a batch waits for the scan; the backlog goes on.
    @Test func aLargeFreshFileIsLeftToTheScan() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.batchBytes = 12_000 }
        for n in 0..<30 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        arrive("large.txt", "Zqlarge arrives\n\n" + Self.bbc[50] + "\n\n" + Self.bbc[51] + "\n\n" + Self.bbc[52], in: fixture)
        while fixture.pipeline.hasBacklog {
            try fixture.pipeline.processBatch()
            #expect(try fixture.index.search(SearchRequest(query: "zqlarge")).total == 0)
        }
        try fixture.drain()
        #expect(try fixture.index.search(SearchRequest(query: "zqlarge")).total == 1)
        #expect(try fixture.index.stats().articles == 31)
    }

    /// Once the scanned queue is empty, files dropped are left to the next scan: a steady
    /// trickle cannot keep the batch loop (and so the scans) from ending.
    @Test func noticesAfterTheQueueEmptiedWaitForTheNextScan() throws {
        let fixture = try backlog(8)
        try fixture.pipeline.processBatch()
        arrive("late.txt", Self.bbc[50], in: fixture)
        #expect(!fixture.pipeline.hasBacklog)
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 9)
    }

    /// Fresh files take at most half of a batch, by count and by bytes: the backlog keeps going.
    @Test func freshFilesLeaveHalfOfEachBatchToTheBacklog() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.batchBytes = 24_000 }
        for n in 0..<40 { fixture.put(String(format: "backlog-%03d.txt", n), Self.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        for n in 0..<12 { arrive("fresh-\(n).txt", "Zqfresh \(n)\n\n" + Self.bbc[45 + n], in: fixture) }
        var freshBefore = 0
        for _ in 0..<3 {
            let articlesBefore = try fixture.index.stats().articles
            try fixture.pipeline.processBatch()
            let fresh = try fixture.index.search(SearchRequest(query: "zqfresh")).total
            let added = try fixture.index.stats().articles - articlesBefore
            #expect(fresh - freshBefore <= 4, "at most half of the files")
            #expect(added - (fresh - freshBefore) >= 1, "backlog files in every batch")
            freshBefore = fresh
        }
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 52)
    }

    @Test func freshLaneSkipsQueuedNamesAndTakesEachNameOnceBetweenScans() throws {
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
        #expect(lane.take() == Array("a".utf8))
        #expect(lane.isTakenEarly(Array("a".utf8)))
        lane.putBack(Array("a".utf8))
        #expect(!lane.isTakenEarly(Array("a".utf8)))
        #expect(lane.take() == Array("a".utf8))
        // A name the scan queued is not fresh when noticed (taken, its batch may be in flight).
        let fixture = try PipelineFixture()
        fixture.put("q.txt", "text")
        lane.reset(queue: [try #require(InboxScanner(inbox: fixture.settings.inbox).entry(at: Array("q.txt".utf8)))])
        lane.notice(Array("q.txt".utf8))
        #expect(lane.isEmpty)
    }

    @Test func scannerEntryFollowsTheScanRules() throws {
        let fixture = try PipelineFixture()
        for folder in ["sub", ".hidden"] {
            try FileManager.default.createDirectory(atPath: fixture.settings.inbox + "/" + folder, withIntermediateDirectories: true)
        }
        for name in ["ok.txt", "draft.tmp", "sub/story.txt", ".hidden/story.txt"] { fixture.put(name, Self.bbc[0]) }
        // A link to a folder: the scan lists it as a link, never what is behind it.
        #expect(symlink("sub", fixture.settings.inbox + "/linked") == 0)
        var scanner = InboxScanner(inbox: fixture.settings.inbox)
        let scanned = Set(scanner.scan().map(\.displayName))
        #expect(scanned.contains("linked") && !scanned.contains("linked/story.txt"))
        for name in ["ok.txt", "draft.tmp", "sub/story.txt", ".hidden/story.txt", "sub", "gone.txt", "linked", "linked/story.txt"] {
            #expect((scanner.entry(at: Array(name.utf8)) != nil) == scanned.contains(name), "\(name)")
        }
        scanner.maxDepth = 1
        #expect(scanner.entry(at: Array("ok.txt".utf8)) != nil)
        #expect(scanner.entry(at: Array("sub/story.txt".utf8)) == nil)
        #expect(!scanner.scan().map(\.displayName).contains("sub/story.txt"))
    }
}
