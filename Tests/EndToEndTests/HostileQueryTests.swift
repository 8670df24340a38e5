import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// FTS5 query injection through the real `newsq search`: every query string is safe. The
/// exit code is 0, 1 or 2, never a crash; errors speak newsq, never raw SQLite; the index
/// is unchanged afterwards.
@Suite(.serialized)
struct HostileQueryTests {
    static let handWritten: [String] = [
        "", " ", "\"", "\"\"", "\"unterminated", "'", "''", "*", "**", "^", "-", "--", "+", ":", "(", ")", "()", "((((", "))))",
        "NEAR(", "NEAR(a b, -1)", "NEAR(a b, 99999999999999999999)", "a NEAR b", "AND", "OR", "NOT", "a AND", "OR b", "NOT NOT",
        "title:", "title:x", "body:*", "nosuchcolumn:x", "{title body}:x", "- title:x", "x*", "*x", "^x", "x^",
        "'; DROP TABLE articles; --", "\") OR 1=1 --", "x\" OR \"1\"=\"1", "articles_fts MATCH 'x'", "rank", "bm25(articles_fts)",
        "\u{0}", "a\u{0}b", "\u{1B}[2J", "\u{202E}abc", "\u{FEFF}", "\u{FFFD}", "𝕏𝕐", "😀😀", "ｆｕｌｌｗｉｄｔｈ", "\n", "\t\r\n",
        String(repeating: "a ", count: 5000), String(repeating: "(", count: 5000), String(repeating: "\"", count: 3001),
        String(repeating: "x", count: 100_000), String(repeating: "a OR ", count: 2000) + "a", String(repeating: "NOT ", count: 1000),
        "%", "_", "\\", "\\\"", "a:b:c", "title:title:title", "date:2020", "site:", "since:", "-x", "--x", "-", "+x",
        "x AND (y OR", "x) AND (y", "\"a\" \"b", "NEAR/3", "a NEAR/3 b", "a + b + c", "^^^^", "***",
    ]

    /// Seeded random strings over the characters that mean something to FTS5 and SQL.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix(seed: seed)
        let atoms = ["\"", "'", "(", ")", "*", "^", ":", "-", "+", "NEAR", "AND", "OR", "NOT", "title", "body", "x", "bank", " ", " ",
                     "{", "}", ",", ";", "\\", "%", "_", "é", "\u{0}", "\u{1B}", "0", "9999999999", "/", "NEAR(", "--"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...12, using: &random)).map { _ in atoms.randomElement(using: &random)! }.joined()
        }
    }

    @Test func everyQueryStringIsSafe() throws {
        let sandbox = try Sandbox("queries")
        for file in try bbcFiles(20) { try sandbox.drop(file, as: inboxName(file)) }
        let once = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        #expect(once.status == 0, "\(once.stderr)")
        let before = try stats(sandbox)["articles"] as? Int
        let seed = UInt64.random(in: 1...999_999)
        let queries = Self.handWritten + Self.generated(count: slowTests ? 2000 : 150, seed: seed)
        var codes: [Int32: Int] = [:]
        for query in queries {
            // The NUL byte cannot pass through argv; newsq sees the string cut there.
            let argument = query.split(separator: "\u{0}", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            for extra in [[String](), ["--fts"]] {
                let result = try run(Paths.newsq, ["search", argument, "--json", "--state-dir", sandbox.state.path] + extra)
                codes[result.status, default: 0] += 1
                let shown = String(argument.prefix(60).unicodeScalars.map { $0.value < 0x20 ? "·" : Character($0) })
                #expect([0, 1, 2].contains(result.status), "query «\(shown)» \(extra) exited \(result.status) (seed \(seed)): \(result.stderr.prefix(300))")
                let lowered = result.stderr.lowercased()
                for raw in ["fts5:", "sqlite", "sql logic error", "malformed match", "unrecognized token", "no such column", "database error"] {
                    #expect(!lowered.contains(raw), "query «\(shown)» \(extra): raw SQLite text in «\(result.stderr.prefix(300))»")
                }
                if result.status == 0 {
                    #expect((try? result.json()) != nil, "query «\(shown)» \(extra): exit 0 prints valid JSON")
                }
            }
        }
        #expect(try stats(sandbox)["articles"] as? Int == before, "the index is unchanged")
        #expect(try IndexSnapshot(sandbox).integrity == "ok")
        print("hostile queries (seed \(seed)): \(queries.count) × 2 modes, exit codes \(codes.sorted { $0.key < $1.key })")
    }
}
