import Foundation
import Testing

/// The whole BBC corpus (2,225 real articles) through the real newsd: every file ends up
/// indexed or classified, the 98 known byte-identical pairs are found, nothing crashes.
@Suite struct CorpusEndToEndTests {
    @Test func bbcCorpusIngestsCompletely() throws {
        let sandbox = try Sandbox("bbc")
        // Keep the corpus layout (bbc/<category>/NNN.txt) so paths name their source.
        let files = try FileManager.default.subpathsOfDirectory(atPath: Paths.bbc.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count == 2225)
        try FileManager.default.createDirectory(at: sandbox.inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.bbc, to: sandbox.inbox.appendingPathComponent("bbc"))
        let result = try run(Paths.newsd, ["--once", "--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--log-level", "warning"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.inboxFiles().isEmpty, "inbox drained")

        let stats = try newsq(["stats", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
        let articles = stats["articles"] as? Int ?? -1
        let duplicates = stats["duplicates"] as? Int ?? -1
        let exact = stats["exact_duplicates"] as? Int ?? -1
        let failed = stats["failed"] as? Int ?? -1
        #expect(articles + duplicates + failed == 2225, "every file classified: \(stats)")
        #expect(failed == 0, "no BBC file is rejected")
        // The 98 byte-identical pairs, plus any pair differing only in white space (normalised away).
        #expect(exact >= 98, "the 98 byte-identical pairs are exact duplicates")
        print("BBC corpus: \(articles) articles, \(exact) exact duplicates, \(duplicates - exact) near duplicates, \(failed) failed")

        // Each known pair: one file indexed, the other recorded as its duplicate.
        let groups = try newsq(["dups", "--json", "--limit", "1000"], in: sandbox).json() as? [[String: Any]] ?? []
        var duplicateOf: [String: String] = [:]
        for group in groups {
            let original = (group["path"] as? String).map(Self.corpusPath) ?? ""
            for member in group["duplicates"] as? [[String: Any]] ?? [] where member["kind"] as? String == "exact" {
                duplicateOf[Self.corpusPath(member["file"] as? String ?? "")] = original
            }
        }
        let pairs = try String(contentsOf: Paths.shared.appendingPathComponent("corpus/bbc-duplicates.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(pairs.count == 98)
        for pair in pairs {
            let (first, second) = (pair[1], pair[2])
            #expect(duplicateOf[second] == first || duplicateOf[first] == second, "\(first) / \(second)")
        }

        // The one Latin-1 file keeps its pound sign.
        let search = try newsq(["search", "Chelsea sack Mutu", "--json", "--limit", "1"], in: sandbox).json() as? [String: Any]
        let id = ((search?["results"] as? [[String: Any]])?.first?["id"] as? Int) ?? -1
        let shown = try newsq(["show", "\(id)", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
        #expect(shown["title"] as? String == "Chelsea sack Mutu")
        #expect((shown["body"] as? String ?? "").contains("£"), "£ decoded from Latin-1 byte 0xA3")
        #expect(!(shown["body"] as? String ?? "").contains("\u{FFFD}"))
    }

    /// `…/bbc/sport/199.txt` → `bbc/sport/199.txt`.
    static func corpusPath(_ path: String) -> String {
        guard let range = path.range(of: "bbc/", options: .backwards) else { return path }
        return String(path[range.lowerBound...])
    }
}
