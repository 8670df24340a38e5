import Foundation
import Logging
import NewsCore
import NewsIndex
#if canImport(Glibc)
import Glibc
#endif

/// Takes ready inbox files in bounded batches: read and parse outside the transaction,
/// decide and write every file of the batch in one transaction, then move the files.
///
/// Order makes it crash-safe by design: a file leaves the inbox only after the transaction
/// that records its outcome (and journals its move) has committed. A crash before the
/// commit leaves the inbox untouched; a crash after it is finished by `recoverPendingMoves`.
public final class IngestPipeline {
    public private(set) var settings: Settings
    let index: SQLiteIndex
    let logger: Logger
    let scanner: InboxScanner
    let mover: FileMover
    var policy: DedupPolicy
    var tracker: ReadinessTracker
    /// Ready files waiting for a batch, oldest scan first; refilled only when empty, so a
    /// large backlog costs one directory scan, not one per batch.
    var queue: ArraySlice<InboxEntry> = []
    /// Ready files the scan that filled `queue` found beyond `settings.queueFiles`: the next
    /// scan, once `queue` is drained, finds them again.
    private var scanLeftOut = 0
    /// Files that arrived after the scan that filled `queue` (or just before it, see
    /// `freshFromScan`), taken ahead of it.
    var fresh = FreshLane()
    /// Scans since start. Articles taken early keep their mtime until a scan of this process
    /// has been drained with no fresh file left behind (see `clearEarlyModifiedIfDone`).
    private var scans = 0
    /// Whether articles may hold an early mtime (unknown at start: assumed).
    private var earlyModifiedMayExist = true
    /// Unreadable files and when to try them again (nanoseconds).
    var retryAt: [[UInt8]: Int64] = [:]
    /// Files whose move failed after commit; left alone until a recovery moves them.
    var stuck: Set<[UInt8]> = []
    /// Journalled moves done since the last commit, confirmed in the next transaction.
    var movesToConfirm: [Int64] = []
    public private(set) var counters = IngestCounters()
    /// Test-only faults (`NEWSD_FAULT`); empty in production.
    public var faults = FaultPlan()
    /// Batches attempted since start (the fault plan counts these, from 1).
    private var batchNumber = 0
    /// The next batch, read and being analysed on other cores while this one commits.
    private var prefetched: Prefetch?
    /// The last committed batch's file moves, done on the background queue while the next
    /// batch is written; their outcomes are applied by `settleMoves`.
    private var movesInFlight: MoveJob?
    /// Where analysis and moves run, one job after another: on two cores a third runnable
    /// thread would take its time from the writer. Being serial also keeps the analysis's
    /// destination checks sound (`PreparedFile.freeDestination`).
    private let background = DispatchQueue(label: "newsd.analysis")
    /// Copies the WAL into the database on the background queue behind a backlog (nil: the
    /// writer's commits checkpoint, as SQLite does by default).
    private let checkpointer: BackgroundCheckpointer?
    /// The background checkpoint last started.
    private var checkpointInFlight: DispatchGroup?
    /// Behind a backlog the WAL may grow to this many pages (64 MB of 4 KB pages) before the
    /// writer checkpoints the rest itself, so that the next batch starts the WAL over.
    static let walLimitPages = 16_384
    /// Behind a backlog the background checkpoint starts once the WAL holds this many pages
    /// (32 MB, as SQLite's own checkpoints here: `SQLiteIndex.autoCheckpointPages`), not after every batch: pages that
    /// successive batches rewrite (the staged tiers, index interiors, FTS5's structure) are
    /// copied into the database once per checkpoint (a tenth fewer bytes written than after
    /// every batch; docs/performance.md). Tests change it.
    var checkpointAfterPages = Int(SQLiteIndex.autoCheckpointPages)
    /// Tokenizes articles for the FTS index on the analysis cores (nil: the writer does it).
    let recorder: TokenRecorder?
    /// Files that crashed newsd before (see `CrashNotes`).
    var crashNotes: CrashNotes

    public init(settings: Settings, index: SQLiteIndex, logger: Logger) {
        self.settings = settings
        self.index = index
        self.logger = logger
        self.scanner = InboxScanner(inbox: settings.inbox)
        self.mover = FileMover(inbox: settings.inbox, stateDir: settings.stateDir)
        self.policy = DedupPolicy(nearThreshold: settings.nearDuplicateThreshold)
        self.tracker = ReadinessTracker(settleDelay: settings.settleDelay)
        do {
            self.checkpointer = try BackgroundCheckpointer(path: index.path)
        } catch {
            self.checkpointer = nil
            logger.warning("no background checkpoints: the writer copies the WAL into the database itself", metadata: ["error": "\(error)"])
        }
        self.crashNotes = CrashNotes(stateDir: settings.stateDir)
        do {
            self.recorder = try TokenRecorder()
        } catch {
            self.recorder = nil
            logger.warning("cannot tokenize off the writer thread; ingest goes on, slower", metadata: ["error": "\(error)"])
        }
        startCrashGuard()
    }

    /// Forgets noted files no longer in the inbox, compacts the notes, installs their signal
    /// handlers and says what becomes of the files still noted.
    private func startCrashGuard() {
        forgetNotesOfGoneFiles()
        do { try crashNotes.compact() } catch { logger.warning("\(error)") }
        if let problem = crashNotes.install() {
            logger.warning("crash guard off: a file that crashes newsd will be retried at every start", metadata: ["reason": "\(problem)"])
        }
        for (suspect, entry) in crashNotes.entries {
            let file = LogText.quote(String(decoding: suspect.name, as: UTF8.self))
            if entry.isSetAside {
                logger.error("this file crashed newsd; it is set aside in failed/ unparsed",
                             metadata: ["file": "\(file)", "crashes": "\(entry.crashes)", "signal": "\(CrashNotes.signalName(entry.signal))"])
            } else {
                logger.warning("this file crashed newsd; it is tried once more, alone", metadata: ["file": "\(file)", "signal": "\(CrashNotes.signalName(entry.signal))"])
            }
        }
    }

    /// Takes new tunables (after SIGHUP); paths stay as they were.
    public func apply(_ fresh: Settings) {
        settings = fresh
        policy = DedupPolicy(nearThreshold: fresh.nearDuplicateThreshold)
        tracker.settleDelayNanos = Int64(fresh.settleDelay * 1e9)
    }

    /// Events of the open transaction, logged once it has committed (a rolled-back batch
    /// must not log outcomes that never happened).
    private var committedEvents: [(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata)] = []

    /// The metadata is built only when the level is logged (titles are sanitised per article).
    private func logAfterCommit(_ level: Logger.Level, _ message: Logger.Message, metadata: @autoclosure () -> Logger.Metadata) {
        guard level >= logger.logLevel else { return }
        committedEvents.append((level, message, metadata()))
    }

    /// Called with each subfolder a scan walks (the daemon watches them with inotify).
    public var directoryFound: (([UInt8]) -> Void)?
    /// Folders the scan found too deep to walk, warned about once each.
    private var tooDeepWarned = Set<[UInt8]>()
    /// False while the inbox folder is missing (said once when it goes, once when it is back).
    private var inboxExists = true

    /// A missing inbox scans as empty: say so, instead of idling silently.
    private func noteWhetherTheInboxExists() {
        var info = stat()
        let exists = stat(settings.inbox, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
        guard exists != inboxExists else { return }
        inboxExists = exists
        if exists {
            logger.notice("inbox is back", metadata: ["inbox": "\(LogText.quote(settings.inbox))"])
        } else {
            logger.warning("inbox missing: nothing to take until it is back", metadata: ["inbox": "\(LogText.quote(settings.inbox))"])
        }
    }

    /// Waits for background analysis and moves to finish, and confirms the finished moves
    /// (before the process exits).
    public func quiesce() {
        prefetched?.group.wait()
        settleMoves()
        checkpointInFlight?.wait()
        // Finished moves are confirmed by the next batch; at a stop there is none, and the
        // journal would keep them for the next start's recovery to look at.
        if !movesToConfirm.isEmpty, (try? index.markMovesDone(movesToConfirm)) != nil { movesToConfirm.removeAll() }
    }

    /// True when ready files wait for a batch: queued, or left by the last scan for the next
    /// one. Fresh files do not count: once the queue is empty the batch loop ends and the next
    /// scan takes them in order, so a steady trickle cannot keep newsd from scanning.
    public var hasBacklog: Bool { !queue.isEmpty || prefetched != nil || scanLeftOut > 0 }

    /// Notes a file event (from inotify): being written, or complete. A file complete while
    /// scanned files wait joins the fresh lane (see `FreshLane`).
    public func noteEvent(relativePath: [UInt8], complete: Bool) {
        guard complete else { return tracker.noteWriting(relativePath, now: Clock.nowNanos()) }
        tracker.noteCompleted(relativePath)
        if !queue.isEmpty, freshPerBatch > 0 { fresh.notice(relativePath) }
    }

    /// Fresh files added to each batch while a backlog drains: at most 64 and half of a batch,
    /// by count and by bytes, so the backlog keeps its pace (none with batches of one file).
    var freshPerBatch: Int { min(64, settings.batchFiles / 2) }

    /// Scans the inbox when the queue is empty and queues the files that are ready: the
    /// `queueFiles` to take first, oldest mtime first (then by name), so a backlog drains in
    /// arrival order and of two copies of an article the one that arrived first is indexed,
    /// whatever order readdir gives. A larger backlog is scanned again once these are taken.
    public func refill() {
        guard queue.isEmpty, prefetched == nil else { return }
        queue = []  // a drained slice still holds the entries taken from it
        settleMoves()  // a file still being moved must not be scanned as new
        let now = Clock.nowNanos()
        let noticed = tracker.completed  // `finishScan` forgets them
        noteWhetherTheInboxExists()
        var oldest = OldestEntries(limit: max(1, settings.queueFiles))
        // At a rescan for the next part of a backlog, the files named since the last scan arrived
        // while the backlog drained: as many as the lane would have noticed go ahead of the rest.
        let namedLimit = scanLeftOut > 0 ? FreshLane.noticeLimit : freshPerBatch
        var named = NamedAlone(limit: noticed.isEmpty || freshPerBatch == 0 ? 0 : namedLimit)
        scanner.forEachEntry(visitingDirectories: { directoryFound?($0) }, skippingTooDeep: { folder in
            guard tooDeepWarned.insert(folder).inserted else { return }
            logger.warning("folder too deep: its files are not taken (move them up)",
                           metadata: ["folder": "\(LogText.quote(String(decoding: folder, as: UTF8.self)))", "levels": "\(scanner.maxDepth)"])
        }) { entry in
            guard tracker.isReady(entry, now: now), !stuck.contains(entry.relativePath) else { return }
            if let at = retryAt[entry.relativePath], at > now { return }
            if noticed.contains(entry.relativePath), !isSuspect(entry), entry.size <= freshBytes {
                named.add(entry, overflowingInto: &oldest)
            } else {
                oldest.offer(entry)
            }
        }
        let waiting = tracker.finishScan()
        let arrived = freshFromScan(named, beside: &oldest)
        let leftOut = oldest.leftOut
        queue = oldest.sorted()[...]
        // Before the lane starts over: it tells whether every file it noticed was taken.
        clearEarlyModifiedIfDone(previousScanWasWhole: scanLeftOut == 0)
        scanLeftOut = leftOut
        fresh.reset(queue: queue)
        for name in arrived.map(\.relativePath).sorted(by: { $0.lexicographicallyPrecedes($1) }) { fresh.notice(name) }
        scans += 1
        if leftOut > 0 || scans == 1 || !queue.isEmpty {
            let seconds = Double(Clock.nowNanos() - now) / 1e9
            logger.debug("inbox scanned", metadata: ["queued": "\(queue.count)", "fresh": "\(fresh.count)", "left_for_next_scan": "\(leftOut)",
                                                     "waiting": "\(waiting)", "seconds": "\(String(format: "%.2f", seconds))"])
        }
        counters.waiting = waiting
        counters.backlog = backlogCount
        if !stuck.isEmpty { try? recoverPendingMoves() }
    }

    /// Files waiting for a batch: queued, in the fresh lane, or left for the next scan.
    private var backlogCount: Int { queue.count + fresh.count + scanLeftOut }

    /// The order files are taken in: oldest mtime first, then by name.
    static func takenBefore(_ a: InboxEntry, _ b: InboxEntry) -> Bool {
        a.modified != b.modified ? a.modified < b.modified : a.relativePath.lexicographicallyPrecedes(b.relativePath)
    }

    /// Of the files a scan found ready, the few inotify named one by one, while more than a
    /// batch of others (there since start, or arrived in a folder renamed in) wait: those few
    /// arrived just now, and go to the fresh lane rather than behind the others. Many named
    /// files (a copy into the inbox file by file) stay in order, and so do files the lane
    /// would not take (suspects, and files larger than its share of a batch). Returns the
    /// files for the lane; the others are offered to `oldest`.
    private func freshFromScan(_ named: NamedAlone, beside oldest: inout OldestEntries) -> [InboxEntry] {
        if !named.entries.isEmpty, oldest.offered > settings.batchFiles { return named.entries }
        for entry in named.entries { oldest.offer(entry) }
        return []
    }

    /// Clears the early mtimes once they can no longer matter: at a scan after one of this
    /// process's scans was drained (all files waiting at start have been taken) with no fresh
    /// file left for the new scan (a fresh file waiting may be an older version of one taken
    /// early), and queued every ready file it found (the files it left out were ready before
    /// the fresh ones). Failing, it is tried again at the next scan.
    private func clearEarlyModifiedIfDone(previousScanWasWhole: Bool) {
        guard earlyModifiedMayExist, scans > 0, previousScanWasWhole, fresh.isEmpty, !fresh.leftFilesBehind else { return }
        do {
            let cleared = try index.clearEarlyModified()
            earlyModifiedMayExist = false
            if cleared > 0 { logger.debug("early mtimes cleared", metadata: ["articles": "\(cleared)"]) }
        } catch {
            logger.warning("could not clear early mtimes; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Processes one batch from the queue. Returns the number of files handled.
    /// Throws on database failures: the batch is rolled back and its files stay in the inbox.
    @discardableResult
    public func processBatch() throws -> Int {
        if scanLeftOut > 0 { refill() }  // the queue held the first part of a larger backlog
        let (batch, prepared) = takePrepared()
        guard !batch.isEmpty else {
            // The backlog can end on an empty batch too (the files left for a rescan were gone).
            if !hasBacklog { endBacklog() }
            return 0
        }
        batchNumber += 1
        let number = batchNumber
        // Nothing is parsed beside a suspect's transaction either.
        if !isTakenAlone(batch) { startPrefetch() }
        logger.debug("batch read", metadata: ["batch": "\(number)", "files": "\(prepared.count)"])
        faults.fire(.crashInParse, batch: number)
        let now = Clock.nowSeconds()
        let before = counters
        var moves: [PlannedMove] = []
        if index.walFrames > Self.walLimitPages {
            checkpointInFlight?.wait()
            index.checkpointNow()
        }
        do {
            moves = try index.write { writer in
                try writer.markMovesDone(movesToConfirm)
                // Destinations still journalled (moves that failed and wait) are taken too.
                var reserved = FileMover.Reservations(pending: try index.pendingMoves().map(\.destination))
                var planned: [PlannedMove] = []
                for file in prepared {
                    planned.append(try record(file, in: writer, at: now, reserved: &reserved))
                }
                if !prepared.isEmpty { try writer.setMeta("last_ingest", ISO8601.format(epochSeconds: now)) }
                faults.fire(.slowBatch, batch: number)
                faults.fire(.wedgeInBatch, batch: number)
                faults.fire(.crashBeforeCommit, batch: number)
                return planned
            }
        } catch {
            // Nothing was recorded: the files stay queued for the next attempt, the counters as
            // they were, and the events of the rolled-back batch are not logged.
            committedEvents.removeAll()
            queue = batch[...] + abandonPrefetch() + queue
            counters = IngestCounters(keepingProgressOf: before, current: counters)
            throw error
        }
        faults.fire(.crashAfterCommit, batch: number)
        if !crashNotes.names.isEmpty {
            // Committed (indexed, or set aside as a failure): no longer a suspect.
            do { try crashNotes.forget(names: moves.map(\.entry.relativePath)) } catch { logger.warning("\(error)") }
        }
        for event in committedEvents { logger.log(level: event.level, event.message, metadata: event.metadata) }
        committedEvents.removeAll()
        movesToConfirm.removeAll()
        counters.batches += 1
        logger.debug("batch committed", metadata: ["batch": "\(number)", "files": "\(moves.count)", "taken": "\(batch.count)"])
        settleMoves()
        startMoves(moves, batch: number)
        // The batch's texts and recordings (thousands of allocations) are freed behind the
        // moves, on the background queue, not by the writer (1–2% of its time).
        background.async { withExtendedLifetime(prepared) {} }
        if hasBacklog { startCheckpoint() } else { endBacklog() }
        counters.backlog = backlogCount
        return batch.count
    }

    /// Forgets the crash notes of files no longer in the inbox (moved by a recovery, or removed).
    private func forgetNotesOfGoneFiles() {
        guard !crashNotes.names.isEmpty else { return }
        let gone = crashNotes.names.filter { name in
            var info = stat()
            return lstat(scanner.path(of: name), &info) != 0
        }
        do { try crashNotes.forget(names: gone) } catch { logger.warning("\(error)") }
    }

    /// Removes what a crash can leave half-written in the state folders (`.NAME.error.partial`).
    public func removeCrashLeftovers() { mover.removePartialNotes() }

    /// Finishes moves journalled by a commit that the process did not live to complete.
    ///
    /// A journalled move is done when its destination exists. Otherwise the inbox file it
    /// names is moved if it is still the file that was recorded: same SHA-256 for a file that
    /// was read, or still not a regular file (or still over the size cap) for one rejected
    /// without reading. A file changed since is left in the inbox and ingested as new.
    /// Names are matched as journalled (invalid UTF-8 replaced), so odd names recover too.
    public func recoverPendingMoves() throws {
        // It places files outside the batches' order: a prefetch analysed before it could
        // hold destination checks it made stale (`PreparedFile.freeDestination`).
        assert(prefetched == nil, "moves recovered while a batch is prefetched")
        let pending = try index.pendingMoves()
        guard !pending.isEmpty else { return }
        // Only the journalled names are kept: a crash behind a large backlog leaves a large inbox.
        let sources = Set(pending.map(\.sourceName))
        var inboxByName: [String: [InboxEntry]] = [:]
        scanner.forEachEntry { entry in
            let name = entry.displayName
            if sources.contains(name) { inboxByName[name, default: []].append(entry) }
        }
        var done: [Int64] = []
        var stillStuck = Set<[UInt8]>()
        defer { stuck = stillStuck }  // a file that is gone no longer blocks its name
        var reserved = FileMover.Reservations(pending: pending.map(\.destination))
        for var move in pending {
            let taken = FileManager.default.fileExists(atPath: settings.stateDir + "/" + move.destination)
            if taken {
                // Moved before the crash, not yet confirmed; if the crash came between link and
                // unlink, the inbox name is the same file: drop just that name.
                for entry in inboxByName[move.sourceName] ?? [] where mover.isSameFile(source: scanner.path(of: entry), destination: move.destination) {
                    unlink(scanner.path(of: entry))
                    tracker.forget(entry.relativePath)
                    inboxByName[move.sourceName]?.removeAll { $0.relativePath == entry.relativePath }
                }
            }
            guard let entry = (inboxByName[move.sourceName] ?? []).first(where: { isRecorded($0, as: move) }) else {
                done.append(move.id)  // moved, or gone or changed since: nothing left to move
                continue
            }
            if taken {
                // The name holds the recorded bytes: moved, and this is a copy dropped again.
                if holdsRecordedFile(move, recorded: entry) {
                    done.append(move.id)
                    continue
                }
                guard redirect(&move, reserved: &reserved) else {
                    stillStuck.insert(entry.relativePath)  // not scanned as new: the next recovery tries again
                    continue
                }
            }
            if move.destination.hasPrefix("failed/"),
               !FileManager.default.fileExists(atPath: settings.stateDir + "/" + move.destination + ".error") {
                mover.writeErrorNote(for: move.destination, sourceName: move.sourceName, reason: recordedReason(of: move))
            }
            if let problem = mover.move(source: scanner.path(of: entry), to: move.destination) {
                if !stuck.contains(entry.relativePath) {  // once, not at every retry
                    logger.error("move failed; file kept in the inbox", metadata: ["file": "\(LogText.quote(move.sourceName))", "reason": "\(problem)"])
                }
                stillStuck.insert(entry.relativePath)
                continue
            }
            logger.notice("recovered move", metadata: ["file": "\(LogText.quote(move.sourceName))", "to": "\(LogText.quote(move.destination))"])
            tracker.forget(entry.relativePath)
            inboxByName[move.sourceName]?.removeAll { $0.relativePath == entry.relativePath }
            done.append(move.id)
        }
        try index.markMovesDone(done)
        // A file committed just before a crash (and so never forgotten) has just been moved.
        forgetNotesOfGoneFiles()
    }

    /// Gives a move whose name another program took before it a new name, with the records
    /// of its file (rather than the file being ingested again as a copy of itself). False
    /// when the new name could not be recorded.
    private func redirect(_ move: inout SQLiteIndex.PendingMove, reserved: inout FileMover.Reservations) -> Bool {
        let folder = String(move.destination.prefix { $0 != "/" })
        let destination = mover.destination(folder: folder, relativeName: move.sourceName, reserved: &reserved)
        do {
            try index.write { try $0.redirectMove(id: move.id, fileHash: move.fileHash, from: move.destination, to: destination) }
        } catch {
            logger.warning("could not record a new name; file kept in the inbox",
                           metadata: ["file": "\(LogText.quote(move.sourceName))", "error": "\(error)"])
            return false
        }
        logger.warning("destination taken by another file; moving to a new name",
                       metadata: ["file": "\(LogText.quote(move.sourceName))", "taken": "\(LogText.quote(move.destination))",
                                  "to": "\(LogText.quote(destination))"])
        if folder == "failed" { mover.removeNote(of: move.destination, ifAbout: move.sourceName) }
        move.destination = destination
        return true
    }

    /// True when the move's destination holds the file it recorded (`recorded`, the inbox
    /// entry with its bytes): the same bytes, or for a file rejected unread (hash "-"), what
    /// such a file is (not a regular file, or one over the size cap). Sizes are compared
    /// first, so a large file another program put there is not read.
    private func holdsRecordedFile(_ move: SQLiteIndex.PendingMove, recorded: InboxEntry) -> Bool {
        let path = Array((settings.stateDir + "/" + move.destination).utf8CString)
        guard let held = FileReader.signature(path) else { return false }
        let regular = held.type == UInt32(S_IFREG)
        if move.fileHash == "-" { return !regular || held.size > settings.maxFileBytes }
        guard regular, held.size == recorded.size, case .bytes(let bytes, _) = FileReader.read(path, maxBytes: recorded.size) else {
            return false
        }
        return SHA256.hex(of: bytes) == move.fileHash
    }

    /// True when the inbox entry is the file a journalled move recorded.
    private func isRecorded(_ entry: InboxEntry, as move: SQLiteIndex.PendingMove) -> Bool {
        if move.fileHash == "-" {  // rejected without reading: not a regular file, or too large
            return entry.kind != .regular || entry.size > settings.maxFileBytes
        }
        guard entry.kind == .regular, case .bytes(let bytes, _) = FileReader.read(scanner.path(of: entry), maxBytes: Int.max) else {
            return false
        }
        return SHA256.hex(of: bytes) == move.fileHash
    }

    /// The failure reason recorded for a journalled move to `failed/`.
    private func recordedReason(of move: SQLiteIndex.PendingMove) -> String {
        let recent = (try? index.failures(limit: 4096)) ?? []
        return recent.first { $0.path == move.destination }?.reason ?? "see `newsq stats` (reason recorded in the index)"
    }

    // MARK: Steps

    /// A file read and parsed, ready for the transaction.
    struct PreparedFile {
        var entry: InboxEntry
        var hash: String
        /// The file's identity when it was read, or just before the transaction for a file
        /// rejected unread (`unread`): what its move checks (`isStill`).
        var signature: FileSignature
        var result: Result<ParsedDocument, Rejection>
        /// A reason that is not a parse rejection (not a regular file, set aside, …) and its code.
        var otherFailure: (reason: String, code: String)?
        /// The parsed articles with their index keys (filled by `analyse`).
        var records: [ArticleRecord] = []
        /// Its first-choice place in processed/, found free when it was analysed (`load`).
        /// Every move of this process that could have taken that name (or a folder of that
        /// name) since is still journalled, and so among the transaction's reservations
        /// (`FileMover.Reservations(pending:)`): a move stays journalled until the second
        /// batch after its own confirms it; a prefetched batch is analysed on the serial
        /// background queue after the moves of the batch before the one committing, the files
        /// the writer's thread takes from it (`BatchAnalysis.work`) and a batch loaded on that
        /// thread after them too (`settleMoves`); recoveries run
        /// only with no prefetch outstanding. Anything else writing into processed/ in the
        /// meantime makes the move fail with the file kept in the inbox (as a name taken
        /// between the check and the move always did; the window is now about two batches).
        var freeDestination: String?

        /// Its move to `destination` (journal entry `journalID`) once the transaction commits.
        func move(to destination: String, journalID: Int64, failureReason: String? = nil) -> PlannedMove {
            PlannedMove(entry: entry, destination: destination, journalID: journalID, failureReason: failureReason, signature: signature, hash: hash)
        }
    }

    /// Where a file goes once the transaction commits.
    struct PlannedMove {
        var entry: InboxEntry
        var destination: String
        var journalID: Int64
        var failureReason: String?
        /// The identity the file had when read, or just before the transaction for a file not
        /// read (a link, a FIFO, a file over the cap): a different file under the name is not moved.
        var signature: FileSignature
        /// The SHA-256 of what was read ("-" when not read): a file only touched since is moved
        /// when its content is still this.
        var hash: String
    }

    /// True when `entry`'s name is in the crash notes: it is taken alone.
    private func isSuspect(_ entry: InboxEntry) -> Bool { !crashNotes.names.isEmpty && crashNotes.names.contains(entry.relativePath) }

    /// True for a suspect's batch (see `takeBatch`): parsed and written with nothing beside it.
    private func isTakenAlone(_ batch: [InboxEntry]) -> Bool { batch.count == 1 && isSuspect(batch[0]) }

    private func takeBatch() -> [InboxEntry] {
        if let next = queue.first, isSuspect(next) {
            queue = queue.dropFirst()
            return [next]
        }
        let arrived = takeFresh()
        var batch: [InboxEntry] = []
        var bytes = arrived.reduce(0) { $0 + min($1.size, settings.maxFileBytes) }
        // At least one queued file whatever the fresh ones took: the backlog always advances.
        while let next = queue.first, batch.count + arrived.count < settings.batchFiles, !isSuspect(next),
              batch.isEmpty || bytes + min(next.size, settings.maxFileBytes) <= settings.batchBytes {
            batch.append(next)
            bytes += min(next.size, settings.maxFileBytes)
            queue = queue.dropFirst()
        }
        // Inside a batch files are decided in the order they would have been taken: an older
        // version in the lane beside a newer one from the queue must not replace it.
        return arrived.isEmpty ? batch : (batch + arrived).sorted(by: Self.takenBefore)
    }

    /// The bytes fresh files may take of a batch.
    private var freshBytes: Int { settings.batchBytes / 2 }

    /// Up to `freshPerBatch` files of the fresh lane, up to `freshBytes` in all, that can be
    /// taken now. A noticed file that has gone, is larger than `freshBytes`, is a suspect (taken
    /// alone), waits for a retry or is not a file name newsd takes is left to the next scan;
    /// one being written again waits for its next notice.
    private func takeFresh() -> [InboxEntry] {
        let budget = freshBytes
        var taken: [InboxEntry] = []
        var bytes = 0
        while taken.count < freshPerBatch, let name = fresh.take() {
            if tracker.isBeingWritten(name) {
                fresh.release(name)
                fresh.leftBehind()
                continue
            }
            guard !stuck.contains(name), (retryAt[name] ?? 0) <= Clock.nowNanos(), let entry = scanner.entry(at: name), !isSuspect(entry),
                  entry.size <= budget else {
                fresh.leftBehind()  // taken by a later scan: its early mtimes must wait for it
                continue
            }
            if bytes + entry.size > budget {
                fresh.putBack(name)
                break
            }
            taken.append(entry)
            bytes += entry.size
        }
        if !taken.isEmpty { earlyModifiedMayExist = true }
        return taken
    }

    /// A batch taken from the queue whose files are being read and analysed on other cores.
    private struct Prefetch {
        var batch: [InboxEntry]
        var group: DispatchGroup
        var analysis: BatchAnalysis
    }

    /// One inbox entry as the analysis queue found it. Pipeline state is applied later, in `admit`.
    enum LoadedFile {
        /// Read whole and analysed (the analysis carries the identity the file had when read).
        case analysed(PreparedFile)
        /// Not read: not a regular file, or the read's outcome (too large, vanished, unreadable).
        case notRead(InboxEntry, FileReader.Outcome?)
    }

    /// The next batch and its analysed files: the prefetched one if any, else loaded now.
    private func takePrepared() -> (batch: [InboxEntry], prepared: [PreparedFile]) {
        if let next = prefetched {
            prefetched = nil
            next.analysis.work()  // the files the analysis queue has not taken yet
            next.analysis.waitUntilDone()
            return (next.batch, next.analysis.files.compactMap(admit))
        }
        let batch = takeBatch()
        // A suspect is parsed on this thread while nothing else is (no prefetch is started
        // beside it): a crash then can only be its own.
        return (batch, Self.load(batch, paths: batch.map(scanner.path(of:)), maxBytes: settings.maxFileBytes, recorder: recorder,
                                 guarding: crashGuard, threads: isTakenAlone(batch) ? 1 : nil, mover: mover).compactMap(admit))
    }

    /// Reads and analyses the following batch on other cores, so file I/O and parsing
    /// overlap the current batch's transaction.
    private func startPrefetch() {
        // A suspect is read when its turn comes, alone (see `takePrepared`).
        if let next = queue.first, isSuspect(next) { return }
        let batch = takeBatch()
        guard !batch.isEmpty else { return }
        let analysis = BatchAnalysis(batch, paths: batch.map(scanner.path(of:)), maxBytes: settings.maxFileBytes,
                                     recorder: recorder, guarding: crashGuard, mover: mover)
        let group = DispatchGroup()
        background.async(group: group) { @Sendable in analysis.run(threads: Self.analysisThreads) }
        prefetched = Prefetch(batch: batch, group: group, analysis: analysis)
    }

    /// Drops the prefetched batch (after a failed commit); returns its files to requeue.
    private func abandonPrefetch() -> ArraySlice<InboxEntry> {
        guard let next = prefetched else { return [] }
        next.group.wait()
        prefetched = nil
        return next.batch[...]
    }

    /// Recorded tokens one batch may hold (about 2 MB for 512 news articles of typical length).
    static let recordingBudget = 8 * 1024 * 1024

    /// Threads that analyse a batch while the writer commits the one before: every core but
    /// the writer's (on two cores a third runnable thread took a third of the writer's core).
    static let analysisThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// What the analysis threads need from the crash guard: the files to set aside unparsed,
    /// and the test-only faults.
    struct CrashGuard: Sendable {
        /// The files to set aside unparsed, by name and hash.
        var setAside: [CrashNotes.Suspect: CrashNotes.Entry] = [:]
        var faults = FaultPlan()
    }

    /// The crash guard as the next batches' analysis sees it.
    var crashGuard: CrashGuard { CrashGuard(setAside: crashNotes.entries.filter(\.value.isSetAside), faults: faults) }

    /// Reads, hashes, parses, tokenizes and derives the index keys of a batch's regular files
    /// on `threads` threads (all cores when nil). Pure: no pipeline state is touched, so it may
    /// run while the previous batch commits. Files `guarding` sets aside are read and hashed,
    /// never parsed; every other file is parsed with its thread noted as handling it. With
    /// `mover`, each parsed file's first-choice place in processed/ is checked too.
    static func load(_ entries: [InboxEntry], paths: [[CChar]], maxBytes: Int, recorder: TokenRecorder?,
                     guarding: CrashGuard = CrashGuard(), threads: Int? = nil, mover: FileMover? = nil) -> [LoadedFile] {
        let analysis = BatchAnalysis(entries, paths: paths, maxBytes: maxBytes, recorder: recorder, guarding: guarding, mover: mover)
        analysis.run(threads: threads)
        return analysis.files
    }

    /// Parses one file's bytes (`hash`: their SHA-256), derives its articles' index keys and tokenizes them.
    static func analyse(_ bytes: [UInt8], entry: InboxEntry, signature: FileSignature, recorder: TokenRecorder?,
                        budget: TokenRecorder.Budget? = nil, hash: String) -> PreparedFile {
        var file = PreparedFile(entry: entry, hash: hash, signature: signature, result: ArticleParser.parse(bytes, fileName: entry.displayName))
        if case .success(let document) = file.result {
            file.records = document.articles.enumerated().map {
                var record = ArticleRecord(article: $0.element, filePath: "", sourceName: entry.displayName, fileHash: hash, itemIndex: $0.offset)
                record.tokens = recorder?.record(record.article, within: budget)
                return record
            }
        }
        return file
    }

    /// Applies the pipeline's state to a loaded file: the file for the transaction, or nil when
    /// it is to be left in the inbox for now (changed since the scan, gone, or unreadable).
    private func admit(_ loaded: LoadedFile) -> PreparedFile? {
        switch loaded {
        case .analysed(let file):
            let entry = file.entry
            retryAt[entry.relativePath] = nil
            if file.signature != entry.signature || tracker.isBeingWritten(entry.relativePath) {
                // Written to since the scan judged it complete: leave it for the next scan.
                tracker.forget(entry.relativePath)
                return nil
            }
            return file
        case .notRead(let entry, nil):
            let reason = FileReader.describe(kind: entry.kind)
            return unread(entry, result: .failure(.empty), otherFailure: (reason, "not-regular"))
        case .notRead(let entry, .tooLarge(let size)):
            return unread(entry, result: .failure(Rejection.tooLarge(bytes: size, limit: settings.maxFileBytes)))
        case .notRead(let entry, .notRegular(let reason)):
            return unread(entry, result: .failure(.empty), otherFailure: (reason, "not-regular"))
        case .notRead(let entry, .vanished), .notRead(let entry, .bytes):  // bytes are never left unanalysed
            tracker.forget(entry.relativePath)
            return nil
        case .notRead(let entry, .unreadable(let reason)):
            if retryAt[entry.relativePath] == nil {
                counters.unreadable += 1
                logger.warning("unreadable, will retry", metadata: ["file": "\(LogText.quote(entry.displayName))", "reason": "\(reason)"])
            }
            retryAt[entry.relativePath] = Clock.nowNanos() + Int64(max(5, settings.interval * 5) * 1e9)
            return nil
        }
    }

    /// The place recorded for the file of the stored articles that every item of `file`
    /// exactly duplicates, when that place is empty: `file` is their file, under another name
    /// (same bytes). Nil otherwise, and for a place a journalled move still holds.
    private func orphanedPlace(of file: PreparedFile, decided: [DedupDecision], in writer: IndexWriter,
                               reserved: FileMover.Reservations) throws -> String? {
        var place: String?
        for decision in decided {
            guard case .duplicate(let original, .exact, _) = decision, original > 0,
                  let stored = try writer.storedFile(of: original), stored.hash == file.hash, place == nil || place == stored.path else {
                return nil
            }
            place = stored.path
        }
        guard let place, place.hasPrefix("processed/"), !reserved.names.contains(place) else { return nil }
        var info = stat()
        return lstat(settings.stateDir + "/" + place, &info) != 0 && errno == ENOENT ? place : nil
    }

    /// A file rejected without reading, with the identity it has now (what its move checks:
    /// see `finish`); nil when it is gone.
    private func unread(_ entry: InboxEntry, result: Result<ParsedDocument, Rejection>, otherFailure: (reason: String, code: String)? = nil)
        -> PreparedFile? {
        guard let now = FileReader.signature(scanner.path(of: entry)) else {
            tracker.forget(entry.relativePath)
            return nil
        }
        return PreparedFile(entry: entry, hash: "-", signature: now, result: result, otherFailure: otherFailure)
    }

    private func record(_ file: PreparedFile, in writer: IndexWriter, at now: Int64, reserved: inout FileMover.Reservations) throws -> PlannedMove {
        try CrashNotes.working(on: file.entry.relativePath, hash: file.hash) {
            faults.onMarker(.writing, in: file.records.first?.article.body.utf8)
            return try recordNoted(file, in: writer, at: now, reserved: &reserved)
        }
    }

    private func recordNoted(_ file: PreparedFile, in writer: IndexWriter, at now: Int64, reserved: inout FileMover.Reservations) throws -> PlannedMove {
        let name = file.entry.displayName
        switch file.result {
        case .success where file.otherFailure == nil:
            break
        case .success, .failure:
            let reason: String
            let code: String
            if let other = file.otherFailure {
                (reason, code) = other
            } else if case .failure(let rejection) = file.result {
                (reason, code) = (rejection.description, rejection.code)
            } else {
                (reason, code) = ("unknown", "unknown")
            }
            let destination = mover.destination(folder: "failed", relativeName: name, reserved: &reserved)
            try writer.recordFailure(FailureRecord(sourceName: name, filePath: destination, fileHash: file.hash, reasonCode: code, reason: reason), at: now)
            let id = try writer.journalMove(sourceName: name, fileHash: file.hash, destination: destination, at: now)
            counters.failed += 1
            logAfterCommit(.warning, "failed", metadata: ["file": "\(LogText.quote(name))", "reason": "\(reason)"])
            return file.move(to: destination, journalID: id, failureReason: reason)
        }

        // Decide every article first: the folder (processed/ or duplicates/) depends on all of them.
        var records: [(ArticleRecord, DedupDecision)] = []
        // Items of the same file are decided before any is written: an item repeating an
        // earlier one's text or URL refers to it by position (a negative id, resolved below).
        var decidedKeys: [String: Int] = [:]
        var decidedURLs: [String: Int] = [:]
        // Earlier items of this file to be inserted, for near duplicates among the file's own
        // items (the index cannot find them: none is written yet).
        var newItems = FileItems()
        for (position, record) in file.records.enumerated() {
            var decision = try policy.decide(record, modified: file.entry.modified, in: writer)
            if decision == .insert, let earlier = decidedKeys[record.contentKey] {
                decision = .duplicate(of: -Int64(earlier) - 1, kind: .exact, similarity: 1)
            } else if decision == .insert, let key = record.urlKey, let earlier = decidedURLs[key] {
                decision = .update(id: -Int64(earlier) - 1)
            } else if decision == .insert, let signature = record.minHash, let near = policy.nearest(to: signature, among: newItems) {
                decision = .duplicate(of: -Int64(near.position) - 1, kind: .near, similarity: near.similarity)
            }
            // Kept for the file's later items only (none follows a file's last or only item).
            if decision == .insert, position < file.records.count - 1, let signature = record.minHash {
                newItems.append(position: position, signature: signature)
            }
            // Only an item that is or updates an article stands for its text and URL: a later
            // item with the URL of one folded as a duplicate must not update that one's article.
            if case .duplicate = decision {} else {
                decidedKeys[record.contentKey] = decidedKeys[record.contentKey] ?? position
                if let key = record.urlKey { decidedURLs[key] = decidedURLs[key] ?? position }
            }
            records.append((record, decision))
        }
        if case .success(let document) = file.result, let first = document.skipped.first {
            // The file's other items are indexed; these are said once, with the first reason.
            logAfterCommit(.warning, "feed items skipped", metadata: [
                "file": "\(LogText.quote(name))", "count": "\(document.skipped.count)",
                "first": "item \(first.index + 1): \(first.reason.description)",
            ])
        }
        let anyNew = records.contains { if case .duplicate = $0.1 { return false } else { return true } }
        if !anyNew, let place = try orphanedPlace(of: file, decided: records.map(\.1), in: writer, reserved: reserved) {
            // The file of articles already stored, renamed inside the inbox after it was read
            // (so its move found it gone): it takes the place recorded for it, not duplicates/.
            reserved.names.insert(place)
            let id = try writer.journalMove(sourceName: name, fileHash: file.hash, destination: place, at: now)
            logAfterCommit(.notice, "stored article's file found under another name; moved to its place",
                           metadata: ["file": "\(LogText.quote(name))", "to": "\(LogText.quote(place))"])
            return file.move(to: place, journalID: id)
        }
        let destination = mover.destination(folder: anyNew ? "processed" : "duplicates", relativeName: name, reserved: &reserved,
                                            knownFree: anyNew ? file.freeDestination : nil)

        var ids: [Int64] = Array(repeating: 0, count: records.count)
        var inserted: [Int64] = [], updated: [Int64] = [], duplicateOf: [Int64] = []
        let earlyModified = fresh.isTakenEarly(file.entry.relativePath) ? file.entry.modified : nil
        for (position, (var record, decision)) in records.enumerated() {
            record.filePath = destination
            record.earlyModified = earlyModified
            switch decision {
            case .insert:
                ids[position] = try writer.insert(record, at: now)
                inserted.append(ids[position])
                logAfterCommit(.info, "ingested", metadata: ["id": "\(ids[position])", "file": "\(LogText.quote(name))", "title": "\(LogText.quote(record.article.title))"])
            case .update(var id):
                if id < 0 { id = ids[Int(-id - 1)] }
                let revision = try writer.replace(id: id, with: record, at: now)
                ids[position] = id
                updated.append(id)
                logAfterCommit(.info, "updated", metadata: ["id": "\(id)", "revision": "\(revision)", "file": "\(LogText.quote(name))", "title": "\(LogText.quote(record.article.title))"])
            case .duplicate(var original, let kind, let similarity):
                if original < 0 { original = ids[Int(-original - 1)] }
                ids[position] = original
                duplicateOf.append(original)
                try writer.recordDuplicate(DuplicateRecord(articleID: original, kind: kind, similarity: similarity, title: record.article.title,
                                                           sourceName: name, filePath: destination, fileHash: file.hash,
                                                           copy: kind == .near ? record : nil), at: now)
                logAfterCommit(.info, "duplicate", metadata: ["file": "\(LogText.quote(name))", "of": "\(original)", "kind": "\(kind.rawValue)",
                                                    "similarity": "\(String(format: "%.2f", similarity))"])
            }
        }
        counters.indexed += inserted.count
        counters.updated += updated.count
        if !anyNew { counters.duplicates += 1 }
        let id = try writer.journalMove(sourceName: name, fileHash: file.hash, destination: destination, at: now)
        return file.move(to: destination, journalID: id)
    }

    /// What became of one planned move (found on the background queue, applied on this one).
    enum MoveOutcome: Sendable {
        /// Moved, or changed since it was read (then left in the inbox): the journal entry is done.
        case done(journalID: Int64, relativePath: [UInt8])
        /// The move failed: the file stays in the inbox until a recovery moves it.
        case stuck(relativePath: [UInt8])
    }

    /// A batch's moves running on the background queue.
    private struct MoveJob {
        var group: DispatchGroup
        var results: MoveResults
    }

    private final class MoveResults: @unchecked Sendable {
        var outcomes: [MoveOutcome] = []
    }

    /// Moves a committed batch's files out of the inbox on the background queue, after the
    /// analysis queued before them. Only file operations run there; `settleMoves` applies
    /// the outcomes to the pipeline's state.
    private func startMoves(_ moves: [PlannedMove], batch number: Int) {
        guard !moves.isEmpty else { return }
        let results = MoveResults(), group = DispatchGroup()
        let mover = mover, logger = logger, faults = faults, maxBytes = settings.maxFileBytes
        let sources = moves.map { scanner.path(of: $0.entry) }
        background.async(group: group) { @Sendable in
            results.outcomes = moves.enumerated().map { position, move in
                if position == moves.count / 2 { faults.fire(.crashMidMove, batch: number) }
                return Self.finish(move, source: sources[position], maxBytes: maxBytes, mover: mover, logger: logger)
            }
        }
        movesInFlight = MoveJob(group: group, results: results)
    }

    /// With nothing more to write, the files leave the inbox before `processBatch` returns,
    /// and commits checkpoint again (idle merges write too).
    private func endBacklog() {
        settleMoves()
        checkpointInFlight?.wait()
        checkpointInFlight = nil
        index.leaveCheckpointsToOthers(false)
    }

    /// Starts a passive checkpoint on the background queue (after the moves queued there) once
    /// the WAL holds `checkpointAfterPages`, unless the last one is still running. The
    /// writer's commits no longer checkpoint: the copy of the WAL into the database happens
    /// beside the next batches' transactions.
    private func startCheckpoint() {
        guard let checkpointer else { return }
        index.leaveCheckpointsToOthers(true)
        guard index.walFrames >= checkpointAfterPages else { return }
        if let running = checkpointInFlight, running.wait(timeout: .now()) == .timedOut { return }
        let group = DispatchGroup()
        background.async(group: group) { @Sendable in checkpointer.run() }
        checkpointInFlight = group
    }

    /// Waits for the moves in flight and applies their outcomes: moved files are forgotten and
    /// their journal entries confirmed in the next transaction; failed ones wait for a recovery.
    private func settleMoves() {
        guard let job = movesInFlight else { return }
        movesInFlight = nil
        job.group.wait()
        for outcome in job.results.outcomes {
            switch outcome {
            case let .done(journalID, relativePath):
                tracker.forget(relativePath)
                fresh.forgetMoved(relativePath)
                movesToConfirm.append(journalID)
            case let .stuck(relativePath):
                stuck.insert(relativePath)
            }
        }
    }

    /// True when the inbox file is still what `move` recorded. A file that was read: the same
    /// identity, or only touched since (mtime moved) with the same bytes. A file rejected
    /// unread: still what it was rejected as (the same type; over the cap for a regular file),
    /// so a file that keeps growing past the cap is moved, not recorded again at every scan,
    /// and a real article put in a link's place is not.
    private static func isStill(_ move: PlannedMove, source: [CChar], maxBytes: Int) -> Bool {
        guard let now = FileReader.signature(source) else { return false }
        if move.hash == "-" { return now.type == move.signature.type && (now.type != UInt32(S_IFREG) || now.size > maxBytes) }
        if now == move.signature { return true }
        guard now.isTouched(from: move.signature), case .bytes(let bytes, let reread) = FileReader.read(source, maxBytes: move.signature.size),
              reread == now else { return false }
        return SHA256.hex(of: bytes) == move.hash
    }

    /// Moves one file to its journalled destination (file operations only: runs on the background queue).
    private static func finish(_ move: PlannedMove, source: [CChar], maxBytes: Int, mover: FileMover, logger: Logger) -> MoveOutcome {
        if !isStill(move, source: source, maxBytes: maxBytes) {
            // Deleted, replaced or rewritten after it was read: what was read stays recorded;
            // a new content under the name stays in the inbox and is ingested as a file of its own.
            logger.warning("changed or removed after it was read; recorded as read, not moved",
                           metadata: ["file": "\(LogText.quote(move.entry.displayName))"])
            return .done(journalID: move.journalID, relativePath: move.entry.relativePath)
        }
        if let reason = move.failureReason {
            mover.writeErrorNote(for: move.destination, sourceName: move.entry.displayName, reason: reason)
        }
        if let problem = mover.move(source: source, to: move.destination) {
            logger.error("move failed; file kept in the inbox", metadata: ["file": "\(LogText.quote(move.entry.displayName))", "reason": "\(problem)"])
            return .stuck(relativePath: move.entry.relativePath)
        }
        return .done(journalID: move.journalID, relativePath: move.entry.relativePath)
    }
}

extension FileReader {
    static func describe(kind: InboxEntry.Kind) -> String {
        switch kind {
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .symlink: return "symbolic link (not followed)"
        case .fifo: return "a FIFO (named pipe), not a regular file"
        case .socket: return "a socket, not a regular file"
        case .device: return "a device node, not a regular file"
        case .other: return "not a regular file"
        }
    }
}
