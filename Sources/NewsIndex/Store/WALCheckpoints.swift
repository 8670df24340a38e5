import CSQLite

/// Copies WAL frames into the database file from a connection of its own, so that a writer
/// busy with a backlog can leave most checkpoint work to another thread. Confine it to one
/// queue (its connection is not thread-safe).
public final class BackgroundCheckpointer: @unchecked Sendable {
    private let connection: Connection

    /// Opens a second connection to the database at `path`.
    public init(path: String) throws {
        connection = try Connection(path: path, mode: .readWrite)
        // A checkpoint on a connection that has not read the database yet does nothing (SQLite
        // opens the WAL on the first read): one read here, or every `run` would be a no-op.
        _ = try connection.scalar("PRAGMA schema_version")
    }

    /// A passive checkpoint: copies what it can without waiting for readers or the writer.
    public func run() { connection.walCheckpoint(SQLITE_CHECKPOINT_PASSIVE) }
}

extension Connection {
    /// Copies WAL frames into the database file (`SQLITE_CHECKPOINT_PASSIVE`: what it can
    /// without waiting; `…_TRUNCATE`: all, then empties the WAL).
    func walCheckpoint(_ mode: Int32) {
        sqlite3_wal_checkpoint_v2(handle, nil, mode, nil, nil)
    }
}

/// The WAL's length after the writer's last commit (a WAL hook keeps it).
final class WALWatch {
    var frames: Int32 = 0
}

extension SQLiteIndex {
    /// WAL frames (pages) after the last commit of this connection, while checkpoints are
    /// left to others; 0 otherwise.
    public var walFrames: Int { Int(walWatch.frames) }

    /// `true`: commits no longer checkpoint (a `BackgroundCheckpointer` does, and
    /// `checkpointNow` when the WAL grows past what the writer allows); `false`: SQLite
    /// checkpoints every `autoCheckpointPages` again, as it does by default here.
    public func leaveCheckpointsToOthers(_ others: Bool) {
        if others {
            let hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = { context, _, _, frames in
                Unmanaged<WALWatch>.fromOpaque(context!).takeUnretainedValue().frames = frames
                return SQLITE_OK
            }
            sqlite3_wal_hook(connection.handle, hook, Unmanaged.passUnretained(walWatch).toOpaque())
        } else {
            walWatch.frames = 0
            sqlite3_wal_autocheckpoint(connection.handle, SQLiteIndex.autoCheckpointPages)
        }
    }

    /// A passive checkpoint on this connection. Between transactions, with the background
    /// checkpoint done, it copies only the frames since; the next write then starts the WAL over.
    public func checkpointNow() {
        connection.walCheckpoint(SQLITE_CHECKPOINT_PASSIVE)
        walWatch.frames = 0
    }
}
