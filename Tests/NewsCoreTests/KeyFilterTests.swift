import NewsCore
import Testing

/// The Bloom filter in front of the near-duplicate band lookups.
@Suite struct KeyFilterTests {
    /// Well-mixed 64-bit keys, like LSH band keys.
    static func keys(_ range: Range<Int>, salt: UInt64) -> [Int64] {
        range.map { i in
            var z = UInt64(i) &+ salt &* 0x9e37_79b9_7f4a_7c15
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Int64(bitPattern: z ^ (z >> 31))
        }
    }

    @Test func neverForgetsAKeyAndRarelyClaimsAnUnseenOne() {
        var filter = KeyFilter(capacity: 100_000)
        let inserted = Self.keys(0..<100_000, salt: 1)
        for key in inserted { filter.insert(key) }
        #expect(inserted.allSatisfy(filter.mightContain), "no false negatives")
        let unseen = Self.keys(0..<100_000, salt: 2)
        let falsePositives = unseen.filter(filter.mightContain).count
        #expect(falsePositives < 2_000, "about 1% at the designed load, got \(falsePositives) in 100,000")
        #expect(!filter.isOverloaded)
        filter.insert(42)
        #expect(filter.isOverloaded, "one past capacity asks for a rebuild")
    }

    @Test func anEmptyFilterHoldsNothing() {
        let filter = KeyFilter(capacity: 0)
        #expect(Self.keys(0..<1000, salt: 3).allSatisfy { !filter.mightContain($0) })
    }
}
