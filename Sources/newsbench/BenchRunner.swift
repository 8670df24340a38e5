import Foundation
import NewsIndex
import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// Runs the stages against one growing newsd index and one growing baseline index.
final class BenchRunner {
    let corpus: BenchCorpus
    let work: URL
    let newsd: String
    let newsq: String
    var inbox: URL { work.appendingPathComponent("inbox") }
    var state: URL { work.appendingPathComponent("state") }
    var database: String { state.appendingPathComponent("news.db").path }
    var baselineDatabase: String { work.appendingPathComponent("baseline.db").path }
    /// newsd's scan interval during the latency runs (its default).
    let interval = 1.0
    let queries: BenchQueries

    init(corpus folder: URL, work: URL, newsd: String, newsq: String, queriesPerKind: Int) throws {
        for binary in [newsd, newsq] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw BenchError("\(binary) not found: build with `swift build -c release` or pass --bin")
        }
        corpus = try BenchCorpus(directory: folder)
        self.work = work
        self.newsd = newsd
        self.newsq = newsq
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        queries = BenchQueries(corpus: corpus, perKind: queriesPerKind)
    }

    /// Pairs of runs (baseline, then newsd) per stage.
    static let pairs = 3

    /// Grows the index from `from` to `to` articles: baseline and newsd in turn, `pairs` times
    /// each, then queries.
    func stage(from: Int, to: Int) throws -> StageResult {
        let folder = work.appendingPathComponent("stage-\(to)")
        let bytes = try corpus.write(from..<to, to: folder)

        // The sides run in turn (baseline, newsd, baseline, newsd…) on the same files from the
        // same starting index: this machine's speed drifts within minutes, and runs of one side
        // in a row would put the drift between the sides. newsd's first run grows the
        // benchmark's index; each later pair works on copies of both databases as they were
        // before the stage, and on its own copy of the files, in a folder of its own.
        let repeats = (1..<Self.pairs).map { work.appendingPathComponent("again-\($0)") }
        defer { for folder in repeats { try? FileManager.default.removeItem(at: folder) } }
        for again in repeats {
            try? FileManager.default.removeItem(at: again)
            try FileManager.default.createDirectory(at: again.appendingPathComponent("state"), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: baselineDatabase) {
                try FileManager.default.copyItem(atPath: baselineDatabase, toPath: again.appendingPathComponent("baseline.db").path)
            }
            if FileManager.default.fileExists(atPath: database) {
                try FileManager.default.copyItem(atPath: database, toPath: again.appendingPathComponent("state/news.db").path)
            }
            _ = try corpus.write(from..<to, to: again.appendingPathComponent("stage-\(to)"))
        }
        log("  baseline (bare FTS5, one transaction) and newsd (draining \(to - from) files) in turn, \(Self.pairs) times each")

        // Each timed run starts with its files and its database in the file cache (see PageCache).
        var baselineRuns = [try baseline(folder: folder, database: baselineDatabase)]
        var seconds: [Double] = []
        let first = try drain(folder: folder, inbox: inbox, state: state, files: to - from)
        seconds.append(first.seconds)
        let peak = first.daemon.peakRSS
        usleep(2_000_000)
        let after = first.daemon.currentRSS
        // Queries are measured on the index as newsd leaves it once idle (segments merged).
        let drained = now()
        _ = waitFor(timeout: 600, interval: 0.1) { DaemonStatus.load(path: state.appendingPathComponent("newsd.status").path)?.settled == true }
        let mergeSeconds = max(0, now() - drained - 2)
        first.daemon.signal(SIGTERM)
        _ = first.daemon.wait()  // newsd checkpoints the WAL on exit, so the file size is the index's

        for again in repeats {
            let files = again.appendingPathComponent("stage-\(to)")
            baselineRuns.append(try baseline(folder: files, database: again.appendingPathComponent("baseline.db").path))
            let run = try drain(folder: files, inbox: again.appendingPathComponent("inbox"),
                                state: again.appendingPathComponent("state"), files: to - from)
            run.daemon.signal(SIGTERM)
            _ = run.daemon.wait()
            seconds.append(run.seconds)
            // Its dirty pages are dropped, not written back during the next pair.
            try? FileManager.default.removeItem(at: again)
        }
        log("  baseline: \(baselineRuns.map { String(format: "%.2f s", $0) }.joined(separator: ", then "))")
        log("  newsd: \(seconds.map { String(format: "%.2f s", $0) }.joined(separator: ", then "))")

        // Queries start with no writeback pending, as each timed ingest does.
        sync()
        log("  queries")
        let latencies = try queries.measure(database: database, newsq: newsq)
        return StageResult(
            articles: to, newFiles: to - from, megabytes: Double(bytes) / 1e6, newsdSeconds: seconds.min()!,
            baselineSeconds: baselineRuns.min()!, newsdRuns: seconds, baselineRuns: baselineRuns,
            newsdPeakRSS: peak, newsdRSSAfter: after, databaseBytes: databaseBytes(database),
            idleMergeSeconds: mergeSeconds,
            twoWord: latencies.twoWord, twoWordFromDisk: latencies.twoWordFromDisk, phrase: latencies.phrase, filtered: latencies.filtered, processSearch: latencies.process)
    }

    /// Starts newsd on `inbox` and `state`, renames `folder` (`files` new files) into the
    /// inbox and waits until newsd has recorded them all; returns the seconds from the rename
    /// and the daemon, still running. Progress comes from newsd's status file, rewritten after
    /// every commit: counting the database's rows every 50 ms took CPU from newsd (tens of ms
    /// a poll at 200k articles).
    private func drain(folder: URL, inbox: URL, state: URL, files: Int) throws -> (seconds: Double, daemon: Child) {
        let database = state.appendingPathComponent("news.db").path
        let target = try FileManager.default.fileExists(atPath: database) ? recordedFiles(SQLiteIndex(path: database, readOnly: true)) + files : files
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        PageCache.warm(PageCache.files(ofDatabase: database) + [folder.path])
        sync()
        let daemon = try startDaemon(inbox: inbox, state: state, interval: 0.5)
        let statusPath = state.appendingPathComponent("newsd.status").path
        let started = now()
        guard rename(folder.path, inbox.appendingPathComponent(folder.lastPathComponent).path) == 0 else {
            daemon.signal(SIGKILL)
            throw BenchError("rename into inbox failed")
        }
        let done = waitFor(timeout: 3600, interval: 0.05) {
            guard let status = DaemonStatus.load(path: statusPath), status.pid == daemon.pid else { return false }
            return status.indexed + status.updated + status.duplicates + status.failed >= files
        }
        let seconds = now() - started
        guard done else { daemon.signal(SIGKILL); throw BenchError("newsd did not finish the stage") }
        let recorded = try recordedFiles(SQLiteIndex(path: database, readOnly: true))
        guard recorded >= target else { throw BenchError("newsd reported the stage done, but the database holds \(recorded) of \(target) files") }
        return (seconds, daemon)
    }

    /// Seconds the baseline takes to add the files of `folder` to `database` (run twice per
    /// stage from the same starting database; its speed moved by a third between runs of the
    /// same code, and the faster is the stricter yardstick). Each timed phase starts with no
    /// writeback pending from the one before (`sync`), which otherwise slowed whichever came next.
    private func baseline(folder: URL, database: String) throws -> Double {
        PageCache.warm(PageCache.files(ofDatabase: database) + [folder.path])
        sync()
        let seconds = try Baseline.run(folder: folder, database: database)
        sync()
        return seconds
    }

    /// Files newsd has recorded an outcome for (articles count feeds' items; fine for one-article files).
    func recordedFiles(_ index: SQLiteIndex) throws -> Int {
        let s = try index.stats()
        return s.articles + s.duplicates + s.failed + s.updates
    }

    /// Starts newsd and waits until it is ready: its first heartbeat (the status file) comes
    /// after the start-up work (database check, duplicate-check cache), which is not ingest.
    private func startDaemon(inbox: URL? = nil, state: URL? = nil, interval: Double) throws -> Child {
        let inbox = inbox ?? self.inbox, state = state ?? self.state
        let status = state.appendingPathComponent("newsd.status").path
        try? FileManager.default.removeItem(atPath: status)
        let daemon = try Child(newsd, ["--inbox", inbox.path, "--state-dir", state.path, "--interval", "\(interval)", "--log-level", "warning"])
        guard waitFor(timeout: 600, interval: 0.02, { FileManager.default.fileExists(atPath: status) }) else {
            daemon.signal(SIGKILL)
            throw BenchError("newsd did not start (no \(status))")
        }
        return daemon
    }

    /// Time from a file's rename into the inbox until a search finds it: first with newsd
    /// idle, one drop at a time; then while it drains a backlog of `backlog` files dropped
    /// just before, a drop every `backlogSpacing` seconds, each timed from its own rename
    /// (files are taken oldest first, so each waits for the backlog that arrived before it).
    func dropLatency(drops: Int, backlog: Int, backlogStart: Int) throws -> (idle: Latency, backlog: Latency) {
        let daemon = try startDaemon(interval: interval)
        defer { daemon.signal(SIGTERM); _ = daemon.wait() }
        let index = try SQLiteIndex(path: database, readOnly: true)
        let staging = work.appendingPathComponent("staging")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var rng = SplitMix(seed: 7)

        /// Drops probe `n`; returns its search token and when it was renamed in.
        func drop(_ n: Int) throws -> (token: String, started: Double) {
            let token = "zqprobe\(n)x"
            let text = corpus.article(backlogStart + n).replacingOccurrences(of: "Title: ", with: "Title: \(token) ")
            let file = staging.appendingPathComponent("probe-\(n).txt")
            try Data(text.utf8).write(to: file)
            let started = now()
            guard rename(file.path, inbox.appendingPathComponent("probe-\(n).txt").path) == 0 else { throw BenchError("rename failed") }
            return (token, started)
        }
        func searchable(_ token: String) -> Bool {
            var request = SearchRequest(query: token)
            request.limit = 1
            return ((try? index.search(request))?.total ?? 0) > 0
        }
        let unsearchable = { (n: Int) in BenchError("probe \(n) was not searchable after 300 s (recorded as a duplicate? see newsq dups)") }

        var idle: [Double] = []
        for n in 0..<drops {
            usleep(UInt32(rng.next(300_000)))  // drop at random phases of the timer
            let probe = try drop(n)
            guard waitFor(timeout: 300, interval: 0.002, { searchable(probe.token) }) else { throw unsearchable(n) }
            idle.append(now() - probe.started)
        }

        let backlogFolder = work.appendingPathComponent("backlog")
        try corpus.write((backlogStart + 100_000)..<(backlogStart + 100_000 + backlog), to: backlogFolder)
        guard rename(backlogFolder.path, inbox.appendingPathComponent("backlog").path) == 0 else { throw BenchError("rename failed") }
        let probes = drops..<(drops + max(3, drops / 4))
        var pending: [Int: (token: String, started: Double)] = [:]
        var loaded: [Double] = []
        var next = probes.lowerBound, nextDrop = now()
        let deadline = now() + 300
        while next < probes.upperBound || !pending.isEmpty {
            if next < probes.upperBound, now() >= nextDrop {
                pending[next] = try drop(next)
                next += 1
                nextDrop += Self.backlogSpacing
            }
            for (n, probe) in pending where searchable(probe.token) {
                loaded.append(now() - probe.started)
                pending[n] = nil
            }
            if now() > deadline, let n = pending.keys.min() { throw unsearchable(n) }
            usleep(2_000)
        }
        return (Latency(idle), Latency(loaded))
    }

    /// Seconds between the drops timed behind a backlog.
    static let backlogSpacing = 0.2
}

/// Polls `condition` until it holds or `timeout` passes.
func waitFor(timeout: Double, interval: Double = 0.1, _ condition: () -> Bool) -> Bool {
    let deadline = now() + timeout
    while now() < deadline {
        if condition() { return true }
        usleep(UInt32(interval * 1e6))
    }
    return condition()
}

/// A small deterministic random generator (splitmix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}
