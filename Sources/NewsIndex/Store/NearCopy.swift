/// Near duplicates are searchable (schema 7): their text sits in `near_copies` and in the
/// one FTS index, under rowids no article reaches, and searches fold them into their article.
enum NearCopy {
    /// A near copy's FTS rowid is this plus the id of its `duplicates` record.
    static let rowidBase: Int64 = 1 << 40

    /// Whether an FTS rowid names a near copy rather than an article.
    static func isCopy(_ rowid: Int64) -> Bool { rowid >= rowidBase }
}
