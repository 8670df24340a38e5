import Foundation
import NewsIndex

/// Everything newsd and newsq can be configured with. Defaults suit a local run from the
/// repository (`./inbox`, `./state`); the example `config/newsd.conf` documents each key.
public struct Settings: Sendable, Equatable {
    /// Folder watched for new files.
    public var inbox: String = "inbox"
    /// Folder holding the database, `processed/`, `duplicates/`, `failed/`, the lock and status files.
    public var stateDir: String = "state"
    /// Database path; defaults to `<state_dir>/news.db`.
    public var database: String?
    /// Seconds between inbox scans.
    public var interval: Double = 1.0
    /// A file whose size and mtime have not changed for this many seconds counts as complete.
    public var settleDelay: Double = 1.0
    /// Files larger than this are rejected (bytes).
    public var maxFileBytes: Int = 50 * 1024 * 1024
    /// At most this many files per transaction…
    public var batchFiles: Int = 512
    /// …and at most this many bytes read per transaction.
    public var batchBytes: Int = 32 * 1024 * 1024
    /// At most this many ready files are queued from one scan (the first to take); a larger
    /// backlog is scanned again as the queue drains, so memory does not grow with the backlog.
    public var queueFiles: Int = 50_000
    /// `full` (survives power loss) or `normal` (survives a newsd crash; faster).
    public var durability: SQLiteIndex.Durability = .full
    /// Minimum estimated Jaccard similarity for a near-duplicate.
    public var nearDuplicateThreshold: Double = 0.8
    /// Seconds without new files after which newsd merges the full-text index's segments
    /// (faster searches), in short steps that yield to new files; 0 turns it off.
    public var idleMergeAfter: Double = 2
    /// Seconds SIGTERM waits for the open batch before leaving anyway (it then rolls back).
    public var stopTimeout: Double = 20
    /// Log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String = "info"
    /// bm25 column weights for `newsq search`.
    public var weights: RankWeights = .default
    /// Recency boost for `newsq search` (0 = off).
    public var recencyBoost: Double = 0

    public init() {}

    /// The same settings with inbox, state and database paths made absolute (against the
    /// current directory), so the status file and logs name them unambiguously.
    public func withAbsolutePaths(currentDirectory: String = FileManager.default.currentDirectoryPath) -> Settings {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: currentDirectory + "/" + path).standardized.path
        }
        var s = self
        s.inbox = absolute(inbox)
        s.stateDir = absolute(stateDir)
        s.database = database.map(absolute)
        return s
    }

    /// The database file in effect.
    public var databasePath: String { database ?? stateDir + "/news.db" }
    /// The lock file that keeps a second newsd off the same database.
    public var lockPath: String { databasePath + ".lock" }
    /// The heartbeat file `newsq status` reads.
    public var statusPath: String { stateDir + "/newsd.status" }
    public var processedDir: String { stateDir + "/processed" }
    public var duplicatesDir: String { stateDir + "/duplicates" }
    public var failedDir: String { stateDir + "/failed" }
}
