import Foundation
import Testing
import NewsCore

/// Random and mutated inputs: the parser must never crash and must stay fast on every one of them.
@Suite struct FuzzTests {
    /// SplitMix64: deterministic, so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    }

    /// Parses and checks the time bound (generous: this runs in debug builds on a shared machine).
    static func parseBounded(_ bytes: [UInt8], _ label: @autoclosure () -> String, limit: Duration = .seconds(2)) {
        let clock = ContinuousClock()
        var result: Result<ParsedDocument, Rejection>?
        let elapsed = clock.measure { result = ArticleParser.parse(bytes) }
        #expect(elapsed < limit, "\(label()) took \(elapsed)")
        if ProcessInfo.processInfo.environment["NEWSD_FUZZ_TIMES"] != nil { print("FUZZ \(label()): \(elapsed)") }
        if case .success(let document)? = result {
            #expect(!document.articles.isEmpty, "\(label())")
            for article in document.articles {
                #expect(!article.body.isEmpty && !article.title.isEmpty, "\(label())")
            }
        }
    }

    static let seeds: [[UInt8]] = Gold.lines.compactMap { Gold.bytes($0.file) }.filter { $0.count < 100_000 }

    @Test func randomBytes() {
        var random = Random(state: 1)
        for round in 0..<1_500 {
            let count = random.below(600)
            // Mix of printable ASCII, high bytes and the occasional NUL: random bytes are mostly binary.
            let bytes = (0..<count).map { _ -> UInt8 in
                switch random.below(10) {
                case 0: return random.byte()
                case 1, 2: return UInt8(0x80 + random.below(0x80))
                case 3: return "\n\r\t #*_[]()<>-=:".utf8.map { $0 }[random.below(16)]
                default: return UInt8(0x20 + random.below(0x5F))
                }
            }
            Self.parseBounded(bytes, "random round \(round)")
        }
    }

    @Test func mutatedSamples() {
        var random = Random(state: 2)
        guard !Self.seeds.isEmpty else { return }
        for round in 0..<1_500 {
            var bytes = Self.seeds[random.below(Self.seeds.count)]
            for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
                let at = random.below(bytes.count)
                switch random.below(6) {
                case 0: bytes[at] = random.byte()
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + random.below(64)))
                case 2: bytes.insert(contentsOf: (0..<random.below(16)).map { _ in random.byte() }, at: at)
                case 3: bytes = Array(bytes.prefix(at))  // truncated, possibly inside a UTF-8 sequence
                case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.below(200))], at: random.below(bytes.count))
                default: bytes.insert(contentsOf: Array("\n---\n# [*](<".utf8).shuffled(using: &random), at: at)
                }
            }
            Self.parseBounded(bytes, "mutation round \(round)")
        }
    }

    @Test func pathologicalShapes() {
        let shapes: [(String, [UInt8])] = [
            ("4 MB single line", Array(String(repeating: "word and more words, ", count: 200_000).utf8)),
            ("1 MB of brackets", Array(("# T\n\n" + String(repeating: "[a](", count: 250_000)).utf8)),
            ("open brackets", Array(("# T\n\n" + String(repeating: "[", count: 300_000) + "](x)").utf8)),
            ("stars", Array(("Title\n\n" + String(repeating: "*_`", count: 300_000)).utf8)),
            ("nested divs", Array(("<html><body>" + String(repeating: "<div>", count: 100_000) + "text").utf8)),
            ("nested XML", Array(("<rss><channel><item><title>T</title><description>" + String(repeating: "<x>", count: 100_000)).utf8)),
            ("nested atom", Array(("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">" + String(repeating: "<div>", count: 100_000)).utf8)),
            ("unterminated front matter", Array(("---\n" + String(repeating: "title: x\n", count: 100_000)).utf8)),
            ("front matter then nothing", Array("---\ntitle: x\n---\n".utf8)),
            ("deep YAML lists", Array(("---\ntitle: T\ntags: " + String(repeating: "[", count: 200_000) + "\n---\nBody.").utf8)),
            ("many headings", Array(String(repeating: "# h\n", count: 50_000).utf8)),
            ("many blank lines", Array(("Title\n" + String(repeating: "\n", count: 300_000) + "Body.").utf8)),
            ("mojibake run", Array(String(repeating: "Ã©â€", count: 100_000).utf8)),
            ("cp1252 high bytes", (0..<300_000).map { UInt8(0x80 + $0 % 0x80) }),
            ("truncated UTF-8", Array("Title\n\nCafé ’".utf8.dropLast())),
            ("lone CRs", Array(String(repeating: "line\r", count: 50_000).utf8)),
            ("pelican giant header", Array(("Title: T\n" + String(repeating: "Key: value\n", count: 20_000) + "\nBody.").utf8)),
            ("utf16 odd length", [0xFF, 0xFE, 0x41, 0x00, 0x42]),
            ("only BOM", [0xEF, 0xBB, 0xBF]),
            ("sentence scan", Array(String(repeating: "a. ", count: 500_000).utf8)),
        ]
        for (label, bytes) in shapes {
            Self.parseBounded(bytes, label, limit: .seconds(5))
        }
    }
}

extension FuzzTests.Random: RandomNumberGenerator {}
