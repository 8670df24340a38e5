import Dispatch
import Foundation
import Logging
import NewsIndex
#if canImport(Glibc)
import Glibc
#endif

/// newsd's lifecycle: lock, open, recover, then a `DispatchSourceTimer` tick on one serial
/// queue that owns the database; inotify wakes it early; signals stop or reload it.
///
/// Every Dispatch handler here is `@Sendable` and nonisolated (a main-actor handler traps on
/// Linux), and every source is kept in a stored property (a released source stops firing).
public final class Daemon {
    public private(set) var settings: Settings
    let logger: Logger
    let lock: DaemonLock
    let index: SQLiteIndex
    let pipeline: IngestPipeline
    let notifier: SystemdNotifier
    let once: Bool
    let reloadSettings: () throws -> Settings

    let queue = DispatchQueue(label: "newsd.ingest")
    let controlQueue = DispatchQueue(label: "newsd.control")
    private var timer: DispatchSourceTimer?
    private var signalSources: [DispatchSourceSignal] = []
    private var watcher: InotifyWatcher?
    private var wakePending = false
    private var stopping = false
    private let stopFlag = StopFlag()
    private var backoffSeconds = 0.0
    private var backoffUntil: Int64 = 0
    private var lastError: String?
    private let startedAt = Clock.nowSeconds()
    /// When the last batch committed, and whether the index may hold segments to merge
    /// (at start: an index newsd left busy, or one from before the idle merge).
    private var lastBatchAt = Clock.nowNanos()
    private var mergePending = true

    /// Takes the lock, opens (creating or migrating) the database, makes the state folders
    /// and finishes moves a crash interrupted.
    public init(settings: Settings, logger: Logger, once: Bool = false, reload: @escaping () throws -> Settings) throws {
        // Until `run()` hands them to Dispatch, a stop request ends newsd by the default action
        // (safe: every write is a transaction), even when the parent left it ignored (an
        // ignored signal is discarded: newsd would run on, deaf to the first SIGTERM).
        for sig in [SIGTERM, SIGINT] { signal(sig, SIG_DFL) }
        var settings = settings.withAbsolutePaths()
        if once { settings.settleDelay = 0 }
        // Before anything is created or locked: a state folder inside the inbox would be ingested.
        try StartupCheck.layout(settings)
        self.settings = settings
        self.logger = logger
        self.once = once
        self.reloadSettings = reload
        let fm = FileManager.default
        for dir in [settings.stateDir, settings.inbox, settings.processedDir, settings.duplicatesDir, settings.failedDir] {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let dbFolder = (settings.databasePath as NSString).deletingLastPathComponent
        if !dbFolder.isEmpty { try fm.createDirectory(atPath: dbFolder, withIntermediateDirectories: true) }
        lock = try DaemonLock(path: settings.lockPath)
        let notifier = SystemdNotifier()
        self.notifier = notifier
        // A large archive can take longer than the unit's start timeout to check or migrate.
        let progress = StartupProgress(send: { notifier.notify($0) })
        if notifier.isActive { progress.start("checking the database") }
        defer { progress.stop() }
        try StartupCheck.database(at: settings.databasePath)
        progress.enter("opening the database (and migrating its schema)")
        index = try SQLiteIndex(path: settings.databasePath, durability: settings.durability)
        pipeline = IngestPipeline(settings: settings, index: index, logger: logger)
        pipeline.faults = try FaultPlan.fromEnvironment()
        if !pipeline.faults.isEmpty { logger.warning("test-only fault injection is on (NEWSD_FAULT)", metadata: ["faults": "\(pipeline.faults.faults)"]) }
        progress.enter("finishing interrupted moves")
        pipeline.removeCrashLeftovers()
        try pipeline.recoverPendingMoves()
        // Before READY, so the first file dropped is not the one that waits for it.
        progress.enter("loading the duplicate checks")
        try index.prepareDuplicateChecks()
    }

    /// Blocks SIGHUP in the calling thread, and so in every thread it starts. Call it first
    /// thing in `main`, before any thread exists: until `run()` has handed SIGHUP to Dispatch
    /// its default action would kill newsd (exit by signal, which systemd's `Restart=on-failure`
    /// takes for a clean stop), and a start-up checking a large archive takes seconds. A SIGHUP
    /// sent meanwhile stays pending and is delivered to the Dispatch source once it exists: one
    /// reload right after start-up. SIGTERM and SIGINT are let through instead, even when the
    /// parent blocked them (Foundation's `Process` passes on its thread's mask, and a test
    /// runner's threads block most signals): a stop asked for during start-up then ends newsd
    /// at once by the default action (see `init`), rather than waiting until it is running.
    public static func holdReloadsUntilRunning() {
        mask([SIGHUP], SIG_BLOCK)
        mask([SIGTERM, SIGINT], SIG_UNBLOCK)
    }

    /// Blocks (`SIG_BLOCK`) or lets through (`SIG_UNBLOCK`) `signals` in the calling thread.
    private static func mask(_ signals: [Int32], _ how: Int32) {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(how, &set, nil)
    }

    /// Starts the timer, signal handlers and inotify, tells systemd it is ready, and parks
    /// the main thread in `dispatchMain()`. Exits the process on SIGTERM/SIGINT (0).
    public func run() -> Never {
        installStopHandlers()
        if let watcher = InotifyWatcher(inbox: settings.inbox) {
            self.watcher = watcher
            watcher.start(on: queue, handler: { @Sendable [weak self] path, complete in
                self?.pipeline.noteEvent(relativePath: path, complete: complete)
            }, wake: { @Sendable [weak self] in self?.wakeSoon() })
            // Subfolders that existed before newsd started are watched once a scan finds them.
            pipeline.directoryFound = { [weak watcher] in watcher?.watch(relativeDirectory: $0) }
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: tickPeriod, leeway: .milliseconds(20))
        timer.setEventHandler { @Sendable [weak self] in self?.tick() }
        self.timer = timer
        timer.resume()
        logger.info("newsd started", metadata: [
            "inbox": "\(settings.inbox)", "db": "\(settings.databasePath)", "interval": "\(settings.interval)s",
            "pid": "\(getpid())", "watchdog": "\(notifier.watchdogInterval.map { "\($0)s" } ?? "off")",
        ])
        notifier.notify("READY=1\nSTATUS=watching \(settings.inbox)\nMAINPID=\(getpid())")
        installReloadHandler()
        dispatchMain()
    }

    // MARK: Ticks

    /// Seconds between ticks: the scan interval, but at most half the watchdog interval so
    /// that an idle, healthy loop still pings in time.
    private var tickPeriod: Double {
        min(settings.interval, (notifier.watchdogInterval ?? .infinity) / 2)
    }

    /// One scan and as many batches as are ready; stops between batches when asked to.
    private func tick() {
        guard !stopping else { return }
        let now = Clock.nowNanos()
        if now >= backoffUntil {
            pipeline.refill()
            do {
                var arrived = false
                defer { if arrived { wakeSoon() } }  // files the lane did not take: scan soon
                while pipeline.hasBacklog, !stopFlag.isSet {
                    arrived = watcher?.poll() == true || arrived  // files dropped meanwhile join the fresh lane
                    try pipeline.processBatch()
                    lastBatchAt = Clock.nowNanos()
                    mergePending = true
                    heartbeat()
                }
                mergeWhileIdle()
                if backoffSeconds > 0 { logger.notice("database writable again; resuming") }
                backoffSeconds = 0
                lastError = nil
            } catch {
                backoffSeconds = min(max(1, backoffSeconds * 2), 60)
                backoffUntil = Clock.nowNanos() + Int64(backoffSeconds * 1e9)
                lastError = "\(error)"
                logger.error("batch not committed; files stay in the inbox, retrying in \(Int(backoffSeconds))s", metadata: ["error": "\(error)"])
            }
        }
        heartbeat()
        if stopFlag.isSet { shutdown(reason: "signal") }
        if once, !pipeline.hasBacklog, backoffSeconds == 0 { shutdown(reason: "--once: inbox processed") }
    }

    /// Merges full-text index segments for up to a quarter of a second once no batch has
    /// come for `idle_merge_after` seconds; a file dropped meanwhile waits at most one ~1 MB
    /// step. Ticks go on until a step finds nothing to merge. Not with `--once`.
    private func mergeWhileIdle() {
        guard mergePending, !once, settings.idleMergeAfter > 0, !pipeline.hasBacklog,
              Clock.nowNanos() - lastBatchAt >= Int64(settings.idleMergeAfter * 1e9) else { return }
        let deadline = Clock.nowNanos() + 250_000_000
        do {
            while Clock.nowNanos() < deadline, !stopFlag.isSet {
                guard try index.mergeSegmentsStep(pages: 256) else {
                    mergePending = false
                    logger.debug("full-text index merged")
                    return
                }
            }
        } catch {
            mergePending = false  // tried again after the next batch
            logger.warning("full-text index merge step failed; searches stay correct, only slower", metadata: ["error": "\(error)"])
        }
    }

    /// Runs a tick soon after an inotify event, coalescing bursts of events into one.
    private func wakeSoon() {
        guard !wakePending else { return }
        wakePending = true
        queue.asyncAfter(deadline: .now() + .milliseconds(10)) { @Sendable [weak self] in
            self?.wakePending = false
            self?.tick()
        }
    }

    /// Status file, `STATUS=` and the watchdog ping: only a live ingest loop sends them,
    /// so a wedged loop stops the pings and systemd restarts newsd.
    private func heartbeat() {
        let c = pipeline.counters
        let now = Clock.nowSeconds()
        DaemonStatus(pid: getpid(), startedAt: ISO8601.format(epochSeconds: startedAt), heartbeatAt: ISO8601.format(epochSeconds: now),
                     heartbeatEpoch: now, inbox: settings.inbox, database: settings.databasePath, indexed: c.indexed,
                     updated: c.updated, duplicates: c.duplicates, failed: c.failed, unreadable: c.unreadable,
                     backlog: c.backlog, waiting: c.waiting, lastError: lastError,
                     settled: !pipeline.hasBacklog && (!mergePending || once || settings.idleMergeAfter <= 0)).save(path: settings.statusPath)
        notifier.notify("WATCHDOG=1\nSTATUS=\(c.summary)")
    }

    // MARK: Signals

    /// Hands SIGTERM and SIGINT to Dispatch: from now on they stop newsd cleanly.
    private func installStopHandlers() {
        // No SIG_IGN first: Dispatch installs its own handler when a source resumes, and a
        // signal arriving while the disposition was "ignore" would be lost.
        for sig in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: controlQueue)
            source.setEventHandler { @Sendable [weak self] in self?.handle(signal: sig) }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Hands SIGHUP to Dispatch, last in `run()` (the timer exists, `settings` is no longer read
    /// on this thread), then lets it through: a SIGHUP held since start-up
    /// (`holdReloadsUntilRunning`) now causes one reload.
    private func installReloadHandler() {
        let registered = DispatchSemaphore(value: 0)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: controlQueue)
        source.setEventHandler { @Sendable [weak self] in self?.handle(signal: SIGHUP) }
        source.setRegistrationHandler { @Sendable in registered.signal() }
        source.resume()
        signalSources.append(source)
        // Dispatch on Linux reads signals from a signalfd, which also takes one left pending while
        // held, and installs a handler that passes a signal caught on any thread on to it.
        // Unblocked before that handler exists, a pending SIGHUP would kill newsd: wait for the
        // registration. Left blocked (the wait timed out), SIGHUP still reaches the signalfd.
        if registered.wait(timeout: .now() + 10) == .success {
            Self.mask([SIGHUP], SIG_UNBLOCK)
        } else {
            logger.warning("SIGHUP's Dispatch source was not registered within 10 s; SIGHUP stays blocked on the main thread")
        }
    }

    private func handle(signal sig: Int32) {
        if sig == SIGHUP {
            queue.async { @Sendable [weak self] in self?.reload() }
            return
        }
        stopFlag.set()
        queue.async { @Sendable [weak self] in self?.shutdown(reason: sig == SIGTERM ? "SIGTERM" : "SIGINT") }
        // A bound on shutdown: a batch is all-or-nothing, so leaving mid-batch loses nothing.
        let bound = settings.stopTimeout
        controlQueue.asyncAfter(deadline: .now() + bound) { @Sendable in
            FileHandle.standardError.write(Data("newsd: shutdown took over \(bound) s; exiting (the open batch rolls back, its files stay in the inbox)\n".utf8))
            _exit(0)
        }
    }

    private func shutdown(reason: String) -> Never {
        stopping = true
        timer?.cancel()
        notifier.notify("STOPPING=1")
        logger.info("newsd stopping", metadata: ["reason": "\(reason)", "indexed": "\(pipeline.counters.indexed)"])
        pipeline.quiesce()  // no analysis thread left inside libxml2 or Foundation at exit
        index.checkpoint()
        exit(0)
    }

    private func reload() {
        do {
            var fresh = try reloadSettings().withAbsolutePaths()
            if once { fresh.settleDelay = 0 }
            if fresh.inbox != settings.inbox || fresh.databasePath != settings.databasePath || fresh.stateDir != settings.stateDir {
                logger.warning("SIGHUP: inbox, state_dir and db changes need a restart; other settings reloaded")
                // Said now rather than by a refusal at the next start.
                do { try StartupCheck.layout(fresh) } catch {
                    logger.error("SIGHUP: the new inbox, state_dir or db would be refused at the next start", metadata: ["error": "\(error)"])
                }
                fresh.inbox = settings.inbox
                fresh.stateDir = settings.stateDir
                fresh.database = settings.database
            }
            settings = fresh
            pipeline.apply(fresh)
            timer?.schedule(deadline: .now(), repeating: tickPeriod, leeway: .milliseconds(20))
            // The handlers share one level: setting it here sets it for every part of newsd.
            var logger = logger
            if let level = Logger.Level(rawValue: fresh.logLevel) { logger.logLevel = level }
            logger.notice("configuration reloaded", metadata: ["interval": "\(fresh.interval)s", "log_level": "\(logger.logLevel)"])
        } catch {
            logger.error("SIGHUP: configuration not reloaded", metadata: ["error": "\(error)"])
        }
    }
}

/// A flag set from the signal queue and read from the ingest queue.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
