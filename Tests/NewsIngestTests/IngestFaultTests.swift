import Foundation
import Logging
import NewsCore
import NewsIndex
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// A temporary inbox + state folder with a pipeline on a fresh database.
final class PipelineFixture {
    let root: String
    var settings = Settings()
    let index: SQLiteIndex
    let pipeline: IngestPipeline

    init(_ configure: (inout Settings) -> Void = { _ in }) throws {
        root = NSTemporaryDirectory() + "newsingest-\(UUID().uuidString.prefix(8))"
        settings.inbox = root + "/inbox"
        settings.stateDir = root + "/state"
        settings.settleDelay = 0
        configure(&settings)
        for dir in [settings.inbox, settings.processedDir, settings.duplicatesDir, settings.failedDir] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        index = try SQLiteIndex(path: settings.databasePath, durability: .normal)
        pipeline = IngestPipeline(settings: settings, index: index, logger: Logger(label: "test"))
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes a file into the inbox under raw byte name `name`.
    func put(_ name: [UInt8], _ text: String) {
        let path = Array(settings.inbox.utf8) + [UInt8(ascii: "/")] + name
        let fd = open(cString(path), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    func put(_ name: String, _ text: String) { put(Array(name.utf8), text) }

    /// Sets the mtime of inbox file `name` to `secondsAgo` seconds before now.
    func setModified(_ name: String, secondsAgo: Double) {
        let date = Date(timeIntervalSinceNow: -secondsAgo)
        try? FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: settings.inbox + "/" + name)
    }

    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: settings.stateDir + "/" + folder)) ?? []).sorted()
    }

    var inbox: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: settings.inbox)) ?? []).sorted() }

    /// Runs scans and batches until nothing is left to take.
    func drain() throws {
        for _ in 0..<3 {
            pipeline.refill()
            while pipeline.hasBacklog { try pipeline.processBatch() }
        }
    }
}

@Suite struct FaultPlanTests {
    @Test(arguments: [
        ("crash-after-commit:3", FaultPlan([.crashAfterCommit: 3])),
        ("slow-batch:250,crash-mid-move:1", FaultPlan([.slowBatch: 250, .crashMidMove: 1])),
        ("", FaultPlan()),
    ])
    func parses(text: String, plan: FaultPlan) throws {
        #expect(try FaultPlan(parsing: text) == plan)
    }

    @Test(arguments: ["crash-after-comit:3", "crash-after-commit", "crash-after-commit:x", "wedge-in-batch:-1"])
    func rejectsTypos(text: String) {
        #expect(throws: FaultPlanError.self) { try FaultPlan(parsing: text) }
    }

    @Test func environmentWithoutFaultIsEmpty() throws {
        #expect(try FaultPlan.fromEnvironment([:]).isEmpty)
        #expect(try FaultPlan.fromEnvironment(["NEWSD_FAULT": ""]).isEmpty)
    }
}

@Suite struct ReadinessTrackerTests {
    func entry(_ name: String, size: Int = 10, modified: Int64, inode: UInt64 = 7) -> InboxEntry {
        var info = stat()
        info.st_mode = S_IFREG | 0o644
        info.st_size = off_t(size)
        info.st_mtim.tv_sec = Int(modified / 1_000_000_000)
        info.st_mtim.tv_nsec = Int(modified % 1_000_000_000)
        info.st_ino = ino_t(inode)
        return InboxEntry(relativePath: Array(name.utf8), info: info)
    }

    /// Regression: "stable across two scans" took a file after one interval whatever the settle
    /// delay; a file with an mtime in the future must now stay unchanged for the settle delay.
    @Test func stabilityNeedsTheSettleDelay() {
        var tracker = ReadinessTracker(settleDelay: 2)
        let second: Int64 = 1_000_000_000
        let future = 100 * second  // mtime ahead of the clock: "settled" never holds
        let file = entry("f", modified: future)
        #expect(tracker.ready([file], now: 0).ready.isEmpty)
        #expect(tracker.ready([file], now: 1 * second).ready.isEmpty, "unchanged for 1 s < settle delay")
        #expect(tracker.ready([file], now: 2 * second).ready.count == 1, "unchanged for the settle delay")
    }

    @Test func openWriterIsWaitedForAndCloseMakesReady() {
        var tracker = ReadinessTracker(settleDelay: 0)
        let file = entry("w", modified: 0)
        tracker.noteWriting(Array("w".utf8), now: 0)
        #expect(tracker.ready([file], now: 5_000_000_000).ready.isEmpty, "modify event without close: wait")
        tracker.noteCompleted(Array("w".utf8))
        #expect(tracker.ready([file], now: 5_000_000_000).ready.count == 1)
    }
}

@Suite(.serialized) struct PipelineFaultTests {
    /// Regression: a journalled move of a file whose name is not valid UTF-8 was marked done
    /// without moving (the name did not match), so the file was ingested again as a duplicate.
    @Test func recoveryFindsNamesThatAreNotUTF8() throws {
        let fixture = try PipelineFixture()
        let name: [UInt8] = [0x6F, 0x64, 0x64, 0xFF, 0x2E, 0x74, 0x78, 0x74]
        let text = "Odd\n\nbody of the odd file\n"
        fixture.put(name, text)
        let display = String(decoding: name, as: UTF8.self)
        try fixture.index.write { writer in
            _ = try writer.journalMove(sourceName: display, fileHash: SHA256.hex(of: Array(text.utf8)), destination: "processed/" + display, at: 0)
        }
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "processed") == [display])
        #expect(try fixture.index.pendingMoves().isEmpty)
    }

    /// A file rejected unread (hash "-") whose move a crash interrupted is moved, and its
    /// missing .error note is written from the recorded reason.
    @Test func recoveryMovesUnreadRejectsAndWritesTheirNote() throws {
        let fixture = try PipelineFixture()
        #expect(mkfifo(fixture.settings.inbox + "/pipe", 0o644) == 0)
        try fixture.index.write { writer in
            try writer.recordFailure(FailureRecord(sourceName: "pipe", filePath: "failed/pipe", fileHash: "-", reasonCode: "not-regular",
                                                   reason: "a FIFO (named pipe), not a regular file"), at: 0)
            _ = try writer.journalMove(sourceName: "pipe", fileHash: "-", destination: "failed/pipe", at: 0)
        }
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "failed") == ["pipe", "pipe.error"])
        let note = try String(contentsOfFile: fixture.settings.failedDir + "/pipe.error", encoding: .utf8)
        #expect(note.contains("reason: a FIFO (named pipe), not a regular file"))
    }

    /// Ingests `text` as file `name`, then sets up what a move that failed because another
    /// program took the name leaves: the file back in the inbox, its move journalled, and
    /// another file (`someone else's`) at `destination`.
    static func moveBlocked(_ fixture: PipelineFixture, name: String, text: String, destination: String) throws {
        fixture.put(name, text)
        try fixture.drain()
        try fixture.index.markMovesDone(try fixture.index.pendingMoves().map(\.id))
        let place = fixture.settings.stateDir + "/" + destination
        #expect(rename(place, fixture.settings.inbox + "/" + name) == 0)
        _ = FileManager.default.createFile(atPath: place, contents: Data("someone else's".utf8))
        try fixture.index.write {
            _ = try $0.journalMove(sourceName: name, fileHash: SHA256.hex(of: Array(text.utf8)), destination: destination, at: 0)
        }
    }

    /// A journalled move whose name another program took before the move: the file and its
    /// article go to a new name, the other file stays, and nothing is ingested twice.
    @Test func recoveryMovesToANewNameWhenAnotherFileTookIt() throws {
        let fixture = try PipelineFixture()
        try Self.moveBlocked(fixture, name: "a.txt", text: "Taken\n\nThe name this file was given is taken by another file before it moves.\n",
                             destination: "processed/a.txt")
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "processed") == ["a.txt", "a.txt~2"])
        #expect(try String(contentsOfFile: fixture.settings.processedDir + "/a.txt", encoding: .utf8) == "someone else's")
        #expect(try fixture.index.write { try $0.storedFile(of: 1) }?.path == "processed/a.txt~2")
        #expect(try fixture.index.pendingMoves().isEmpty)
        try fixture.drain()
        #expect(try fixture.index.stats().duplicates == 0)
        #expect(fixture.files(in: "duplicates").isEmpty)
    }

    /// The same for a failed file: its note goes with it to the new name, and the note it left
    /// beside the other file is removed.
    @Test func recoveryMovesAFailedFileAndItsNoteToANewName() throws {
        let fixture = try PipelineFixture()
        try Self.moveBlocked(fixture, name: "e.txt", text: "   \n", destination: "failed/e.txt")
        #expect(fixture.files(in: "failed") == ["e.txt", "e.txt.error"], "the note newsd wrote before the move failed")
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.files(in: "failed") == ["e.txt", "e.txt~2", "e.txt~2.error"])
        #expect(try fixture.index.failures(limit: 10).map(\.path) == ["failed/e.txt~2"])
        let note = try String(contentsOfFile: fixture.settings.failedDir + "/e.txt~2.error", encoding: .utf8)
        #expect(note.hasPrefix("file: e.txt\nreason: no text"))
    }

    /// A journalled move whose destination holds the recorded bytes was done; a copy of the
    /// file dropped again under the name stays in the inbox, to be recorded as a duplicate.
    @Test func recoveryCountsAMoveDoneWhenItsNameHoldsTheRecordedFile() throws {
        let fixture = try PipelineFixture()
        let text = "Again\n\nThe same bytes delivered twice under one name.\n"
        fixture.put("b.txt", text)
        try fixture.drain()
        try fixture.index.markMovesDone(try fixture.index.pendingMoves().map(\.id))
        fixture.put("b.txt", text)
        try fixture.index.write { _ = try $0.journalMove(sourceName: "b.txt", fileHash: SHA256.hex(of: Array(text.utf8)), destination: "processed/b.txt", at: 0) }
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox == ["b.txt"])
        #expect(try fixture.index.pendingMoves().isEmpty)
        try fixture.drain()
        #expect(try fixture.index.stats().duplicates == 1)
        #expect(fixture.files(in: "processed") == ["b.txt"])
    }

    /// A stop confirms the moves that finished, so the journal is empty after a clean stop.
    @Test func quiesceConfirmsFinishedMoves() throws {
        let fixture = try PipelineFixture()
        fixture.put("q.txt", "Quiet\n\nA file moved just before the stop.\n")
        try fixture.drain()
        #expect(fixture.inbox.isEmpty)
        fixture.pipeline.quiesce()
        #expect(try fixture.index.pendingMoves().isEmpty)
    }

    /// A journalled file that changed since (other content under the name) is not moved: it
    /// is new content and gets ingested as such.
    @Test func recoveryLeavesChangedContent() throws {
        let fixture = try PipelineFixture()
        fixture.put("a.txt", "Changed\n\nnew content\n")
        try fixture.index.write { _ = try $0.journalMove(sourceName: "a.txt", fileHash: "0123", destination: "processed/a.txt", at: 0) }
        try fixture.pipeline.recoverPendingMoves()
        #expect(fixture.inbox == ["a.txt"])
        #expect(try fixture.index.pendingMoves().isEmpty)
        try fixture.drain()
        #expect(fixture.files(in: "processed") == ["a.txt"])
        #expect(try fixture.index.stats().articles == 1)
    }

    /// Deleted between the scan and the read: no record, nothing moved, no error.
    @Test func vanishedBeforeReadIsForgotten() throws {
        let fixture = try PipelineFixture()
        fixture.put("gone.txt", "Gone\n\nsoon\n")
        fixture.put("kept.txt", "Kept\n\nstays\n")
        fixture.pipeline.refill()
        unlink(fixture.settings.inbox + "/gone.txt")
        try fixture.pipeline.processBatch()
        #expect(fixture.files(in: "processed") == ["kept.txt"])
        let stats = try fixture.index.stats()
        #expect(stats.articles == 1 && stats.failed == 0)
    }

    @Test func countersFollowTheCommit() throws {
        let fixture = try PipelineFixture()
        fixture.put("one.txt", "One\n\nbody one\n")
        try fixture.drain()
        #expect(fixture.pipeline.counters.indexed == 1)
        #expect(fixture.pipeline.counters.batches == 1)
    }

    /// The analysis records each article's tokens and the writer replays them: every FTS
    /// column of every article (title, tags, author, body), over batches analysed ahead.
    @Test func tokensAreRecordedOffTheWriterAndReplayed() throws {
        let fixture = try PipelineFixture { $0.batchFiles = 3 }
        for i in 0..<10 { fixture.put("\(i).txt", "Report number \(i)\n\nThe council met on day \(i) and voted on budget item \(i * 7).\n") }
        try fixture.drain()
        #expect(try fixture.index.stats().articles == 10)
        #expect(fixture.index.replayedColumns == 40)
        #expect(try fixture.index.check().isHealthy)
    }

    @Test func stopTimeoutIsConfigurable() throws {
        let settings = try ConfigFile.parse("stop_timeout = 3.5\n", path: "/x/newsd.conf")
        #expect(settings.stopTimeout == 3.5)
        #expect(Settings().stopTimeout == 20)
    }

    @Test func rankingParametersAreConfigurable() throws {
        let settings = try ConfigFile.parse("bm25_k1 = 1.2\nbm25_b = 0.5\nproximity_weight = 0\n", path: "/x/newsd.conf")
        #expect(settings.weights == RankWeights(k1: 1.2, b: 0.5, proximity: 0))
        #expect(throws: (any Error).self) { try ConfigFile.parse("bm25_b = 1.5\n", path: "/x/newsd.conf") }
        #expect(throws: (any Error).self) { try ConfigFile.parse("bm25_k1 = 0\n", path: "/x/newsd.conf") }
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/newsd.conf").path
        #expect(try ConfigFile.load(example, over: Settings()).weights == RankWeights(), "the example config states the defaults")
        #expect(try ConfigFile.load(example, over: Settings()).queueFiles == Settings().queueFiles)
        #expect(try ConfigFile.parse("queue_files = 64\n", path: "/x/newsd.conf").queueFiles == 64)
        #expect(throws: (any Error).self) { try ConfigFile.parse("queue_files = 0\n", path: "/x/newsd.conf") }
    }

    /// A level newsd does not know is refused, as `--log-level` refuses it (it was taken
    /// silently and logged at info).
    @Test func logLevelMustBeKnown() throws {
        #expect(try ConfigFile.parse("log_level = Debug\n", path: "/x/newsd.conf").logLevel == "debug")
        #expect(throws: (any Error).self) { try ConfigFile.parse("log_level = verbose\n", path: "/x/newsd.conf") }
    }

    @Test func nearDuplicateDetectionTurnsOffAboveOne() throws {
        #expect(try ConfigFile.parse("near_duplicate_threshold = 1.01\n", path: "/x/newsd.conf").nearDuplicateThreshold == 1.01)
        #expect(throws: (any Error).self) { try ConfigFile.parse("near_duplicate_threshold = 0\n", path: "/x/newsd.conf") }
    }
}

@Suite struct StartupCheckTests {
    @Test func garbageDatabaseIsDamaged() throws {
        let path = NSTemporaryDirectory() + "garbage-\(UUID().uuidString.prefix(8)).db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        #expect {
            try StartupCheck.database(at: path)
        } throws: { error in
            "\(error)".contains("is damaged") && "\(error)".contains("newsq check") && "\(error)".contains("newsq export")
        }
    }

    @Test func missingOrHealthyDatabasePasses() throws {
        let path = NSTemporaryDirectory() + "fresh-\(UUID().uuidString.prefix(8)).db"
        try StartupCheck.database(at: path)
        _ = try SQLiteIndex(path: path)
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        try StartupCheck.database(at: path)
    }

    @Test func logValuesAreOneSafeLine() {
        #expect(LogText.quote("a\nb\u{1B}[31m\u{202E}\"") == "\"a b\\e[31m<U+202E>\\\"\"")
    }
}

@Suite struct CrashLeftoverTests {
    /// Regression: a kill during the `.error` note write left a randomly named temp file in
    /// failed/ (Foundation's atomic write); notes are now staged as dot-files removed at start.
    @Test func partialNotesAreRemovedAtStart() throws {
        let fixture = try PipelineFixture()
        let partial = fixture.settings.failedDir + "/.x.txt.error.partial"
        _ = FileManager.default.createFile(atPath: partial, contents: Data("file: x".utf8))
        fixture.pipeline.removeCrashLeftovers()
        #expect(!FileManager.default.fileExists(atPath: partial))
        fixture.put("empty.txt", "")
        try fixture.drain()
        #expect(fixture.files(in: "failed") == ["empty.txt", "empty.txt.error"], "no stray file beside the note")
    }
}
