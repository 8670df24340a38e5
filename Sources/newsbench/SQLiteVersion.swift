import CSQLite

/// The SQLite library version linked in.
enum SQLiteVersion {
    static var string: String { String(cString: sqlite3_libversion()) }
}
