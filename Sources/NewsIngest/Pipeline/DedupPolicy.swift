import NewsCore
import NewsIndex

/// What to do with one parsed article, decided against the index in this order:
/// 1. exact duplicate (same cleaned text) → record a duplicate;
/// 2. same canonical URL, or same slug on the same site → replace that article (an update),
///    unless the stored version was taken early (a fresh file ahead of a backlog) from a file
///    with a later mtime: then this one is an older version, recorded as a duplicate;
/// 3. near duplicate (MinHash similarity ≥ threshold) → record a duplicate with its score;
/// 4. otherwise a new article.
enum DedupDecision: Equatable {
    case insert
    case update(id: Int64)
    case duplicate(of: Int64, kind: DuplicateRecord.Kind, similarity: Double)
}

struct DedupPolicy {
    var nearThreshold: Double

    /// `modified`: the mtime of the file the article comes from.
    func decide(_ record: ArticleRecord, modified: Int64, in writer: IndexWriter) throws -> DedupDecision {
        if let id = try writer.articleID(contentKey: record.contentKey) {
            return .duplicate(of: id, kind: .exact, similarity: 1)
        }
        if let key = record.urlKey, let id = try writer.articleID(urlKey: key) {
            return try updateOrOlder(id, modified: modified, in: writer)
        }
        if let slug = record.article.slug, let site = record.site, let id = try writer.articleID(slug: slug, site: site) {
            return try updateOrOlder(id, modified: modified, in: writer)
        }
        if nearThreshold <= 1, let signature = record.minHash,
           let near = try writer.nearestDuplicate(of: signature, threshold: nearThreshold) {
            return .duplicate(of: near.id, kind: .near, similarity: near.similarity)
        }
        return .insert
    }

    /// The closest of `items` (earlier items of one file, not yet written) at or above the
    /// near-duplicate threshold; of equals, the first.
    func nearest(to signature: MinHashSignature, among items: [(position: Int, signature: MinHashSignature)])
        -> (position: Int, similarity: Double)? {
        guard nearThreshold <= 1 else { return nil }
        var best: (position: Int, similarity: Double)?
        for item in items {
            let similarity = signature.similarity(to: item.signature)
            if similarity >= nearThreshold, similarity > best?.similarity ?? -1 { best = (item.position, similarity) }
        }
        return best
    }

    /// An update of article `id`, or an older version of it. Files are taken in mtime order, so
    /// the stored version is the older one unless it was taken early: then the mtimes decide
    /// (ties update, as the order files are taken in would).
    private func updateOrOlder(_ id: Int64, modified: Int64, in writer: IndexWriter) throws -> DedupDecision {
        if let stored = try writer.earlyModified(of: id), stored > modified {
            return .duplicate(of: id, kind: .older, similarity: 0)
        }
        return .update(id: id)
    }
}
