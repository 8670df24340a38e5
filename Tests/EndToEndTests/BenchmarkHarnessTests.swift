import Foundation
import Testing

/// The benchmark is not a timed test: this only checks that the real `newsbench` runs end to
/// end on a tiny corpus (baseline, newsd, queries, drops) and writes both reports.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.bbc.path)))
struct BenchmarkHarnessTests {
    @Test func harnessRunsOnATinyCorpus() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("newsbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: work) }
        let markdown = work.path + ".md", json = work.path + ".json"
        defer { for path in [markdown, json] { try? FileManager.default.removeItem(atPath: path) } }
        let result = try run(Paths.newsbench, [
            "--sizes", "150,300", "--corpus", Paths.bbc.path, "--work", work.path, "--queries", "5", "--drops", "2",
            "--backlog", "20", "--html", "", "--markdown", markdown, "--json", json, "--bin", Paths.binaries.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOfFile: markdown, encoding: .utf8)
        for line in ["| 150 | 150 |", "| 300 | 150 |", "newsd / baseline", "runs (s): newsd; baseline", "two-word p50 / p99", "while a 20-file backlog drains"] {
            #expect(report.contains(line), "\(line) in \(report)")
        }
        // Each of issue 7's targets with its figure and verdict (missed ones say by how much).
        let targets = report.components(separatedBy: "## Targets (issue 7) in this run").last?.components(separatedBy: "\n## ").first ?? ""
        for target in ["| ingest ≥ 80% of the bare-FTS5 baseline | ", "| drop-to-searchable p50 ≤ poll interval + 100 ms (1100 ms) | idle ",
                       "| two-word query p50 < 5 ms at 300 articles | ", "| two-word query p99 < 20 ms at 300 articles | ",
                       "| `newsq search` whole process p50 < 50 ms at 300 articles | ", "| newsd peak RSS < 100 MB draining 150 files, flat after | "] {
            let row = targets.components(separatedBy: "\n").first { $0.hasPrefix(target) } ?? ""
            #expect(row.hasSuffix(" | met |") || row.contains(" | **missed** "), "\(target) in \(targets)")
        }
        let stages = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let results = stages?["stages"] as? [[String: Any]] ?? []
        #expect(results.count == 2)
        // Each side ran three times per stage; its faster run gives files/s.
        for stage in results {
            for side in ["newsd", "baseline"] {
                let runs = stage[side + "Runs"] as? [Double] ?? []
                #expect(runs.count == 3 && stage[side + "Seconds"] as? Double == runs.min(), "\(side) in \(stage)")
            }
        }
        // The later pairs' copies of the indexes are gone.
        for pair in 1...2 { #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("again-\(pair)").path)) }
        // The ratio shown is the median of the three pairs' ratios.
        let first = try #require(results.first)
        let paired = zip(first["baselineRuns"] as? [Double] ?? [], first["newsdRuns"] as? [Double] ?? []).map { $0 / $1 }.sorted()
        #expect(paired.count == 3)
        #expect(report.contains("**\(String(format: "%.0f", paired[1] * 100))%**"))

        // The profiling mode on the index the run left: one kind, and its slowest queries.
        let profiled = try run(Paths.newsbench, ["--queries-on", work.appendingPathComponent("state/news.db").path, "--only", "two-word",
                                                 "--queries", "5", "--corpus", Paths.bbc.path])
        #expect(profiled.status == 0 && profiled.stdout.hasPrefix("two-word  p50"), "\(profiled.stdout)\(profiled.stderr)")
        #expect(profiled.stdout.components(separatedBy: "  slowest: ").count - 1 == 5, "\(profiled.stdout)")
    }

    /// The profiling modes: write the benchmark's files, then time the baseline alone on them,
    /// committing every few files; a missing corpus is named.
    @Test func profilingModesGenerateFilesAndTimeTheBaseline() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("newsbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: work) }
        let files = work.appendingPathComponent("files").path, database = work.appendingPathComponent("bare.db").path
        let generated = try run(Paths.newsbench, ["--generate", "0..40", "--corpus", Paths.bbc.path, "--work", files])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: files).count == 40)
        let timed = try run(Paths.newsbench, ["--baseline-into", database, "--work", files, "--commit-every", "16"])
        #expect(timed.status == 0 && timed.stdout.hasPrefix("baseline: "), "\(timed.stdout)\(timed.stderr)")
        let missing = try run(Paths.newsbench, ["--generate", "0..1", "--corpus", work.appendingPathComponent("nowhere").path, "--work", files])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read the corpus folder"), "\(missing.stderr)")
    }
}
