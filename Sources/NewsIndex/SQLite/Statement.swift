import CSQLite

/// A prepared statement, confined to its connection's queue. Prepared once, reused many times.
public final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: Connection

    init(connection: Connection, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw connection.error(rc, sql: sql) }
        self.handle = stmt
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// A value that can be bound to a parameter.
    public enum Value: Equatable {
        case null, integer(Int64), real(Double), text(String), blob([UInt8])
        /// Where the ranking function counts the rows it scores (CSQLite/ranking.h).
        case tally(UnsafeMutablePointer<NewsdRankTally>)
    }

    /// Resets the statement, binds `values` to parameters 1…n and runs `body` while they are
    /// bound; the bindings are cleared after. Text and blobs are bound in place
    /// (`SQLITE_STATIC`), not copied: `body` runs inside the scopes that hold their bytes still
    /// (the copies were a tenth of the writer's binding and stepping outside FTS5).
    private func withBindings<T>(_ values: [Value], _ body: () throws -> T) throws -> T {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        // After a binding failed (nothing stepped), bindings may point at bytes gone since:
        // clearing reads none of them, and every call resets and clears before binding.
        defer { sqlite3_clear_bindings(handle) }
        return try bindInPlace(values, from: 0, body)
    }

    /// Binds `values[start...]`, then runs `body`: each text or blob in the scope of its bytes
    /// (one nested scope per buffer value, a few per statement), everything else directly.
    private func bindInPlace<T>(_ values: [Value], from start: Int, _ body: () throws -> T) throws -> T {
        var offset = start
        while offset < values.count {
            let index = Int32(offset + 1)
            switch values[offset] {
            case .null: try check(sqlite3_bind_null(handle, index))
            case .integer(let v): try check(sqlite3_bind_int64(handle, index, v))
            case .real(let v): try check(sqlite3_bind_double(handle, index, v))
            case .tally(let pointer): try check(newsd_bind_tally(handle, index, pointer))
            case .text(let v):
                // With the byte count, not -1: a NUL inside the text must not cut it short.
                var text = v
                return try text.withUTF8 {
                    try check(sqlite3_bind_text(handle, index, UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32($0.count), nil))
                    return try bindInPlace(values, from: offset + 1, body)
                }
            case .blob(let v):
                return try v.withUnsafeBytes {
                    try check(sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), nil))
                    return try bindInPlace(values, from: offset + 1, body)
                }
            }
            offset += 1
        }
        // Reset while every scope is still open: a reset of a stepped statement may call a
        // trace hook that reads the bound values.
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        return try body()
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
    }

    /// Steps once: true when a row is available.
    private func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = connection.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs to completion, ignoring rows.
    public func run(_ values: [Value] = []) throws {
        try withBindings(values) { while try step() {} }
    }

    /// Calls `body` for each row.
    public func forEachRow(_ values: [Value] = [], _ body: (Row) throws -> Void) throws {
        try withBindings(values) { while try step() { try body(Row(handle: handle)) } }
    }

    /// The rows mapped by `transform`.
    public func map<T>(_ values: [Value] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEachRow(values) { out.append(try transform($0)) }
        return out
    }

    /// The first row mapped by `transform`, if any.
    public func first<T>(_ values: [Value] = [], _ transform: (Row) throws -> T) throws -> T? {
        try withBindings(values) { try step() ? transform(Row(handle: handle)) : nil }
    }
}

/// The current row of a statement; valid only inside the callback that receives it.
public struct Row {
    let handle: OpaquePointer

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    public func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    public func blob(_ column: Int32) -> [UInt8]? {
        guard let bytes = sqlite3_column_blob(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
