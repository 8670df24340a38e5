import CSQLite
import Foundation
import NewsCore

/// The SQLite backend: one connection, WAL mode, FTS5 external-content index written
/// explicitly next to each row. Confine an instance to one queue or thread.
public final class SQLiteIndex {
    /// The connection, for the read side and maintenance in this module.
    let connection: Connection
    /// Band keys already stored, for the near-duplicate check (writers only).
    let bandKeys = StoredKeyFilter(source: "SELECT band_key FROM near_bands_all", keysPerArticle: MinHashSignature.bands,
                                   maxKeys: 12_000_000) { $0.int(0) }  // 16 MB: 750,000 articles at 1%
    /// The newest articles' band keys, held in memory until they are merged (writers only).
    let recentBands = RecentBands()
    /// Dedup keys already stored (and near copies' text keys), for the exact, URL and slug
    /// lookups: a new article's keys are almost never stored, and each lookup probes two tiers.
    let dedupKeys = StoredKeyFilter(source: DedupKeys.stored, keysPerArticle: 3,
                                    maxKeys: 3_000_000) { DedupKeys.filterKey($0.string(0) ?? "") }  // 4 MB: 1,000,000 articles
    /// Staged dedup keys, counted once per write transaction.
    let dedupStaged = StagedRowCount()
    /// Staged filter entries, counted once per write transaction.
    let filterStaged = StagedRowCount()
    /// The WAL's length, while checkpoints are left to others (`leaveCheckpointsToOthers`).
    let walWatch = WALWatch()
    /// Checkpoint every 32 MB of WAL rather than SQLite's 4 MB: index pages rewritten by
    /// successive batches are then copied to the database once, not once per batch.
    public static let autoCheckpointPages: Int32 = 8192
    /// The database file.
    public var path: String { connection.path }
    /// Temporary tables in memory, and a 16 MB page cache, for every connection.
    static let cacheSettings = "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000"
    /// The second connection of searches split in two (`SplitRanking`), once opened.
    private(set) var splitHelper: Connection?
    /// Set when the second connection could not be opened: searches then run as one statement.
    private var splitHelperFailed = false
    /// When a ranked search is split over two connections (tests lower them).
    var splitThresholds = SplitRanking.Thresholds()

    /// How durable a commit is. `full` survives power loss; `normal` survives a crash of newsd.
    public enum Durability: String, Sendable { case full, normal }

    /// Opens the database at `path`. Read-write opens create it and migrate the schema;
    /// read-only opens need it to exist and refuse a schema from a newer build.
    /// Read-write opens of an existing file that holds no index (0 bytes, or another
    /// program's database) throw `notAnIndex` instead of creating the schema in it, unless
    /// `adopt` (newsd's own database path, `newsq import`).
    public init(path: String, readOnly: Bool = false, durability: Durability = .full, adopt: Bool = true) throws {
        if readOnly, !FileSystemProbe.exists(path) { throw IndexError.missingDatabase(path: path) }
        connection = try Connection(path: path, mode: readOnly ? .readOnly : .readWrite)
        if !adopt || readOnly, try connection.scalar("PRAGMA user_version") == 0 { throw IndexError.notAnIndex(path: path) }
        if readOnly {
            let version = try connection.scalar("PRAGMA user_version")
            if version > Schema.currentVersion {
                throw IndexError.newerSchema(found: version, supported: Schema.currentVersion)
            }
            if version < Schema.currentVersion {
                throw IndexError.query("the database at \(path) has schema version \(version); start newsd once to migrate it")
            }
        } else {
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.execute("PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // After a checkpoint the WAL is cut back to this size instead of staying at its peak.
            try connection.execute("PRAGMA journal_size_limit = 67108864")
            try connection.execute("PRAGMA wal_autocheckpoint = \(SQLiteIndex.autoCheckpointPages)")
            try Schema.migrate(connection)
            try FingerprintUpgrade.run(connection)
        }
        try connection.execute(Self.cacheSettings)
    }

    /// FTS column values whose tokens were recorded off the writer thread and replayed
    /// (`TokenRecorder`) since this index was opened.
    public var replayedColumns: Int64 { connection.tokenizerState?.pointee.replayed ?? 0 }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): all or nothing.
    public func write<T>(_ body: (IndexWriter) throws -> T) throws -> T {
        do {
            return try connection.writeTransaction {
                bandKeys.beginTransaction()
                dedupKeys.beginTransaction()
                recentBands.beginTransaction()
                // A rolled-back transaction may have counted rows that are gone.
                dedupStaged.rows = nil
                filterStaged.rows = nil
                return try body(SQLiteWriter(connection: connection, bandKeys: bandKeys, recentBands: recentBands, dedupKeys: dedupKeys,
                                             dedupStaged: dedupStaged, filterStaged: filterStaged))
            }
        } catch {
            // Keys added (or a merge made) in the rolled-back transaction are gone from the database.
            recentBands.invalidate()
            throw error
        }
    }

    /// Loads what the duplicate checks keep in memory (the band-key and dedup-key filters:
    /// about a second per 200,000 articles); otherwise the first write that needs them does.
    public func prepareDuplicateChecks() throws {
        try read {
            try bandKeys.refresh(connection)
            try dedupKeys.refresh(connection)
        }
    }

    /// The second connection of searches split in two (`SplitRanking`), opened on first use;
    /// nil for in-memory databases and when it cannot be opened (searches then run on one).
    func rankingHelper() -> Connection? {
        guard !splitHelperFailed, !path.isEmpty, path != ":memory:" else { return nil }
        if let splitHelper { return splitHelper }
        do {
            let helper = try Connection(path: path, mode: .readOnly)
            try helper.execute(Self.cacheSettings)
            splitHelper = helper
        } catch {
            splitHelperFailed = true
        }
        return splitHelper
    }

    /// Runs `body` on one consistent snapshot of the database.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try connection.readTransaction(body)
    }

    // MARK: Move journal

    /// A journalled move of an inbox file that may not have happened yet.
    public struct PendingMove: Sendable, Equatable {
        public var id: Int64
        public var sourceName: String
        public var fileHash: String
        public var destination: String
    }

    /// Moves journalled but not yet confirmed done.
    public func pendingMoves() throws -> [PendingMove] {
        try connection.cached("SELECT id, source_name, file_hash, destination FROM file_moves WHERE done = 0").map {
            PendingMove(id: $0.int(0), sourceName: $0.string(1) ?? "", fileHash: $0.string(2) ?? "", destination: $0.string(3) ?? "")
        }
    }

    /// Marks journalled moves as done (the files left the inbox).
    public func markMovesDone(_ ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try write { try $0.markMovesDone(ids) }
    }

    /// Forgets the mtimes of articles taken early (`ArticleRecord.earlyModified`): once every file
    /// that was waiting when they were taken has been taken too, versions are again decided
    /// by the order files are taken in. Returns how many articles had one.
    @discardableResult
    public func clearEarlyModified() throws -> Int {
        try connection.writeTransaction {
            try connection.execute("UPDATE articles SET early_mtime = NULL WHERE early_mtime IS NOT NULL")
            return connection.changes
        }
    }

    /// A metadata value (`last_ingest`, …).
    public func meta(_ key: String) throws -> String? {
        try connection.string("SELECT value FROM meta WHERE key = ?", [.text(key)])
    }

    /// Folds the WAL back into the database file and truncates it (at shutdown; waits for
    /// readers up to the busy timeout, never fails).
    public func checkpoint() {
        connection.walCheckpoint(SQLITE_CHECKPOINT_TRUNCATE)
    }
}

enum FileSystemProbe {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
