/// A Bloom filter over 64-bit keys that are already well-mixed hashes (LSH band keys):
/// `mightContain` is false only for keys never inserted, and true for a key never inserted
/// about 1% of the time at the designed load (10 bits and 7 probes per key).
///
/// The ingest path asks it before looking band keys up in the index: a new article's bands
/// are almost always unseen, so the lookups (B-tree probes that miss the page cache on a
/// large index) are skipped.
public struct KeyFilter: Sendable {
    private var words: [UInt64]
    private let mask: UInt64
    /// Keys inserted so far (duplicates counted).
    public private(set) var count = 0
    /// Keys the filter holds before its false-positive rate climbs past ~1%.
    public let capacity: Int

    private static let probes = 7

    /// A filter sized for `capacity` keys (at least 65,536).
    public init(capacity: Int) {
        self.capacity = max(capacity, 1 << 16)
        var bits = 1
        while bits < self.capacity * 10 { bits <<= 1 }
        words = Array(repeating: 0, count: bits / 64)
        mask = UInt64(bits - 1)
    }

    /// True when the filter holds more keys than it was sized for.
    public var isOverloaded: Bool { count > capacity }

    public mutating func insert(_ key: Int64) {
        // Plain loops over `probe`: a closure mutating `words` while a method of `self` runs
        // would force a copy of the whole bit array on every insert.
        for i in 0..<Self.probes {
            let bit = Self.probe(i, of: key, mask: mask)
            words[bit >> 6] |= 1 << (bit & 63)
        }
        count += 1
    }

    public func mightContain(_ key: Int64) -> Bool {
        for i in 0..<Self.probes {
            let bit = Self.probe(i, of: key, mask: mask)
            if words[bit >> 6] & (1 << (bit & 63)) == 0 { return false }
        }
        return true
    }

    /// Bit of probe `i` by double hashing (Kirsch–Mitzenmacher): h1 + i·h2.
    private static func probe(_ i: Int, of key: Int64, mask: UInt64) -> Int {
        let h1 = UInt64(bitPattern: key)
        var h2 = h1 &* 0x9e37_79b9_7f4a_7c15
        h2 ^= h2 >> 29
        h2 |= 1
        return Int((h1 &+ UInt64(i) &* h2) & mask)
    }
}
