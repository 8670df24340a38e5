import ArgumentParser
import CSQLite
import Foundation
import NewsCore
import NewsIndex

/// `newsbench`: ingest throughput against a bare-FTS5 baseline, drop-to-searchable latency,
/// query latency, memory and cost growth, measured side by side in one run.
@main
struct Newsbench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsbench",
        abstract: "Benchmark newsd and newsq against a bare SQLite FTS5 baseline measured in the same run.",
        discussion: """
            Examples:
              swift run -c release newsbench                      # 10k, 50k, 200k articles (~20 min)
              swift run -c release newsbench --sizes 2000 --drops 10 --markdown /tmp/b.md
            """)

    @Option(help: "Index sizes to measure at, ascending (comma-separated).")
    var sizes = "10000,50000,200000"
    @Option(help: "Source corpus (one article per file, headline first).")
    var corpus = "../shared/corpus/bbc"
    @Option(help: "Scratch folder (emptied first).")
    var work = "/tmp/newsbench"
    @Option(help: "Queries per kind.")
    var queries = 200
    @Option(help: "Single-file drops for the drop-to-searchable latency.")
    var drops = 40
    @Option(help: "Files dropped at once before the drops timed behind a backlog.")
    var backlog = 5_000
    @Option(help: "Saved web pages for the HTML extraction line (empty to skip).")
    var html = "../shared/html-dev/pages"
    @Option(help: "Write the Markdown report here.")
    var markdown = "docs/benchmarks.md"
    @Option(help: "Write the JSON report here.")
    var json = "docs/benchmarks.json"
    @Option(help: "Folder holding the newsd and newsq binaries (default: beside newsbench).")
    var bin: String?
    @Option(help: "Only time the queries on this existing index (no ingest, no report files).")
    var queriesOn: String?
    @Option(help: ArgumentHelp("Only write the benchmark's articles FROM..<TO as files into --work (for profiling).", valueName: "FROM..TO"))
    var generate: String?

    @Option(help: ArgumentHelp("Only time the baseline adding the files of --work to the bare FTS5 database DB (created if missing; for profiling).", valueName: "DB"))
    var baselineInto: String?

    @Option(help: "With --queries-on: time only this kind (two-word, phrase or filtered) five times over, or one query of your own ('query:TEXT') 200 times, and list the slowest and the median queries.")
    var only: String?

    @Option(help: ArgumentHelp("With --baseline-into: commit every N files, as newsd's batches do (what per-batch commits cost the baseline).", valueName: "N"))
    var commitEvery: Int = 0

    func run() throws {
        // The baseline opens SQLite itself, before any index connection would set this: both
        // sides run with the settings newsd uses.
        _ = newsd_sqlite_config_no_memory_statistics()
        let binDir = bin ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        if let generate {
            let bounds = generate.components(separatedBy: "..").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] >= 0, bounds[0] < bounds[1] else { throw ValidationError("--generate wants FROM..TO, e.g. 200000..220000") }
            let bytes = try BenchCorpus(directory: URL(fileURLWithPath: corpus)).write(bounds[0]..<bounds[1], to: URL(fileURLWithPath: work))
            log("wrote \(bounds[1] - bounds[0]) files (\(bytes / 1_000_000) MB) into \(work)")
            return
        }
        if let baselineInto {
            let seconds = try Baseline.run(folder: URL(fileURLWithPath: work), database: baselineInto, commitEvery: max(0, commitEvery))
            print(String(format: "baseline: %.2f s", seconds))
            return
        }
        if let queriesOn {
            let queries = BenchQueries(corpus: try BenchCorpus(directory: URL(fileURLWithPath: corpus)), perKind: self.queries)
            if let only {
                // One kind, repeated: for profiling (`perf record -- newsbench --queries-on DB --only two-word`).
                let kinds = ["two-word": queries.twoWord, "phrase": queries.phrases, "filtered": queries.filtered]
                let own = only.hasPrefix("query:") ? [String(only.dropFirst(6))] : nil
                guard let list = own ?? kinds[only] else { throw ValidationError("--only wants two-word, phrase, filtered or query:TEXT") }
                PageCache.warm(PageCache.files(ofDatabase: queriesOn))
                let samples = try QueryBench.timed(database: queriesOn, queries: list, repeats: own == nil ? 5 : 200)
                let l = Latency(samples.map(\.seconds))
                // The first pass alone, as the full benchmark times each query (its pages not yet in
                // the connection's cache), beside all passes together.
                let first = Latency(samples.prefix(list.count).map(\.seconds))
                print(String(format: "\(only)  p50 %.2f ms  p99 %.2f ms  (first pass: p50 %.2f ms  p99 %.2f ms)", l.p50, l.p99, first.p50, first.p99))
                // The slowest queries by their median over the passes: what a p99 is made of.
                let byQuery = Dictionary(grouping: samples, by: \.query).mapValues { $0.map(\.seconds).sorted()[$0.count / 2] }
                let ordered = byQuery.sorted(by: { $0.value > $1.value })
                for (query, seconds) in ordered.prefix(5) {
                    print(String(format: "  slowest: %7.2f ms  %@", seconds * 1000, query))
                }
                // And the queries at the median: what a p50 is made of.
                for (query, seconds) in ordered.dropFirst(max(0, ordered.count / 2 - 2)).prefix(min(5, ordered.count)) where ordered.count > 5 {
                    print(String(format: "  median:  %7.2f ms  %@", seconds * 1000, query))
                }
                return
            }
            let l = try queries.measure(database: queriesOn, newsq: binDir + "/newsq")
            func ms(_ x: Latency) -> String { String(format: "p50 %.2f ms  p99 %.2f ms", x.p50, x.p99) }
            print("two-word  \(ms(l.twoWord))\ntwo-word from disk  \(ms(l.twoWordFromDisk))\nphrase    \(ms(l.phrase))\nfiltered  \(ms(l.filtered))\nprocess   \(ms(l.process))")
            return
        }
        let stages = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.sorted()
        guard !stages.isEmpty, stages[0] > 0 else { throw ValidationError("--sizes wants positive numbers, e.g. 10000,50000") }
        let runner = try BenchRunner(corpus: URL(fileURLWithPath: corpus), work: URL(fileURLWithPath: work),
                                     newsd: binDir + "/newsd", newsq: binDir + "/newsq", queriesPerKind: queries)
        var report = Report(machine: MachineFacts.collect())
        var previous = 0
        for size in stages {
            log("stage: \(previous) → \(size) articles")
            report.stages.append(try runner.stage(from: previous, to: size))
            previous = size
        }
        // Last, so the probes and their backlog do not change the stages' index sizes.
        log("drop-to-searchable latency (idle, then under a backlog)")
        (report.idleDrop, report.backlogDrop) = try runner.dropLatency(drops: drops, backlog: max(1, backlog), backlogStart: 10_000_000)
        report.backlogFiles = max(1, backlog)
        report.interval = runner.interval
        if !html.isEmpty { report.html = HTMLBench.run(folder: URL(fileURLWithPath: html)) }
        try report.markdown().write(toFile: markdown, atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        print(report.markdown())
        log("written: \(markdown), \(json)")
    }
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("newsbench: \(message)\n".utf8))
}
