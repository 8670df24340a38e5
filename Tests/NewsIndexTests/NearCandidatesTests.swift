import Foundation
import NewsCore
import Testing
@testable import NewsIndex

/// Which stored articles a near-duplicate check compares (`NearCandidates`).
struct NearCandidatesTests {
    @Test func membersOfACommonKeyAreComparedOnlyWhenTheyShareASecondKey() {
        let common = Array(Int64(100)...130)  // 31 articles hold this key (boilerplate)
        // Most shared keys first, then newest: 120 shares two keys; 1, 2 and 5 hold rare keys.
        #expect(NearCandidates.select(members: [[1, 2], common, [120, 5]]) == [120, 5, 2, 1])
    }

    @Test func aKeyIsCommonFromItsNinthMember() {
        #expect(NearCandidates.select(members: [Array(1...8)]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(NearCandidates.select(members: [Array(1...9)]).isEmpty)
        // Two common keys: only the articles holding both are compared.
        #expect(NearCandidates.select(members: [Array(1...9), Array(5...20)]) == [9, 8, 7, 6, 5])
    }

    @Test func aCheckComparesAtMostTheLimit() {
        let rareKeys = (0..<16).map { key in (0..<8).map { Int64(key * 8 + $0) } }
        #expect(NearCandidates.select(members: rareKeys).count == NearCandidates.limit)
    }

    /// A match at threshold `t` shares at least `minimumSharedBands(t)` keys, and no more is
    /// promised: each differing value put in its own band spoils exactly one band.
    @Test func aMatchSharesAtLeastTheMinimumBandsAndTheBoundIsTight() {
        #expect([0.05, 0.75, 0.76, 50.0 / 64, 0.8, 0.9, 1, 1.01].map(NearCandidates.minimumSharedBands(atThreshold:))
                == [0, 0, 1, 2, 4, 10, 16, 17])
        let base = (0..<UInt32(MinHashSignature.size)).map { $0 &* 2_654_435_761 }
        for differing in 0...MinHashSignature.bands {
            let copy = base.enumerated().map { i, v in i % MinHashSignature.rowsPerBand == 0 && i / MinHashSignature.rowsPerBand < differing ? v ^ 1 : v }
            let (a, b) = (Self.signature(values: base), Self.signature(values: copy))
            let shared = Set(a.bandKeys).intersection(b.bandKeys).count
            #expect(shared == MinHashSignature.bands - differing)
            #expect(shared == NearCandidates.minimumSharedBands(atThreshold: a.similarity(to: b)))
        }
    }

    @Test func candidatesHoldTheMinimumSharedKeysAndACutListLowersTheBar() {
        #expect(NearCandidates.select(members: [[1, 2, 3], [1, 2], [1]], minimumShared: 3) == [1])
        #expect(NearCandidates.select(members: [[1, 2, 3], [1, 2], [1]], minimumShared: 2) == [1, 2])
        // The fourth list was cut at `membersReadPerKey`: 1 may hold that key too, so it is kept.
        let cut = (0..<Int64(NearCandidates.membersReadPerKey)).map { 1000 + $0 }
        #expect(NearCandidates.select(members: [[1, 2], [1, 2], [1], cut], minimumShared: 4) == [1])
        #expect(NearCandidates.select(members: [[1, 2], [1, 2], [1], cut.dropLast()], minimumShared: 4).isEmpty)
        // Each cut list asks for one key fewer: two cut lists keep 2 as well.
        #expect(NearCandidates.select(members: [[1, 2], [1, 2], [1], cut, cut.map { $0 + 1000 }], minimumShared: 4) == [1, 2])
    }

    /// Through SQLite at the default threshold: a copy differing in one value of each of 12
    /// bands (52/64 = 0.8125) shares 4 keys, the fewest a match can, and is found; one
    /// differing in 13 bands (3 shared keys) is below the threshold and is not.
    @Test func aMatchSharingTheFewestKeysIsFoundAtTheDefaultThreshold() throws {
        let base = (0..<UInt32(MinHashSignature.size)).map { $0 &* 2_654_435_761 &+ 17 }
        func copy(differingIn bands: Int) -> MinHashSignature {
            let rows = MinHashSignature.rowsPerBand
            return Self.signature(values: base.enumerated().map { i, v in i % rows == 0 && i / rows < bands ? v &+ 1 : v })
        }
        let temp = try TemporaryIndex()
        let id = try temp.index.write { writer in
            var record = ArticleRecord(article: article("Stored", "Stored text."), filePath: "s", sourceName: "s", fileHash: "hs", itemIndex: 0)
            record.minHash = Self.signature(values: base)
            return try writer.insert(record, at: 0)
        }
        let found = try temp.index.write { try $0.nearestDuplicate(of: copy(differingIn: 12), threshold: 0.8) }
        #expect(found?.id == id && found?.similarity == 52.0 / 64)
        #expect(try temp.index.write { try $0.nearestDuplicate(of: copy(differingIn: 13), threshold: 0.8) } == nil)
    }

    static func signature(values: [UInt32]) -> MinHashSignature {
        MinHashSignature(bytes: values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })!
    }

    /// A signature whose first band (values 0–3) is the same for every `seed` and whose other
    /// 60 values belong to `seed` alone: two of them share one band key, similarity 4/64.
    static func signature(seed: UInt32, sharedBands: Int = 1) -> MinHashSignature {
        let shared = sharedBands * MinHashSignature.rowsPerBand
        return signature(values: (0..<UInt32(MinHashSignature.size)).map { i in i < shared ? 7 &+ i : seed &* 1_000_003 &+ i &* 7919 })
    }

    /// Stores one article per seed with its crafted signature; the first `merged` of them
    /// have their bands merged into `near_bands`, the next `middle` into `near_bands_mid`,
    /// and the rest stay in memory (`RecentBands`).
    static func store(seeds: [UInt32], merged: Int, middle: Int = 0, in temp: TemporaryIndex,
                      sharedBands: (UInt32) -> Int = { _ in 1 }) throws -> [Int64] {
        try temp.index.write { writer in
            try seeds.enumerated().map { n, seed in
                var record = ArticleRecord(article: article("Article \(seed)", "Text of article \(seed)."), filePath: "\(seed)",
                                           sourceName: "\(seed)", fileHash: "h\(seed)", itemIndex: 0)
                record.minHash = signature(seed: seed, sharedBands: sharedBands(seed))
                let id = try writer.insert(record, at: 0)
                if n + 1 == merged {
                    try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys)
                    try BandStaging.mergeMiddle(temp.index.connection)
                }
                if middle > 0, n + 1 == merged + middle { try BandStaging.merge(temp.index.connection, temp.index.recentBands, filter: temp.index.bandKeys) }
                return id
            }
        }
    }

    /// Through SQLite, staged and merged band rows: at a threshold low enough for one shared band to be
    /// a match, eight members sharing only that key are compared (the oldest wins the tie),
    /// a ninth makes the key common and none is.
    @Test func aCommonKeyAloneFindsNoCandidateThroughTheIndex() throws {
        let probe = Self.signature(seed: 999)
        let rare = try TemporaryIndex()
        let rareIDs = try Self.store(seeds: Array(1...8), merged: 4, in: rare)
        let found = try rare.index.write { try $0.nearestDuplicate(of: probe, threshold: 0.05) }
        #expect(found?.id == rareIDs[0] && found?.similarity == 4.0 / 64)

        let common = try TemporaryIndex()
        _ = try Self.store(seeds: Array(1...9), merged: 4, in: common)
        #expect(try common.index.write { try $0.nearestDuplicate(of: probe, threshold: 0.05) } == nil)
    }

    /// A key's members are read newest tier first, then newest, at most `membersReadPerKey`,
    /// across the three tiers (150 articles merged, 100 in the middle tier, 50 in memory). 300
    /// articles hold the probe's first two band keys; the 44 oldest also hold its third, so
    /// read in full they would share three keys and be the best matches (12/64). Read as
    /// capped, those two keys list articles 45–300 only, the third key alone is common, and
    /// the match is the oldest of the 64 newest (8/64).
    @Test func onlyTheNewestMembersOfACommonKeyAreRead() throws {
        let temp = try TemporaryIndex()
        let ids = try Self.store(seeds: Array(1...300), merged: 150, middle: 100, in: temp) { $0 <= 44 ? 3 : 2 }
        let found = try temp.index.write { try $0.nearestDuplicate(of: Self.signature(seed: 999, sharedBands: 3), threshold: 0.1) }
        #expect(found?.id == ids[300 - NearCandidates.limit] && found?.similarity == 8.0 / 64)
        #expect(300 - NearCandidates.membersReadPerKey == 44)
    }

    /// Real articles made mostly of the same boilerplate share many band keys through it; an
    /// edited copy of one of them must still be matched with that one, not with a sibling.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
    func nearCopyIsFoundAmongArticlesSharingBoilerplate() throws {
        func words(_ text: String, _ count: Int) -> String { text.split(separator: " ").prefix(count).joined(separator: " ") }
        let boilerplate = words(try #require(TopKPruningTests.bbcArticles(["business"]).first).body, 150)
        let own = try TopKPruningTests.bbcArticles(["tech"]).prefix(40).map { article($0.title, words($0.body, 60) + "\n\n" + boilerplate) }
        let temp = try TemporaryIndex()
        let ids = try temp.index.write { writer in
            try own.enumerated().map { n, a in
                try writer.insert(ArticleRecord(article: a, filePath: "\(n)", sourceName: "\(n)", fileHash: "h\(n)", itemIndex: 0), at: 0)
            }
        }
        let busiestKey = Dictionary(grouping: temp.index.recentBands.sortedRows(), by: \.key).values.map(\.count).max() ?? 0
        #expect(busiestKey > NearCandidates.rareKeyMembers, "the boilerplate should make common keys")

        let edited = article(own[7].title, own[7].body + " Shares closed higher on the news.")
        let signature = try #require(ArticleRecord(article: edited, filePath: "e", sourceName: "e", fileHash: "he", itemIndex: 0).minHash)
        let found = try temp.index.write { try $0.nearestDuplicate(of: signature, threshold: 0.8) }
        #expect(found?.id == ids[7])
    }

    /// `similar` reads band members the same way (one shared band is enough there) and lists
    /// the closest first, with each article's title and path; unrelated articles stay out.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
    func similarListsArticlesSharingTextClosestFirst() throws {
        let tech = try TopKPruningTests.bbcArticles(["tech"])
        let words = tech[0].body.split(separator: " ")
        let original = article("Original", words.joined(separator: " "))
        let extended = article("Extended", original.body + "\n\n" + tech[1].body.split(separator: " ").prefix(30).joined(separator: " "))
        // Most of the original, then other text: a weaker match, but one LSH still finds.
        let most = article("Most", words.prefix(words.count * 4 / 5).joined(separator: " ") + "\n\n"
                           + tech[2].body.split(separator: " ").prefix(words.count / 5).joined(separator: " "))
        let temp = try TemporaryIndex()
        let ids = try temp.index.write { writer in
            try [original, extended, most, tech[3]].enumerated().map { n, a in
                try writer.insert(ArticleRecord(article: a, filePath: "/in/\(n).txt", sourceName: "\(n).txt", fileHash: "h\(n)", itemIndex: 0), at: 0)
            }
        }
        let similar = try temp.index.similar(to: ids[0], threshold: 0.1, limit: 10)
        try #require(similar.map(\.id) == [ids[1], ids[2]])
        #expect(similar.map(\.title) == ["Extended", "Most"] && similar.map(\.path) == ["/in/1.txt", "/in/2.txt"])
        #expect(similar[0].similarity > 0.8 && similar[1].similarity < similar[0].similarity)
    }

    /// Below `similarBandFloor` the bands would miss most pairs (a pair at 0.4 shares one with
    /// probability 0.34), so every stored signature is compared: an article that shares about
    /// half its text with another is listed at the default threshold.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bbcCorpus.path)))
    func similarFindsModeratelySimilarArticlesBelowTheBandFloor() throws {
        let tech = try TopKPruningTests.bbcArticles(["tech"])
        let temp = try TemporaryIndex()
        var pairs: [(Int64, Int64)] = []
        try temp.index.write { writer in
            // Several pairs, so that finding them is not a matter of one lucky band.
            for n in 0..<6 {
                let words = tech[2 * n].body.split(separator: " "), other = tech[2 * n + 1].body.split(separator: " ")
                let half = article("Half \(n)", (words.prefix(words.count / 2) + other.prefix(words.count / 2)).joined(separator: " "))
                let ids = try [article("Whole \(n)", words.joined(separator: " ")), half].enumerated().map { k, a in
                    try writer.insert(ArticleRecord(article: a, filePath: "/in/\(n)-\(k).txt", sourceName: "\(n)-\(k).txt",
                                                    fileHash: "h\(n)-\(k)", itemIndex: 0), at: 0)
                }
                pairs.append((ids[0], ids[1]))
            }
        }
        for (whole, half) in pairs {
            let similar = try temp.index.similar(to: whole, threshold: 0.25, limit: 10)
            #expect(similar.map(\.id) == [half], "article \(whole): \(similar)")
            #expect(similar.allSatisfy { (0.25...0.5).contains($0.similarity) }, "\(similar)")
        }
    }
}
