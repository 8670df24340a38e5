import Foundation
@testable import NewsCore
import Testing

/// The fingerprints' CPU-specific loops (SHA extensions, AVX2) against the portable Swift ones:
/// stored file hashes, content keys and MinHash signatures must not depend on the machine.
@Suite struct FingerprintPathTests {
    /// Every length from 0 to 300 bytes (all padding cases), then a few multi-block ones.
    @Test func sha256SameWithAndWithoutHardware() {
        var generator = SystemRandomNumberGenerator()
        for length in Array(0...300) + [1_000, 4_095, 65_536, 1_000_003] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var portable = SHA256(hardware: false), fast = SHA256()
            portable.update(bytes)
            fast.update(bytes)
            #expect(portable.finalize() == fast.finalize(), "\(length) bytes")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Gold.corpusDirectory.appendingPathComponent("bbc").path)))
    func bbcFileHashesAndSignaturesSameOnEveryPath() throws {
        let files = CorpusTests.files("bbc")
        #expect(files.count == 2_225)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            var portable = SHA256(hardware: false)
            portable.update(bytes)
            #expect(SHA256.hexString(portable.finalize()) == SHA256.hex(of: bytes), "\(file.lastPathComponent)")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(MinHashSignature(text: text, vectorized: false) == MinHashSignature(text: text), "\(file.lastPathComponent)")
        }
    }

    /// Content keys are stored: the byte-level white space collapse must give what the
    /// scalar-level one did, for every Unicode White_Space character and on real text.
    @Test func contentKeyCollapseMatchesTheScalarDefinition() throws {
        func reference(_ text: String) -> String {
            var out = "", pendingSpace = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
            return out
        }
        var samples = (0...0x3000).compactMap(Unicode.Scalar.init).filter { $0.properties.isWhitespace || $0.value % 97 == 0 }
            .map { "a\($0)b \($0)\($0) c\($0)" }
        samples += ["", " ", "\u{A0}", "x\u{2028}\u{2029}y", "\u{85}lead", "trail\u{3000}", "é\u{202F}ü\u{205F}字\u{1680}𝄞"]
        if FileManager.default.fileExists(atPath: Gold.corpusDirectory.appendingPathComponent("bbc").path) {
            samples += try CorpusTests.files("bbc").prefix(300).map { String(decoding: try Data(contentsOf: $0), as: UTF8.self) }
        }
        for text in samples {
            #expect(ContentKey.collapseWhitespace(text) == reference(text), "\(text.prefix(40).debugDescription)")
        }
    }

    /// Short texts: the shingle loop's edges (exactly the minimum number of words, and one more).
    @Test func minHashSameOnShortTexts() {
        for count in MinHashSignature.minimumWords...(MinHashSignature.minimumWords + 20) {
            let text = (0..<count).map { "word\($0 * 7919 % 101)" }.joined(separator: " ")
            let portable = MinHashSignature(text: text, vectorized: false)
            #expect(portable != nil)
            #expect(portable == MinHashSignature(text: text), "\(count) words")
        }
    }

    /// MinHash signatures are stored: the byte-level word split must give the words the
    /// scalar-level definition gives, across scripts and every UTF-8 length, and a signature of
    /// title and body must be that of the two joined by a line break.
    @Test func minHashWordsMatchTheScalarDefinition() throws {
        func reference(_ text: String) -> [UInt64] {
            var words: [UInt64] = [], h: UInt64 = 0xcbf2_9ce4_8422_2325, inWord = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { h = (h ^ UInt64(lower.value)) &* 0x100_0000_01b3 }
                    inWord = true
                } else {
                    if inWord { words.append(h) }
                    (h, inWord) = (0xcbf2_9ce4_8422_2325, false)
                }
            }
            if inWord { words.append(h) }
            return words
        }
        var samples = (0x80...0x3000).compactMap(Unicode.Scalar.init).filter { $0.value % 7 == 0 }.map { "Ab\($0)c \($0)\($0)" }
        samples += ["", "ÉCOLE été", "Ελληνικά ΣΟΦΙΑ", "القلمون حزب الله", "东京 2024年", "𝄞𝐀𝐁 😀x", "\u{212A}elvin İstanbul", "a\u{301}b_c-d"]
        if FileManager.default.fileExists(atPath: Gold.corpusDirectory.appendingPathComponent("bbc").path) {
            samples += try CorpusTests.files("bbc").prefix(300).map { String(decoding: try Data(contentsOf: $0), as: UTF8.self) }
        }
        for text in samples {
            #expect(MinHashSignature.words(of: text) == reference(text), "\(text.prefix(40).debugDescription)")
        }
        // The title ends and the body starts with a letter: the break between them must end a word.
        let title = "Ünïcode héadline 42 ends", body = "starts here and goes on for more than twelve words of text in all"
        let joined = try #require(MinHashSignature(text: title + "\n" + body))
        #expect(MinHashSignature.of(title: title, body: body) == joined)
        #expect(MinHashSignature.of(title: title, body: body) != MinHashSignature(text: title + body))
    }
}
