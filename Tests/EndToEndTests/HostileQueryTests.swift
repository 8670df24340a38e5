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
        String(repeating: "a ", count: 100), String(repeating: "(", count: 5000), String(repeating: "\"", count: 3001),
        String(repeating: "x", count: 100_000), String(repeating: "a OR ", count: 60) + "a", String(repeating: "NOT ", count: 1000),
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
        let generated = Self.generated(count: slowTests ? 2000 : 40, seed: seed)
        let queries = Self.handWritten + generated
        var codes: [Int32: Int] = [:]
        var crashes: [String] = [], rawErrors: [String] = [], rawErrorsFTS: [String] = [], badJSON: [String] = [], slow: [String] = []
        for query in queries {
            // The NUL byte cannot pass through argv; newsq sees the string cut there.
            let argument = query.split(separator: "\u{0}", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            // Hand-written queries in both modes; random ones plain (plus --fts in the slow run).
            let modes: [[String]] = slowTests || !generated.contains(query) ? [[], ["--fts"]] : [[]]
            for extra in modes {
                let shown = "«" + String(argument.prefix(40).unicodeScalars.map { $0.value < 0x20 ? "·" : Character($0) }) + "»" + (extra.isEmpty ? "" : " --fts")
                guard let result = try runBounded(Paths.newsq, ["search", argument, "--json", "--state-dir", sandbox.state.path] + extra, timeout: 10) else {
                    slow.append(shown)
                    continue
                }
                codes[result.status, default: 0] += 1
                if ![0, 1, 2].contains(result.status) { crashes.append("\(shown) → \(result.status)") }
                let lowered = result.stderr.lowercased()
                if ["fts5:", "sqlite", "sql logic error", "malformed match", "unrecognized token", "no such column", "database error"].contains(where: lowered.contains) {
                    if extra.isEmpty { rawErrors.append("\(shown): \(result.stderr.prefix(120))") } else { rawErrorsFTS.append("\(shown): \(result.stderr.prefix(120))") }
                }
                if result.status == 0, (try? result.json()) == nil { badJSON.append(shown) }
            }
        }
        #expect(crashes.isEmpty, "exit codes outside 0/1/2 (seed \(seed)): \(crashes.prefix(10))")
        #expect(slow.isEmpty, "queries taking over 10 s (seed \(seed)): \(slow.prefix(10))")
        #expect(rawErrors.isEmpty, "raw SQLite text for plain queries (seed \(seed)): \(rawErrors.prefix(10))")
        #expect(badJSON.isEmpty, "exit 0 without valid JSON: \(badJSON.prefix(10))")
        // Known finding for the search owner: --fts passes FTS5's own message through
        // ("invalid full-text query: fts5: syntax error near …"); exit 2 and harmless, but raw.
        #expect(rawErrorsFTS.isEmpty, "raw FTS5 text with --fts: \(rawErrorsFTS.count) queries, e.g. \(rawErrorsFTS.prefix(3))")
        #expect(try stats(sandbox)["articles"] as? Int == before, "the index is unchanged")
        #expect(try IndexSnapshot(sandbox).integrity == "ok")
        print("hostile queries (seed \(seed)): \(queries.count) × 2 modes, exit codes \(codes.sorted { $0.key < $1.key })")
    }

    /// Regression guard for a finding in the search path (not in newsd): the time of a query
    /// grows steeply with its number of terms (measured: 200 terms 0.7 s, 1,000 terms 33 s,
    /// 5,000 terms minutes) — one command line can pin a CPU. Expected: answered (or refused
    /// with exit 2) within 5 s.
    @Test func longQueryIsAnsweredQuickly() throws {
        let sandbox = try Sandbox("longquery")
        for file in try bbcFiles(10) { try sandbox.drop(file, as: inboxName(file)) }
        _ = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        let query = String(repeating: "a ", count: 1000)
        let result = try runBounded(Paths.newsq, ["search", query, "--json", "--state-dir", sandbox.state.path], timeout: 5)
        #expect(result != nil, "a 1,000-term query took over 5 s")
        #expect([0, 1, 2].contains(result?.status ?? 0))
    }
}

/// Runs a program with a time limit; nil when it had to be killed (SIGKILL) at the limit.
func runBounded(_ program: String, _ arguments: [String], timeout: Double) throws -> CommandResult? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NEWSD_CONFIG"] = ""
    process.environment = env
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString).out")
    let err = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString).err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    guard waitUntil(timeout: timeout, { !process.isRunning }) else {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return nil
    }
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
                         stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
}
