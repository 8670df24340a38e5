/// The first `limit` entries in taking order (oldest mtime, then name) of those a scan
/// passes, kept while it streams by: a max-heap whose top is the entry to drop first.
///
/// A backlog of a million files then costs the memory of `limit` entries, not of a million;
/// the files left out are found again by the scan after these are taken.
struct OldestEntries {
    let limit: Int
    private var heap: [InboxEntry] = []
    /// Entries offered, kept or not.
    private(set) var offered = 0

    init(limit: Int) {
        precondition(limit > 0, "a scan must queue at least one file")
        self.limit = limit
    }

    /// Entries offered and not kept.
    var leftOut: Int { offered - heap.count }

    mutating func offer(_ entry: InboxEntry) {
        offered += 1
        if heap.count < limit {
            heap.append(entry)
            siftUp(heap.count - 1)
        } else if IngestPipeline.takenBefore(entry, heap[0]) {
            heap[0] = entry
            siftDown(0)
        }
    }

    /// The entries kept, in taking order, sorted in place (no second copy of the queue).
    consuming func sorted() -> [InboxEntry] {
        heap.sort(by: IngestPipeline.takenBefore)
        return heap
    }

    /// True when `a` is to be dropped before `b` (comes later in taking order).
    private func dropsFirst(_ a: Int, _ b: Int) -> Bool { IngestPipeline.takenBefore(heap[b], heap[a]) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard dropsFirst(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var top = parent
            let left = 2 * parent + 1, right = left + 1
            if left < heap.count, dropsFirst(left, top) { top = left }
            if right < heap.count, dropsFirst(right, top) { top = right }
            guard top != parent else { return }
            heap.swapAt(parent, top)
            parent = top
        }
    }
}
