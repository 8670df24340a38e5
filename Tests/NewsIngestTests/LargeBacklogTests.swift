import Foundation
import NewsCore
import NewsIndex
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// A backlog larger than one scan's queue (`Settings.queueFiles`) is taken in parts, each
/// found by a scan once the part before it is in: memory stays that of the queue, and the
/// files are still taken in arrival order, with the rules of the fresh lane intact.
@Suite(.serialized) struct LargeBacklogTests {
    let lane = FreshLaneTests()

    /// `count` BBC articles named in the reverse of their arrival order (readdir's or the
    /// names' order is not the order taken): `backlog-000` arrived last, 1,000 s after the first.
    func backlog(_ count: Int, in fixture: PipelineFixture) {
        for n in 0..<count {
            let name = String(format: "backlog-%03d.txt", n)
            fixture.put(name, FreshLaneTests.bbc[n])
            fixture.setModified(name, secondsAgo: Double(1_000 + n))
        }
    }

    @Test func aBacklogLargerThanTheQueueIsTakenOldestFirst() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 4; $0.queueFiles = 10 }
        backlog(25, in: fixture)
        fixture.pipeline.refill()
        #expect(fixture.pipeline.queue.map(\.displayName) == (15..<25).reversed().map { String(format: "backlog-%03d.txt", $0) })
        #expect(fixture.pipeline.counters.backlog == 25, "the files left for the next scan count as waiting")
        while fixture.pipeline.hasBacklog { try fixture.pipeline.processBatch() }
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.pipeline.counters.backlog == 0)
        // Taken in arrival order across the three scans: the oldest file has the first id.
        let taken = try fixture.index.recent(limit: 100).sorted { $0.id < $1.id }.map(\.sourceName)
        #expect(taken == (0..<25).reversed().map { String(format: "backlog-%03d.txt", $0) })
        #expect(try fixture.index.stats().articles == 25)
    }

    /// An article taken early through the lane keeps its mtime until the whole backlog it was
    /// taken ahead of is in, not just the part the first scan queued: an older version beyond
    /// that part does not replace it.
    @Test func earlyMtimesWaitForThePartsOfABacklogNotYetScanned() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.queueFiles = 10 }
        backlog(30, in: fixture)
        fixture.put("v1.txt", FreshLaneTests.version("Zqvote delayed", 40))
        fixture.setModified("v1.txt", secondsAgo: 500)  // older than v2, newer than the backlog
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        lane.arrive("v2.txt", FreshLaneTests.version("Zqvote passed", 41), in: fixture)
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        try lane.expectVersions(fixture, updates: 0, older: 1, indexed: "Zqvote passed")
    }

    /// A file inotify named alone still goes ahead when it is beyond the part of the backlog
    /// the scan queued (it is the newest file there).
    @Test func aFileNamedAloneGoesAheadOfABacklogLargerThanTheQueue() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.queueFiles = 10 }
        backlog(40, in: fixture)
        lane.arrive("fresh.txt", "Zqfresh arrives\n\n" + FreshLaneTests.bbc[50], in: fixture)
        fixture.pipeline.refill()
        #expect(!fixture.pipeline.fresh.isEmpty)
        try fixture.pipeline.processBatch()
        #expect(try fixture.index.search(SearchRequest(query: "zqfresh")).total == 1)
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 41)
    }

    /// Files dropped while the last batch of one part is in flight (the queue is empty, the
    /// rest of the backlog not yet scanned) go ahead of the rest too, even more than a lane's
    /// share of a batch (found in review: they waited for every remaining part).
    @Test func aBurstDroppedBetweenTwoPartsDoesNotWaitForTheRest() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 8; $0.queueFiles = 16 }
        backlog(50, in: fixture)
        fixture.pipeline.refill()
        while !fixture.pipeline.queue.isEmpty { try fixture.pipeline.processBatch() }
        for n in 0..<6 {  // more than the lane's 4 files a batch
            lane.arrive("fresh-\(n).txt", "Zqburst\(n) arrives\n\n" + FreshLaneTests.bbc[50 + n], in: fixture)
        }
        try lane.batchesUntilSearchable("zqburst5", in: fixture, atMost: 4, "the burst waited behind the rest of the backlog")
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 56)
    }

    /// `--once` has no settle delay: a file whose mtime is in the future is taken too (it was
    /// left in the inbox, waiting to stay unchanged for a delay of zero across two scans).
    @Test func withoutASettleDelayAFutureMtimeIsReady() {
        var tracker = ReadinessTracker(settleDelay: 0)
        var info = stat()
        info.st_mode = S_IFREG | 0o644
        info.st_mtim.tv_sec = Int(Clock.nowSeconds() + 3_600)
        let file = InboxEntry(relativePath: Array("future.txt".utf8), info: info)
        #expect(tracker.ready([file], now: Clock.nowNanos()).ready.count == 1)
        tracker.noteWriting(Array("future.txt".utf8), now: Clock.nowNanos())
        #expect(tracker.ready([file], now: Clock.nowNanos()).ready.isEmpty, "a file being written still waits")
    }

    /// The queue keeps the first files in taking order whatever order they are offered in.
    @Test func oldestEntriesKeepsTheFirstInTakingOrder() {
        var generator = SystemRandomNumberGenerator()
        let entries = (0..<2_000).map { n -> InboxEntry in
            var info = stat()
            info.st_mode = S_IFREG | 0o644
            info.st_mtim.tv_sec = Int.random(in: 0..<300, using: &generator)  // many equal mtimes: the name decides
            return InboxEntry(relativePath: Array("f\(n)".utf8), info: info)
        }
        for limit in [1, 7, 100, 5_000] {
            var oldest = OldestEntries(limit: limit)
            for entry in entries { oldest.offer(entry) }
            let expected = Array(entries.sorted(by: IngestPipeline.takenBefore).prefix(limit))
            #expect(oldest.sorted() == expected)
            #expect(oldest.leftOut == entries.count - expected.count)
        }
    }

    /// Only files not yet settled by their mtime are remembered between scans: a backlog of
    /// old files costs the readiness tracker nothing.
    @Test func theTrackerRemembersOnlyUnsettledFiles() {
        var tracker = ReadinessTracker(settleDelay: 2)
        let second: Int64 = 1_000_000_000
        func entry(_ name: String, modified: Int64) -> InboxEntry {
            var info = stat()
            info.st_mode = S_IFREG | 0o644
            info.st_mtim.tv_sec = Int(modified / second)
            return InboxEntry(relativePath: Array(name.utf8), info: info)
        }
        let old = (0..<100).map { entry("old-\($0)", modified: 0) }
        let new = entry("new", modified: 200 * second)  // ahead of the clock: ready once unchanged for 2 s
        #expect(tracker.ready(old + [new], now: 100 * second).ready.count == 100)
        #expect(tracker.remembered == 1)
        #expect(tracker.ready(old + [new], now: 101 * second).ready.count == 100)
        #expect(tracker.ready(old + [new], now: 102 * second).ready.count == 101, "unchanged for the settle delay")
    }

    /// Between two scans the lane notices at most `noticeLimit` names; the rest wait for the
    /// next scan, which keeps the early mtimes meanwhile.
    @Test func theLaneNoticesABoundedNumberOfNames() {
        var lane = FreshLane()
        lane.reset(queue: [] as [InboxEntry])
        for n in 0...FreshLane.noticeLimit { lane.notice(Array("f\(n)".utf8)) }
        #expect(lane.count == FreshLane.noticeLimit)
        #expect(lane.leftFilesBehind)
        var tracker = ReadinessTracker(settleDelay: 1)
        for n in 0...ReadinessTracker.completedLimit { tracker.noteCompleted(Array("f\(n)".utf8)) }
        #expect(tracker.completed.count == ReadinessTracker.completedLimit)
    }
}

/// The scan asks every name whether to skip it; the byte comparison must agree with the rule
/// as written for people (lowercased endings).
@Suite struct InboxNameRulesTests {
    @Test func ignoredNamesFollowTheDocumentedRule() {
        func documented(_ name: [UInt8]) -> Bool {
            guard let first = name.first else { return true }
            if first == UInt8(ascii: ".") { return true }
            let text = String(decoding: name, as: UTF8.self).lowercased()
            return [".part", ".tmp", ".crdownload", ".download", ".swp", ".error"].contains { text.hasSuffix($0) } || text.hasSuffix("~")
        }
        var names = [".hidden", "a.part", "A.PART", "x.Tmp", "f~", "ok.txt", "x.crdownload", "y.DownLoad", "z.swp", "e.error", "part",
                     "tmp.txt", "", "~", ".", "a.parts", "error", "é.part", "Ü.TMP", "a.tmp.txt"].map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", ".", "~", "part", "PART", "tmp", "Tmp", "swp", "error", "ERROR", "download", "crDownload", "é", "\u{FF}"]
        for _ in 0..<3_000 {
            names.append((0..<Int.random(in: 0...4, using: &generator)).flatMap { _ in Array(pieces.randomElement(using: &generator)!.utf8) })
        }
        names.append([0x66, 0xFF, 0x2E, 0x50, 0x41, 0x52, 0x54])  // not UTF-8, ending ".PART"
        for name in names {
            #expect(InboxNameRules.isIgnored(name) == documented(name), "\(String(decoding: name, as: UTF8.self))")
        }
    }
}

/// Behind a backlog the WAL is copied into the database once it holds
/// `checkpointAfterPages`, not after every batch (pages that successive batches rewrite are
/// then copied once).
@Suite struct BacklogCheckpointTests {
    /// The database file's size after the first batch of a 40-file backlog taken 8 at a
    /// time and after the last, and the WAL's length after each batch but the first and last.
    func drain(checkpointAfterPages: Int) throws -> (first: Int, last: Int, walFrames: [Int]) {
        let fixture = try PipelineFixture { $0.batchFiles = 8 }
        for n in 0..<40 { fixture.put(String(format: "backlog-%02d.txt", n), FreshLaneTests.bbc[n]) }
        fixture.pipeline.checkpointAfterPages = checkpointAfterPages
        fixture.pipeline.refill()
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: fixture.index.path)[.size] as! Int }
        try fixture.pipeline.processBatch()
        let first = try size()
        var frames: [Int] = []
        while fixture.pipeline.hasBacklog {
            try fixture.pipeline.processBatch()
            if fixture.pipeline.hasBacklog { frames.append(fixture.index.walFrames) }
        }
        #expect(try fixture.index.stats().articles == 40)
        return (first, try size(), frames)
    }

    @Test func theWALKeepsBatchesUntilItHoldsTheCheckpointSize() throws {
        let kept = try drain(checkpointAfterPages: 1_000_000)
        #expect(kept.walFrames.count == 3)
        #expect(zip(kept.walFrames, kept.walFrames.dropFirst()).allSatisfy { $0 < $1 }, "each batch appends to the WAL: \(kept.walFrames)")
        #expect(kept.last == kept.first, "nothing copied into the database while the WAL is short")
        // A checkpoint after every batch copies each into the database.
        let copied = try drain(checkpointAfterPages: 0)
        #expect(copied.last > copied.first)
    }

    /// A backlog that ends on an empty batch (the files left for the next scan were deleted)
    /// hands checkpoints back to SQLite's own commits, as one that ends on a full batch does:
    /// idle merges would otherwise grow the WAL unchecked.
    @Test func aBacklogEndingOnAnEmptyBatchHandsCheckpointsBack() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 4; $0.queueFiles = 4 }
        for n in 0..<12 { fixture.put(String(format: "backlog-%02d.txt", n), FreshLaneTests.bbc[n]) }
        fixture.pipeline.refill()
        try fixture.pipeline.processBatch()
        try fixture.pipeline.processBatch()  // the second batch commits with the WAL watched
        #expect(fixture.index.walFrames > 0)
        // The files left for the next scan go (written, and so taken, in name order).
        for n in 8..<12 { try FileManager.default.removeItem(atPath: fixture.settings.inbox + String(format: "/backlog-%02d.txt", n)) }
        while fixture.pipeline.hasBacklog { try fixture.pipeline.processBatch() }
        #expect(fixture.index.walFrames == 0, "SQLite's own checkpoints are back")
    }
}
