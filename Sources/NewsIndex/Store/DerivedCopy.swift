/// When a writer's in-memory copy of what the database holds (`StoredKeyFilter`,
/// `RecentBands`) must be built again: checked at most once per write transaction, at its first
/// use, and stale when another connection has committed since it was built (`PRAGMA
/// data_version`, which this connection's own commits leave alone) or when it was dropped.
struct DerivedCopy {
    /// True once built, until dropped or a rebuild starts.
    private(set) var isBuilt = false
    private var dataVersion: Int64 = -1
    /// Write transactions begun, and the one the copy was last checked in.
    private var transaction = 0, checkedIn = -1

    /// Notes that a write transaction began (the copy is checked again at its first use).
    mutating func beginTransaction() { transaction += 1 }

    /// Drops the copy: the next check builds it again.
    mutating func invalidate() { isBuilt = false }

    /// Runs `build` when the copy is missing, stale or `outgrown`, once per transaction; call
    /// inside it. Only a build that succeeded counts as done: after a failed one the next call
    /// tries again.
    mutating func refresh(_ connection: Connection, outgrown: () -> Bool = { false }, build: () throws -> Void) throws {
        guard checkedIn != transaction else { return }
        let version = try connection.scalar("PRAGMA data_version")
        if !isBuilt || version != dataVersion || outgrown() {
            isBuilt = false
            try build()
            isBuilt = true
            dataVersion = version
        }
        checkedIn = transaction
    }
}
