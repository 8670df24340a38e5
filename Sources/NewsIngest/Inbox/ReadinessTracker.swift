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
    /// Signatures seen at the previous scan, and since when each has not changed.
    private var lastSeen: [[UInt8]: (signature: FileSignature, since: Int64)] = [:]
    /// Files with modify events and no close-after-write yet, and when last modified.
    private var beingWritten: [[UInt8]: Int64] = [:]
    /// Files closed after writing or renamed in since the last scan.
    private(set) var completed: Set<[UInt8]> = []
    /// How long an open-for-write file may stay silent before it is taken anyway.
    var abandonedWriteNanos: Int64 = 600 * 1_000_000_000

    init(settleDelay: Double) {
        settleDelayNanos = Int64(settleDelay * 1e9)
    }

    mutating func noteWriting(_ path: [UInt8], now: Int64) {
        beingWritten[path] = now
        completed.remove(path)
    }

    mutating func noteCompleted(_ path: [UInt8]) {
        beingWritten[path] = nil
        completed.insert(path)
    }

    /// Splits scanned regular files into ready and not-yet-ready; remembers signatures for next time.
    mutating func ready(_ entries: [InboxEntry], now: Int64) -> (ready: [InboxEntry], waiting: Int) {
        var ready: [InboxEntry] = []
        var seen: [[UInt8]: (signature: FileSignature, since: Int64)] = [:]
        seen.reserveCapacity(entries.count)
        var waiting = 0
        for entry in entries {
            let key = entry.relativePath
            let previous = lastSeen[key]
            let unchangedSince = previous?.signature == entry.signature ? previous!.since : now
            seen[key] = (entry.signature, unchangedSince)
            if entry.kind != .regular {
                ready.append(entry)  // never written through: links, FIFOs, sockets go straight to failed/
                continue
            }
            if let lastWrite = beingWritten[key], now - lastWrite < abandonedWriteNanos {
                waiting += 1
                continue
            }
            let stable = previous != nil && now - unchangedSince >= settleDelayNanos
            let settled = now - entry.modified >= settleDelayNanos
            if completed.contains(key) || stable || settled {
                ready.append(entry)
            } else {
                waiting += 1
            }
        }
        lastSeen = seen
        completed.removeAll()
        beingWritten = beingWritten.filter { seen[$0.key] != nil }
        return (ready, waiting)
    }

    /// True when inotify saw a write to the file and no close yet (and it is not abandoned).
    func isBeingWritten(_ path: [UInt8], now: Int64 = Clock.nowNanos()) -> Bool {
        guard let lastWrite = beingWritten[path] else { return false }
        return now - lastWrite < abandonedWriteNanos
    }

    /// Forgets a file once it left the inbox.
    mutating func forget(_ path: [UInt8]) {
        lastSeen[path] = nil
        beingWritten[path] = nil
    }
}
