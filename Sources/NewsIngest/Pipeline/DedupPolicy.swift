import NewsCore
import NewsIndex

/// What to do with one parsed article, decided against the index in this order:
/// 1. exact duplicate (same cleaned text) → record a duplicate;
/// 2. same canonical URL, or same slug on the same site → replace that article (an update);
/// 3. near duplicate (MinHash similarity ≥ threshold) → record a duplicate with its score;
/// 4. otherwise a new article.
enum DedupDecision: Equatable {
    case insert
    case update(id: Int64)
    case duplicate(of: Int64, kind: DuplicateRecord.Kind, similarity: Double)
}

struct DedupPolicy {
    var nearThreshold: Double

    func decide(_ record: ArticleRecord, in writer: IndexWriter) throws -> DedupDecision {
        if let id = try writer.articleID(contentKey: record.contentKey) {
            return .duplicate(of: id, kind: .exact, similarity: 1)
        }
        if let key = record.urlKey, let id = try writer.articleID(urlKey: key) {
            return .update(id: id)
        }
        if let slug = record.article.slug, let site = record.site, let id = try writer.articleID(slug: slug, site: site) {
            return .update(id: id)
        }
        if nearThreshold <= 1, let signature = record.minHash,
           let near = try writer.nearestDuplicate(of: signature, threshold: nearThreshold) {
            return .duplicate(of: near.id, kind: .near, similarity: near.similarity)
        }
        return .insert
    }
}
