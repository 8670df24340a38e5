/// Files that arrived while a backlog drains, taken ahead of it a few per batch.
///
/// Without it a file dropped behind a bulk import of 50,000 files waits for all of them (the
/// queue holds one scan, oldest mtime first). Inotify names each file renamed or written into
/// the inbox; while the scanned queue is not empty, the pipeline adds a few of them to each
/// batch, so a fresh file is searchable a batch or two later. A scan also puts here the few
/// files inotify named just before it, found beside a backlog it did not name. What the lane
/// has not taken when the queue empties is left to the next scan. An article taken early keeps
/// its file's mtime until the backlog it was taken ahead of is in, so an older version taken
/// after it does not replace it (`DedupPolicy`).
struct FreshLane {
    /// Names the scan queued, taken since or not: a notice for one of them is not a fresh
    /// file (taken from the queue, its batch may still be in flight).
    private var queued: Set<[UInt8]> = []
    /// Names noticed since the scan, in the order noticed.
    private var noticed: [[UInt8]] = []
    private var next = 0
    /// Every name noticed since the scan: a file is taken at most once between two scans
    /// (unless released untaken), so a second notice cannot put it in a batch while its first
    /// is in flight, nor once its batch failed and put it back in the queue.
    private var seen: Set<[UInt8]> = []
    /// Names taken from the lane since the scan (ahead of files that arrived before them).
    private var early: Set<[UInt8]> = []
    /// True when a noticed file was passed over since the scan: it waits for the next one.
    private(set) var leftFilesBehind = false

    /// True when no noticed file waits.
    var isEmpty: Bool { next >= noticed.count }

    /// Noticed files waiting.
    var count: Int { noticed.count - next }

    /// Starts over for the queue a scan just filled: that scan found every file noticed so far.
    mutating func reset(queue: some Sequence<InboxEntry>) {
        queued = Set(queue.lazy.map(\.relativePath))
        noticed.removeAll()
        seen.removeAll()
        early.removeAll()
        leftFilesBehind = false
        next = 0
    }

    /// At most this many names are noticed between two scans: the lane takes at most 64 per
    /// batch, and past this many a flood of files (a copy file by file while a backlog
    /// drains) is left to the next scan, so the lane's memory stays bounded.
    static let noticeLimit = 4_096

    /// Notes a file complete in the inbox (closed after writing, or renamed in).
    mutating func notice(_ name: [UInt8]) {
        guard !queued.contains(name), !seen.contains(name) else { return }
        guard seen.count < Self.noticeLimit else { return leftBehind() }
        seen.insert(name)
        noticed.append(name)
    }

    /// The next noticed file, oldest notice first; nil when none waits.
    mutating func take() -> [UInt8]? {
        guard next < noticed.count else { return nil }
        let name = noticed[next]
        next += 1
        early.insert(name)
        if next == noticed.count {
            noticed.removeAll(keepingCapacity: true)
            next = 0
        }
        return name
    }

    /// Puts the name `take` just returned back at the head of the lane (it did not fit).
    mutating func putBack(_ name: [UInt8]) {
        early.remove(name)
        if next > 0 {
            next -= 1
        } else {
            noticed.insert(name, at: 0)
        }
    }

    /// Lets a taken name be noticed again (it was not taken after all: still being written).
    mutating func release(_ name: [UInt8]) {
        early.remove(name)
        seen.remove(name)
    }

    /// Notes that the file `name` has left the inbox (its batch committed, its move done),
    /// whether the scan queued it or the lane took it: a file dropped under the same name later
    /// is a fresh one (a feed fetcher's `latest.xml` written again), not the one in flight.
    mutating func forgetMoved(_ name: [UInt8]) {
        queued.remove(name)
        seen.remove(name)
    }

    /// Notes that a noticed file was passed over (it waits for the next scan).
    mutating func leftBehind() { leftFilesBehind = true }

    /// True when the file was taken from the lane since the scan.
    func isTakenEarly(_ name: [UInt8]) -> Bool { early.contains(name) }
}

/// The ready files a scan found that inotify had named just before it, kept apart while the
/// scan streams by: if they are few (at most `limit`) beside a backlog, they go to the fresh
/// lane (`IngestPipeline.freshFromScan`); one more, and all of them stay in order.
struct NamedAlone {
    let limit: Int
    private(set) var entries: [InboxEntry] = []
    private var tooMany = false

    init(limit: Int) { self.limit = limit }

    /// Keeps `entry` apart, or offers it to `oldest` (with the ones kept so far) once there
    /// are too many to go ahead.
    mutating func add(_ entry: InboxEntry, overflowingInto oldest: inout OldestEntries) {
        if !tooMany, entries.count < limit { return entries.append(entry) }
        if !tooMany {
            tooMany = true
            for kept in entries { oldest.offer(kept) }
            entries.removeAll()
        }
        oldest.offer(entry)
    }
}
