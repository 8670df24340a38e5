import NewsCore
import Testing

/// SHA-256 against the FIPS 180-2 known answers; MinHash and content keys on real text.
@Suite struct FingerprintTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256KnownAnswers(input: String, digest: String) {
        #expect(SHA256.hex(of: input) == digest)
    }

    @Test func sha256MillionAs() {
        // Crosses many block boundaries and the length encoding of a long message.
        #expect(SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha256IncrementalEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { hasher.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)])) }
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(of: bytes))
    }

    static let text = """
        The long-planned spring battle of Qalamoun between Hezbollah and Syrian President Bashar al-Assad's forces \
        on one hand and Syrian rebels on the other hand started last weekend. It is a vital supply line between \
        Syrian and Lebanese territory at a tactical proximity of the M5 Damascus-Aleppo highway.
        """

    @Test func minHashSeesSmallEditsAsNearAndOtherTextAsFar() throws {
        let original = try #require(MinHashSignature(text: Self.text))
        let edited = try #require(MinHashSignature(text: Self.text.replacingOccurrences(of: "started last weekend", with: "began last weekend")))
        let other = try #require(MinHashSignature(text: "Chelsea have sacked striker Adrian Mutu after he failed a drugs test, the Premiership club said on Friday in a statement."))
        #expect(original.similarity(to: original) == 1)
        #expect(original.similarity(to: edited) > 0.6)
        #expect(original.similarity(to: other) < 0.2)
        #expect(MinHashSignature(bytes: original.bytes) == original, "round-trips through storage")
        #expect(MinHashSignature(text: "too short to judge") == nil)
    }

    @Test func contentKeyIgnoresWhitespaceLayoutOnly() {
        let a = ContentKey.of(title: "Title", body: "One two\n\nthree\tfour")
        #expect(a == ContentKey.of(title: " Title ", body: "One  two three\nfour"))
        #expect(a != ContentKey.of(title: "Title", body: "One two three five"))
    }
}
