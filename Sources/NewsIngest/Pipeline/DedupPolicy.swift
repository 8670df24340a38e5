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
    func nearest(to signature: MinHashSignature, among items: FileItems) -> (position: Int, similarity: Double)? {
        guard nearThreshold <= 1, !items.positions.isEmpty else { return nil }
        var best: (position: Int, similarity: Double)?
        for candidate in items.sharingABand(with: signature) {
            let similarity = signature.similarity(to: items.signatures[candidate])
            if similarity >= nearThreshold,
               similarity > best?.similarity ?? -1 || (similarity == best?.similarity && items.positions[candidate] < best!.position) {
                best = (items.positions[candidate], similarity)
            }
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

/// The items of one file decided as new so far, with their LSH bands in memory: each item is
/// compared only with those sharing a band, as the index does, not with every earlier item
/// (a feed of 10,000 items would take 50 million comparisons inside the transaction).
struct FileItems {
    var positions: [Int] = []
    var signatures: [MinHashSignature] = []
    private var byBand: [Int64: [Int]] = [:]

    mutating func append(position: Int, signature: MinHashSignature) {
        for key in signature.bandKeys { byBand[key, default: []].append(positions.count) }
        positions.append(position)
        signatures.append(signature)
    }

    /// Indexes of the items sharing at least one band with `signature`.
    func sharingABand(with signature: MinHashSignature) -> Set<Int> {
        Set(signature.bandKeys.flatMap { byBand[$0] ?? [] })
    }
}
