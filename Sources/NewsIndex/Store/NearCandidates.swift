import NewsCore

/// Which stored articles a new signature is compared with, chosen from the members of the
/// LSH band keys it shares with them.
///
/// Every candidate costs a random read of its signature, and at 200k benchmark articles these
/// reads were the writer's largest cost after FTS5. Two rules keep the reads down:
/// - *Shared bands* (loses no match). Signatures agreeing in `s` of the 64 values differ in at
///   most `64 − s`, and each difference spoils at most one of the 16 bands, so at the default
///   threshold of 0.8 (52 values) a match shares at least 4 band keys (`minimumSharedBands`).
///   A new article with fewer of its keys in the band-key filter than that is not looked up
///   at all; otherwise only the articles holding that many of its keys are compared.
/// - *Common keys* (loses no match at 50/64, 0.78, and above). A band key shared by many
///   articles (boilerplate, a recurring paragraph) says little, so a member of a *common* key
///   is compared only when it shares a second key with the new article; members of rare keys
///   are compared as before. From 50/64 up the first rule already asks for two shared keys;
///   below it (`near_duplicate_threshold` is configurable) a pair whose one shared key is
///   common is not compared.
enum NearCandidates {
    /// A key with at most this many members is rare: every member is a candidate.
    static let rareKeyMembers = 8
    /// Members read per key (newest table first, highest id first within each): bounds a
    /// check's work for the commonest keys.
    static let membersReadPerKey = 256
    /// Signatures compared per check, those sharing the most keys first.
    static let limit = 64

    /// The fewest band keys a stored signature must share with a new one to be at least
    /// `threshold` similar: the bands its differing values cannot all spoil. 0 at 48/64 (0.75)
    /// and below, where a match may share none; 17 above 1, where nothing matches.
    static func minimumSharedBands(atThreshold threshold: Double) -> Int {
        let size = MinHashSignature.size
        let fewestSame = (0...size).first { Double($0) / Double(size) >= threshold } ?? size + 1
        return max(0, MinHashSignature.bands - (size - fewestSame))
    }

    /// The candidates among `members` (each band key's members, as read), best first: those
    /// holding at least `minimumShared` of the keys. A list cut at `membersReadPerKey` may
    /// miss an article, so each such list asks for one key fewer.
    static func select(members: [[Int64]], minimumShared: Int = 0) -> [Int64] {
        var shared: [Int64: Int] = [:]
        var fromRareKey = Set<Int64>()
        for ids in members.map(Set.init) {
            for id in ids { shared[id, default: 0] += 1 }
            if ids.count <= rareKeyMembers { fromRareKey.formUnion(ids) }
        }
        let required = minimumShared - members.reduce(0) { $0 + ($1.count >= membersReadPerKey ? 1 : 0) }
        return shared.filter { $0.value >= required && ($0.value >= 2 || fromRareKey.contains($0.key)) }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key > $1.key }
            .prefix(limit).map(\.key)
    }

    /// The articles holding band `key`, newest tier first (held in memory, then the middle and
    /// bulk tables: `BandStaging.tables`) and highest id first within each, at most
    /// `membersReadPerKey`. Without `recent` (readers), the in-memory tier is left out:
    /// `unstagedMatches` compares those articles directly.
    static func members(ofBand key: Int64, recent: RecentBands?, in connection: Connection) throws -> [Int64] {
        var ids = Array((recent?.members(of: key) ?? []).prefix(membersReadPerKey))
        for table in BandStaging.tables where ids.count < membersReadPerKey {
            ids += try connection.cached("SELECT article_id FROM \(table) WHERE band_key = ? ORDER BY article_id DESC LIMIT ?")
                .map([.integer(key), .integer(Int64(membersReadPerKey - ids.count))]) { $0.int(0) }
        }
        return ids
    }

    /// The articles above the stored band mark (whose bands only a writer holds, in memory)
    /// sharing a band key with `signature` and at least `threshold` similar to it, as the band
    /// tables would find them: at most `BandStaging.limit` signatures read in id order, for readers.
    static func unstagedMatches(to signature: MinHashSignature, threshold: Double,
                                in connection: Connection) throws -> [(id: Int64, similarity: Double)] {
        var found: [(id: Int64, similarity: Double)] = []
        let keys = Set(signature.bandKeys)
        try RecentBands.forEachUnstored(in: connection) { id, stored in
            guard stored.bandKeys.contains(where: keys.contains) else { return }
            let similarity = signature.similarity(to: stored)
            if similarity >= threshold { found.append((id, similarity)) }
        }
        return found
    }

    /// Article `id`'s stored signature; nil when it has none (a text too short).
    static func storedSignature(of id: Int64, in connection: Connection) throws -> MinHashSignature? {
        try connection.cached("SELECT minhash FROM article_minhash WHERE article_id = ?")
            .first([.integer(id)]) { $0.blob(0).flatMap(MinHashSignature.init(bytes:)) } ?? nil
    }

    /// `candidates` with their similarity to `signature`, those at or above `threshold`.
    static func matches(among candidates: some Sequence<Int64>, to signature: MinHashSignature, threshold: Double,
                        in connection: Connection) throws -> [(id: Int64, similarity: Double)] {
        try candidates.compactMap { id in
            guard let stored = try storedSignature(of: id, in: connection) else { return nil }
            let similarity = signature.similarity(to: stored)
            return similarity >= threshold ? (id, similarity) : nil
        }
    }

    /// Most similar first; of equals, the older article.
    static func closerFirst(_ a: (id: Int64, similarity: Double), _ b: (id: Int64, similarity: Double)) -> Bool {
        (a.similarity, -a.id) > (b.similarity, -b.id)
    }
}
