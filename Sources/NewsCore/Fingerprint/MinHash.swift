import CFingerprint

/// MinHash over word shingles: a similarity fingerprint for near-duplicate detection.
///
/// Two texts' signatures agree in a share of positions that estimates the Jaccard
/// similarity of their 3-word shingle sets. Signatures are split into bands (LSH) so
/// that the index can find candidates by equality lookups, never by scanning articles.
public struct MinHashSignature: Sendable, Equatable {
    /// Number of hash functions (signature length).
    public static let size = 64
    /// Bands × rows per band = size. With 16 × 4, pairs at Jaccard 0.8 share a band
    /// with probability 0.9998, pairs at 0.3 with 0.12 (then rejected by `similarity`);
    /// the index compares only articles sharing as many bands as a match at the threshold must
    /// (4 at 0.8), and a common band only with a second one (`NearCandidates`).
    public static let bands = 16
    public static let rowsPerBand = 4
    /// Words per shingle.
    public static let shingleWidth = 3
    /// Texts with fewer words are too short for a meaningful near-duplicate test.
    public static let minimumWords = 12

    /// Names the hashing scheme. Signatures of different schemes cannot be compared: the
    /// index recomputes stored ones when this changes.
    public static let scheme = "shingle3-double-hash-64x16"

    /// The minimum hash per function.
    public let values: [UInt32]

    /// The signature of an article (title and body), as the index stores it.
    public static func of(title: String, body: String) -> MinHashSignature? {
        // The words of `title + "\n" + body`, without building that string (a copy per article):
        // the line break only ends the title's last word, as `endWord` does.
        var hasher = WordHasher(capacity: (title.utf8.count + body.utf8.count) / 5)
        hasher.add(title)
        hasher.endWord()
        hasher.add(body)
        return MinHashSignature(words: hasher.finish())
    }

    public init(values: [UInt32]) {
        precondition(values.count == Self.size, "a MinHash signature has \(Self.size) values")
        self.values = values
    }

    /// The signature of `text`, or nil when it has fewer than `minimumWords` words.
    /// `vectorized: false` runs the portable loop even where AVX2 is available (tests compare them).
    public init?(text: String, vectorized: Bool = true) {
        self.init(words: MinHashSignature.words(of: text), vectorized: vectorized)
    }

    private init?(words: [UInt64], vectorized: Bool = true) {
        guard words.count >= Self.minimumWords else { return nil }
        var minima = [UInt32](repeating: .max, count: Self.size)
        let done = vectorized && words.withUnsafeBufferPointer { words in
            minima.withUnsafeMutableBufferPointer { newsd_minhash_vectorized(words.baseAddress, words.count, $0.baseAddress) != 0 }
        }
        if !done { Self.lower(&minima, toShinglesOf: words) }
        values = minima
    }

    /// The portable MinHash loop (CFingerprint's AVX2 loop computes the same).
    private static func lower(_ minima: inout [UInt32], toShinglesOf words: [UInt64]) {
        minima.withUnsafeMutableBufferPointer { minima in
            for end in (Self.shingleWidth - 1)..<words.count {
                var shingle: UInt64 = 0xcbf2_9ce4_8422_2325
                for word in words[(end - Self.shingleWidth + 1)...end] { shingle = mix(shingle ^ word) }
                // Double hashing (Kirsch–Mitzenmacher): function i is a + i·b, so one shingle
                // costs two mixes and 64 multiply-adds instead of 64 mixes.
                let a = mix(shingle), b = mix(a) | 1
                var h = a
                for i in 0..<Self.size {
                    let v = UInt32(truncatingIfNeeded: h >> 32)
                    if v < minima[i] { minima[i] = v }
                    h &+= b
                }
            }
        }
    }

    /// Estimated Jaccard similarity of the two shingle sets, 0…1.
    public func similarity(to other: MinHashSignature) -> Double {
        var same = 0
        for i in 0..<Self.size where values[i] == other.values[i] { same += 1 }
        return Double(same) / Double(Self.size)
    }

    /// One key per band; equal keys mark candidate near-duplicates.
    public var bandKeys: [Int64] {
        (0..<Self.bands).map { band in
            var h: UInt64 = UInt64(band) &* 0x9e37_79b9_7f4a_7c15
            for row in 0..<Self.rowsPerBand { h = mix(h ^ UInt64(values[band * Self.rowsPerBand + row])) }
            return Int64(bitPattern: h)
        }
    }

    /// The signature as bytes (little-endian), for storage.
    public var bytes: [UInt8] {
        // One buffer, not an array per value (this runs on the writer for every article).
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 4)
        for v in values { for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> shift)) } }
        return out
    }

    /// Rebuilds a stored signature; nil when the blob has the wrong size.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.size * 4 else { return nil }
        values = (0..<Self.size).map { i in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[i * 4 + $1]) << (8 * $1) }
        }
    }

    /// Lowercased alphanumeric words, hashed (FNV-1a) so shingles hash cheaply.
    static func words(of text: String) -> [UInt64] {
        var hasher = WordHasher(capacity: text.utf8.count / 5)
        hasher.add(text)
        return hasher.finish()
    }
}

/// Splits text into lowercased alphanumeric words and hashes each (FNV-1a). ASCII is
/// classified and lowercased by hand; Unicode properties are consulted only beyond it.
/// Feeding strings one after another hashes them as if concatenated.
struct WordHasher {
    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325, prime: UInt64 = 0x0000_0100_0000_01b3
    private var words: [UInt64] = []
    private var hash = WordHasher.basis
    private var inWord = false

    init(capacity: Int) { words.reserveCapacity(capacity) }

    mutating func add(_ text: String) {
        text.forEachScalar { scalar in
            if scalar.value < 0x80 { addASCII(UInt8(scalar.value)) } else { addNonASCII(scalar) }
            return true
        }
    }

    @inline(__always) private mutating func addASCII(_ v: UInt8) {
        switch v {
        case 0x41...0x5A: hash = (hash ^ UInt64(v | 0x20)) &* Self.prime; inWord = true
        case 0x61...0x7A, 0x30...0x39: hash = (hash ^ UInt64(v)) &* Self.prime; inWord = true
        default: endWord()
        }
    }

    private mutating func addNonASCII(_ scalar: Unicode.Scalar) {
        guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil else { return endWord() }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars { hash = (hash ^ UInt64(lower.value)) &* Self.prime }
        inWord = true
    }

    @inline(__always) mutating func endWord() {
        if inWord { words.append(hash) }
        hash = Self.basis
        inWord = false
    }

    mutating func finish() -> [UInt64] {
        endWord()
        return words
    }
}

/// splitmix64's finaliser: a fast, well-spread 64-bit mix.
@inline(__always) func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9e37_79b9_7f4a_7c15
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
}
