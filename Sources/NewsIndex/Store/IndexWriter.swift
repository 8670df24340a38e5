import NewsCore

/// The write side of an index backend, used by the ingest pipeline inside one transaction
/// per batch. Everything done through one writer commits together or not at all.
///
/// Backends implement this narrow interface (SQLite today, PostgreSQL planned); the dedup
/// policy lives in the ingest pipeline, not here.
public protocol IndexWriter {
    /// The article whose text, or a near copy's text, has this exact-duplicate key, if any.
    func articleID(contentKey: String) throws -> Int64?
    /// The article published at this canonical URL key, if any.
    func articleID(urlKey: String) throws -> Int64?
    /// The article with this slug on this site, if any.
    func articleID(slug: String, site: String) throws -> Int64?
    /// The most similar stored article at or above `threshold`, found through LSH bands.
    func nearestDuplicate(of signature: MinHashSignature, threshold: Double) throws -> (id: Int64, similarity: Double)?
    /// The mtime of the file article `id` was last stored from, when it was taken early
    /// (`ArticleRecord.earlyModified`); nil otherwise.
    func earlyModified(of id: Int64) throws -> Int64?
    /// Title of a stored article (for log lines).
    func title(of id: Int64) throws -> String?
    /// Where article `id`'s file was recorded to go (relative to the state folder) and that
    /// file's SHA-256; nil for no such article.
    func storedFile(of id: Int64) throws -> (path: String, hash: String)?
    /// Stores a new article and indexes it; returns its id.
    func insert(_ record: ArticleRecord, at time: Int64) throws -> Int64
    /// Replaces article `id` with a new version (same id); returns the new revision number.
    func replace(id: Int64, with record: ArticleRecord, at time: Int64) throws -> Int
    func recordDuplicate(_ record: DuplicateRecord, at time: Int64) throws
    func recordFailure(_ record: FailureRecord, at time: Int64) throws
    /// Journals that the file `sourceName` with `fileHash` must move to `destination` once
    /// this transaction commits: a crash after the commit finishes the move on restart.
    @discardableResult
    func journalMove(sourceName: String, fileHash: String, destination: String, at time: Int64) throws -> Int64
    /// Marks journalled moves done (their files have left the inbox).
    func markMovesDone(_ ids: [Int64]) throws
    /// Points journalled move `id` at a new destination, and the records of its file (the
    /// articles, duplicates, failures and revisions with path `old`, written with the move or
    /// after it) with it: the name it was given was taken before the move could happen.
    func redirectMove(id: Int64, fileHash: String, from old: String, to new: String) throws
    /// Sets a metadata value (e.g. `last_ingest`).
    func setMeta(_ key: String, _ value: String) throws
}
