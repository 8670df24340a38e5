@testable import NewsIngest

// Whole-list forms of the streaming scan and readiness API, for tests that look at one scan.

extension InboxScanner {
    /// Every entry `forEachEntry` passes on, in its order.
    func scan() -> [InboxEntry] {
        var entries: [InboxEntry] = []
        forEachEntry { entries.append($0) }
        return entries
    }
}

extension ReadinessTracker {
    /// Judges one scan's entries: the ready ones, and how many wait.
    mutating func ready(_ entries: [InboxEntry], now: Int64) -> (ready: [InboxEntry], waiting: Int) {
        let ready = entries.filter { isReady($0, now: now) }
        return (ready, finishScan())
    }
}
