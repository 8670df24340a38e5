/// What became of one inbox file.
public enum IngestOutcome: Equatable, Sendable {
    /// New articles stored (several for a feed); `updated` holds ids replaced by a newer version.
    case indexed(ids: [Int64], updated: [Int64])
    /// Every article of the file duplicates a stored one.
    case duplicate(of: [Int64])
    /// Rejected with a reason; moved to `failed/`.
    case failed(reason: String)
}

/// Running totals since newsd started (for logs, `STATUS=` and the status file).
public struct IngestCounters: Sendable, Equatable {
    public var indexed = 0
    public var updated = 0
    public var duplicates = 0
    public var failed = 0
    /// Files that could not be read (permission denied, I/O error) and wait for a retry.
    public var unreadable = 0
    /// Files in the inbox not yet taken (being written, or waiting to settle).
    public var waiting = 0
    /// Ready files not yet processed.
    public var backlog = 0
    public var batches = 0

    public init() {}

    /// The counters after a rolled-back batch: outcome counts as `before`, the inbox counts
    /// (`waiting`, `backlog`, `unreadable`) as they are now.
    init(keepingProgressOf before: IngestCounters, current: IngestCounters) {
        self = before
        unreadable = current.unreadable
        waiting = current.waiting
        backlog = current.backlog
    }

    /// One line for systemd's `STATUS=`.
    public var summary: String {
        "\(indexed) indexed, \(updated) updated, \(duplicates) duplicates, \(failed) failed; backlog \(backlog), waiting \(waiting), unreadable \(unreadable)"
    }
}
