import CSQLite

/// One SQLite connection. Not thread-safe: confine it to one queue or thread.
public final class Connection {
    let handle: OpaquePointer
    /// The database file path.
    public let path: String
    private var statements: [String: Statement] = [:]
    /// What the `newsd` tokenizer shares with this connection (where recorded tokens are offered).
    lazy var tokenizerState: UnsafeMutablePointer<NewsdShared>? = newsd_shared_state(handle)

    /// How the connection opens the file.
    public enum Mode { case readWrite, readOnly }

    /// Process-wide settings, made before the first connection opens (SQLite refuses them after).
    private static let configured: Void = { _ = newsd_sqlite_config_no_memory_statistics() }()

    /// Opens (and for `.readWrite` creates) the database at `path`.
    public init(path: String, mode: Mode, busyTimeoutMilliseconds: Int32 = 5000) throws {
        Self.configured
        var db: OpaquePointer?
        let flags = (mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY)
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(code: rc, message: "\(message): \(path)")
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // The FTS index uses the `newsd` tokenizer (Arabic/CJK normalisation, exact forms):
        // every connection that reads or writes it needs it registered.
        let registered = newsd_register_tokenizer(db)
        guard registered == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw DatabaseError(code: registered, message: "cannot register the newsd FTS5 tokenizer: \(message)")
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw DatabaseError(code: rc, message: text, sql: sql)
        }
    }

    /// A cached prepared statement for `sql` (prepared on first use, reused after).
    public func cached(_ sql: String) throws -> Statement {
        if let statement = statements[sql] { return statement }
        let statement = try Statement(connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// A new prepared statement, not cached (for one-off SQL).
    public func prepare(_ sql: String) throws -> Statement { try Statement(connection: self, sql: sql) }

    /// The single integer a query returns (0 when no row).
    public func scalar(_ sql: String, _ values: [Statement.Value] = []) throws -> Int64 {
        try cached(sql).first(values) { $0.int(0) } ?? 0
    }

    /// The single string a query returns.
    public func string(_ sql: String, _ values: [Statement.Value] = []) throws -> String? {
        try cached(sql).first(values) { $0.string(0) } ?? nil
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back and rethrows on error.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` inside a read transaction, so all its queries see one snapshot.
    public func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Whether no transaction is open.
    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last insert.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
