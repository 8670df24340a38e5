/// A Bloom filter over 64-bit keys that are already well-mixed hashes (LSH band keys):
/// `mightContain` is false only for keys never inserted, and true for a key never inserted
/// about 1% of the time at the designed load (10 bits and 7 probes per key).
///
/// The ingest path asks it before looking band keys up in the index: a new article's bands
/// are almost always unseen, so the lookups (B-tree probes that miss the page cache on a
/// large index) are skipped.
///
/// Blocked: a key's 7 bits all fall in one 64-byte block (one cache line), so an insert or a
/// lookup touches one line of a filter of several megabytes instead of seven (the seven
/// misses were about 2% of the writer's time). The price is a slightly higher false-positive
/// rate at the same size (0.77% at 10.5 bits a key in `KeyFilterTests`).
public struct KeyFilter: Sendable {
    private var words: [UInt64]
    /// Blocks minus one (the block count is a power of two).
    private let blockMask: UInt64
    /// Keys inserted so far (duplicates counted).
    public private(set) var count = 0
    /// Keys the filter holds before its false-positive rate climbs past ~1%.
    public let capacity: Int

    private static let probes = 7
    private static let wordsPerBlock = 8

    /// A filter sized for `capacity` keys (at least 65,536).
    public init(capacity: Int) {
        self.capacity = max(capacity, 1 << 16)
        var bits = 1
        while bits < self.capacity * 10 { bits <<= 1 }
        words = Array(repeating: 0, count: bits / 64)
        blockMask = UInt64(bits / 64 / Self.wordsPerBlock - 1)
    }

    /// True when the filter holds more keys than it was sized for.
    public var isOverloaded: Bool { count > capacity }

    public mutating func insert(_ key: Int64) {
        let (base, bits) = Self.spot(of: key, blockMask: blockMask)
        // Plain loops: a closure mutating `words` while a method of `self` runs would force a
        // copy of the whole bit array on every insert.
        for i in 0..<Self.probes {
            let bit = Int(truncatingIfNeeded: bits >> (9 * UInt64(i))) & 511
            words[base + (bit >> 6)] |= 1 << UInt64(bit & 63)
        }
        count += 1
    }

    public func mightContain(_ key: Int64) -> Bool {
        let (base, bits) = Self.spot(of: key, blockMask: blockMask)
        for i in 0..<Self.probes {
            let bit = Int(truncatingIfNeeded: bits >> (9 * UInt64(i))) & 511
            if words[base + (bit >> 6)] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// The key's block (its first word) from the key's own low bits, and its 7 bits in the
    /// block (9 bits each) from a SplitMix64 finalisation of the key, independent of those.
    private static func spot(of key: Int64, blockMask: UInt64) -> (base: Int, bits: UInt64) {
        let h = UInt64(bitPattern: key)
        var z = h &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return (Int(h & blockMask) * wordsPerBlock, z ^ (z >> 31))
    }
}
