import NewsCore

/// A stored article and the files recorded as its duplicates.
public struct DuplicateGroup: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var kind: String
        public var similarity: Double
        public var sourceName: String
        public var path: String?
    }
    public var articleID: Int64
    public var title: String
    public var path: String?
    public var members: [Member]
}

/// An article similar to another, with its estimated similarity.
public struct SimilarArticle: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var similarity: Double
    public var path: String?
}

extension SQLiteIndex {
    /// Articles that have duplicates, most duplicated first.
    public func duplicateGroups(limit: Int) throws -> [DuplicateGroup] {
        try read {
            let groups = try connection.cached("""
                SELECT a.id, a.title, a.file_path FROM articles a
                JOIN (SELECT article_id, count(*) AS n FROM duplicates GROUP BY article_id) d ON d.article_id = a.id
                ORDER BY d.n DESC, a.id LIMIT ?
                """).map([.integer(Int64(limit))]) { DuplicateGroup(articleID: $0.int(0), title: $0.string(1) ?? "", path: $0.string(2), members: []) }
            let members = try connection.cached("SELECT kind, similarity, source_name, file_path FROM duplicates WHERE article_id = ? ORDER BY id")
            return try groups.map { group in
                var group = group
                group.members = try members.map([.integer(group.articleID)]) {
                    DuplicateGroup.Member(kind: $0.string(0) ?? "", similarity: $0.double(1), sourceName: $0.string(2) ?? "", path: $0.string(3))
                }
                return group
            }
        }
    }

    /// Lowest `similar` threshold answered from the LSH bands alone: they find a pair at 0.7
    /// with probability 0.988, but at 0.5 only 0.64 and at 0.3 0.12 (16 bands of 4 rows).
    /// Below it every stored signature is compared (about a second per million articles).
    public static let similarBandFloor = 0.7

    /// Stored articles similar to article `id` (MinHash over word shingles), best first,
    /// down to `threshold`. Near-duplicate files recorded against it are listed by `duplicateGroups`.
    public func similar(to id: Int64, threshold: Double, limit: Int) throws -> [SimilarArticle] {
        try read {
            guard try connection.cached("SELECT 1 FROM articles WHERE id = ?").first([.integer(id)], { _ in true }) != nil else {
                throw IndexError.notFound(id: id)
            }
            guard let signature = try NearCandidates.storedSignature(of: id, in: connection) else { return [] }
            var matches: [(id: Int64, similarity: Double)] = []
            if threshold >= Self.similarBandFloor {
                // Every member of a shared band (no second key asked for: at these thresholds
                // one band is the evidence), at most `membersReadPerKey` per key.
                var members = Set(try signature.bandKeys.flatMap { try NearCandidates.members(ofBand: $0, recent: nil, in: connection) })
                members.remove(id)
                matches = try NearCandidates.matches(among: members, to: signature, threshold: threshold, in: connection)
                // The newest articles' bands are in no table yet (and theirs only: the band check
                // of `newsq check`): their signatures are compared.
                matches += try NearCandidates.unstagedMatches(to: signature, threshold: threshold, in: connection).filter { $0.id != id }
            } else {
                try connection.cached("SELECT article_id, minhash FROM article_minhash WHERE article_id <> ?").forEachRow([.integer(id)]) { row in
                    guard let stored = row.blob(1).flatMap(MinHashSignature.init(bytes:)) else { return }
                    let similarity = signature.similarity(to: stored)
                    if similarity >= threshold { matches.append((row.int(0), similarity)) }
                }
            }
            let best = matches.sorted(by: NearCandidates.closerFirst).prefix(limit)
            // Titles and paths only for the articles listed (`file_path` sits past the body).
            let describe = try connection.cached("SELECT title, file_path FROM articles WHERE id = ?")
            return try best.map { match in
                let (title, path) = try describe.first([.integer(match.id)]) { ($0.string(0) ?? "", $0.string(1)) } ?? ("", nil)
                return SimilarArticle(id: match.id, title: title, similarity: match.similarity, path: path)
            }
        }
    }

    /// Failures recorded, newest first.
    public func failures(limit: Int) throws -> [FailedFile] {
        try connection.cached("""
            SELECT id, source_name, file_path, reason_code, reason, recorded_at FROM failures ORDER BY id DESC LIMIT ?
            """).map([.integer(Int64(limit))]) {
            FailedFile(id: $0.int(0), sourceName: $0.string(1) ?? "", path: $0.string(2), reasonCode: $0.string(3) ?? "",
                       reason: $0.string(4) ?? "", recordedAt: $0.int(5))
        }
    }
}
