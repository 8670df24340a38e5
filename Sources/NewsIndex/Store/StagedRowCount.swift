/// The rows waiting in a tier's small staging table (`dedup_keys_recent`, `article_filters_recent`),
/// counted once per write transaction and kept up to date as rows are staged, so the merge
/// into the larger table happens when they reach the tier's limit without a count per insert.
/// Only decides when rows move; a wrong count (rows removed, another connection's writes)
/// moves them a little early or late and never loses one.
final class StagedRowCount {
    /// Rows staged, as counted in this transaction (nil: count at the next use).
    var rows: Int?

    /// Notes `added` rows just staged in `table`; runs `merge` and starts again from zero once
    /// the table holds `limit` rows. Call inside the write transaction that staged them.
    func staged(_ added: Int, in table: String, limit: Int, connection: Connection, merge: (Connection) throws -> Void) throws {
        let total = try rows.map { $0 + added } ?? Int(connection.scalar("SELECT count(*) FROM \(table)"))
        rows = total
        if total >= limit {
            try merge(connection)
            rows = 0
        }
    }
}
