import CSQLite

/// An SQLite failure: the result code, SQLite's own message, and the SQL that caused it.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes masked off).
    public var primaryCode: Int32 { code & 0xff }

    /// True for faults of the disk or the file, where waiting and retrying can help.
    public var isTransient: Bool {
        [SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN].contains(primaryCode)
    }

    /// True when the database file itself is damaged.
    public var isCorruption: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }

    public var description: String {
        var text = "database error \(code): \(message)"
        if primaryCode == SQLITE_FULL { text += " (the disk is full: free space; files stay in the inbox and are retried)" }
        if primaryCode == SQLITE_READONLY { text += " (the database is read-only: check permissions of the state directory)" }
        if isCorruption { text += " (the database file is damaged: run `newsq check`, then restore from `newsq export` output or move the file away to rebuild)" }
        if let sql { text += " [sql: \(sql.prefix(200))]" }
        return text
    }
}
