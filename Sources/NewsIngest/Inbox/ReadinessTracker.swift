/// Decides when an inbox file is complete enough to take.
///
/// A file is ready when nobody is known to be writing it, and either a close-after-write or
/// rename-into-inbox was observed (inotify), or its size/mtime/inode stayed the same for the
/// settle delay (across scans: this covers mtimes in the future), or its mtime is older than
/// the settle delay. Writers that keep the file open are seen through inotify's modify events
/// and waited for. Without inotify, a writer pausing longer than the settle delay is taken
/// early: raise `settle_delay` on file systems without inotify (NFS, FUSE).
struct ReadinessTracker {
    var settleDelayNanos: Int64
    /// Signatures seen at the previous scan, and since when each has not changed: only of
    /// files whose mtime was not yet older than the settle delay (the others are ready by
    /// their mtime), so a backlog of old files costs nothing here.
    private var lastSeen: [[UInt8]: (signature: FileSignature, since: Int64)] = [:]
    /// The same for the scan being judged.
    private var seenNow: [[UInt8]: (signature: FileSignature, since: Int64)] = [:]
    /// Files the scan being judged found not ready.
    private var waitingNow = 0
    /// Files with modify events and no close-after-write yet, and when last modified.
    private var beingWritten: [[UInt8]: Int64] = [:]
    /// Files closed after writing or renamed in since the last scan.
    private(set) var completed: Set<[UInt8]> = []
    /// How long an open-for-write file may stay silent before it is taken anyway.
    var abandonedWriteNanos: Int64 = 600 * 1_000_000_000
    /// At most this many completion notices are kept between two scans: past it (a flood of
    /// files copied in while a backlog drains) a file is ready once its mtime is older than
    /// the settle delay, which costs it that delay and keeps the set's memory bounded.
    static let completedLimit = 16_384

    init(settleDelay: Double) {
        settleDelayNanos = Int64(settleDelay * 1e9)
    }

    mutating func noteWriting(_ path: [UInt8], now: Int64) {
        beingWritten[path] = now
        completed.remove(path)
    }

    mutating func noteCompleted(_ path: [UInt8]) {
        beingWritten[path] = nil
        if completed.count < Self.completedLimit { completed.insert(path) }
    }

    /// Judges one entry of the scan under way; call `finishScan` once the scan has passed
    /// every entry.
    mutating func isReady(_ entry: InboxEntry, now: Int64) -> Bool {
        let key = entry.relativePath
        let previous = lastSeen[key]
        let unchangedSince = previous?.signature == entry.signature ? previous!.since : now
        // Without a settle delay (`--once`) an mtime in the future does not hold a file back either.
        let settled = settleDelayNanos == 0 || now - entry.modified >= settleDelayNanos
        if !settled || beingWritten[key] != nil { seenNow[key] = (entry.signature, unchangedSince) }
        if entry.kind != .regular { return true }  // never written through: links, FIFOs, sockets go straight to failed/
        if let lastWrite = beingWritten[key], now - lastWrite < abandonedWriteNanos {
            waitingNow += 1
            return false
        }
        let stable = previous != nil && now - unchangedSince >= settleDelayNanos
        if completed.contains(key) || stable || settled { return true }
        waitingNow += 1
        return false
    }

    /// Ends the scan under way: its signatures are kept for the next one, the completion
    /// notices it used are dropped. Returns the number of files it found not ready.
    mutating func finishScan() -> Int {
        lastSeen = seenNow
        seenNow = [:]
        completed.removeAll()
        beingWritten = beingWritten.filter { lastSeen[$0.key] != nil }
        defer { waitingNow = 0 }
        return waitingNow
    }

    /// Files whose signatures are kept for the next scan (tests check that settled ones are not).
    var remembered: Int { lastSeen.count }

    /// True when inotify saw a write to the file and no close yet (and it is not abandoned).
    func isBeingWritten(_ path: [UInt8], now: Int64 = Clock.nowNanos()) -> Bool {
        guard let lastWrite = beingWritten[path] else { return false }
        return now - lastWrite < abandonedWriteNanos
    }

    /// Forgets a file once it left the inbox.
    mutating func forget(_ path: [UInt8]) {
        lastSeen[path] = nil
        seenNow[path] = nil
        beingWritten[path] = nil
    }
}
