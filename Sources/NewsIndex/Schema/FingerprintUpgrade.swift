import NewsCore

/// Keeps stored MinHash signatures comparable with new ones: when the hashing scheme of
/// this build (`MinHashSignature.scheme`) differs from the one recorded in `meta`, every
/// stored signature and its LSH bands are recomputed from the article text, in one
/// transaction. Without this, near-duplicates of older articles would go unnoticed.
enum FingerprintUpgrade {
    static func run(_ connection: Connection) throws {
        let recorded = try connection.string("SELECT value FROM meta WHERE key = 'minhash_scheme'")
        guard recorded != MinHashSignature.scheme else { return }
        try connection.writeTransaction {
            for table in BandStaging.tables { try connection.execute("DELETE FROM \(table)") }
            try connection.execute("DELETE FROM article_minhash")
            let store = try connection.prepare("INSERT INTO article_minhash (article_id, minhash) VALUES (?, ?)")
            let band = try connection.prepare("INSERT OR IGNORE INTO near_bands (band_key, article_id) VALUES (?, ?)")
            // In id order, 500 at a time, so memory stays bounded on a large index.
            let chunk = try connection.prepare("SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT 500")
            var last: Int64 = 0
            while true {
                let rows = try chunk.map([.integer(last)]) { ($0.int(0), $0.string(1) ?? "", $0.string(2) ?? "") }
                guard let end = rows.last?.0 else { break }
                for (id, title, body) in rows {
                    guard let signature = MinHashSignature.of(title: title, body: body) else { continue }
                    try store.run([.integer(id), .blob(signature.bytes)])
                    for key in signature.bandKeys { try band.run([.integer(key), .integer(id)]) }
                }
                last = end
            }
            // Every article's rows are in `near_bands`: none is left to the in-memory tier.
            try BandStaging.setMark(last, in: connection)
            try connection.cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('minhash_scheme', ?)").run([.text(MinHashSignature.scheme)])
        }
    }
}
