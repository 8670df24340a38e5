import Foundation
import NewsCore
import NewsIndex

/// Everything one run measured, with the machine it ran on.
struct Report: Codable {
    var machine: MachineFacts
    var stages: [StageResult] = []
    var idleDrop: Latency?
    var backlogDrop: Latency?
    var interval: Double = 1
    /// Files of the backlog behind which the second set of drops is timed.
    var backlogFiles = 5_000
    var html: HTMLBench.Result?

    func markdown() -> String {
        func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        func f(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", v) }
        func runs(_ seconds: [Double]) -> String { seconds.map { f($0, 2) }.joined(separator: ", ") }
        var s = "# Benchmarks\n\n"
        s += "Measured by `swift run -c release newsbench` on \(machine.date): \(machine.cpu), \(machine.cores) cores, "
        s += "\(machine.memory), SQLite \(machine.sqlite), \(machine.swift). Each figure comes from the same run as its baseline; "
        s += "these machines are shared and noisy, so compare ratios, not absolute numbers.\n\n"
        s += TargetCheck.markdown(self)
        s += "## Ingest: newsd against a bare FTS5 baseline (same files, same run)\n\n"
        s += "The baseline reads the same files and inserts title and body into a bare FTS5 table with the same tokenizer as newsd's index "
        s += "(`\(FTSTokenizer.spec)`: Snowball stems, English for text without a language header, plus exact forms of inflected words, Arabic folding, CJK characters), in one transaction. "
        s += "newsd's figure is from the rename of a folder of N new files into the inbox until all are committed and searchable: decoding, "
        s += "parsing, exact/URL/near-duplicate checks, bookkeeping, fsync'd batches and moving each file out of the inbox. "
        s += "Each side runs \(BenchRunner.pairs) times on the same files from the same starting index, the two sides in turn (baseline, newsd, baseline, newsd…: the machine's speed drifts within minutes). "
        s += "The ratio is the median of the pairs' ratios (each baseline run against the newsd run right after it), which cancels the drift between pairs; "
        s += "files/s and the ratio of the faster runs (which can come from different phases of the machine) are given too, and every run is listed in order.\n\n"
        s += "| index size | new files | MB | newsd files/s | newsd MB/s | baseline files/s | newsd / baseline (median of pairs) | faster runs' ratio | runs (s): newsd; baseline | µs per doc | newsd peak RSS | RSS after drain | DB size | DB bytes per text byte |\n"
        s += "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for st in stages {
            s += "| \(st.articles) | \(st.newFiles) | \(f(st.megabytes)) | \(f(st.newsdFilesPerSecond, 0)) | \(f(st.megabytes / st.newsdSeconds, 2)) | "
            s += "\(f(st.baselineFilesPerSecond, 0)) | **\(f(st.ratio * 100, 0))%** | \(f(st.fasterRunsRatio * 100, 0))% | \(runs(st.newsdRuns)); \(runs(st.baselineRuns)) | \(f(st.microsecondsPerDocument, 0)) | \(mb(st.newsdPeakRSS)) | "
            s += "\(mb(st.newsdRSSAfter)) | \(mb(st.databaseBytes)) | \(f(Double(st.databaseBytes) / (stages.prefix { $0.articles <= st.articles }.reduce(0) { $0 + $1.megabytes } * 1e6), 2)) |\n"
        }
        s += "\nnewsd queues at most `queue_files` (50,000 by default) ready files per scan and scans again for the rest as they are taken, "
        s += "so its peak RSS does not grow with the backlog; from stage to stage it grows with the index (SQLite's caches, and the "
        s += "duplicate filters, capped at 20 MB in all).\n"
        s += "\n## Query latency (ms)\n\n"
        s += "In-process through the NewsIndex API (`SQLiteIndex.search`: ranked page of 10, total count, snippets), and the whole `newsq search --json` process (start-up included), "
        s += "on the index as newsd leaves it once idle: it merges its full-text index's segments after `idle_merge_after` (2 s) without new files, which took the time shown (not counted as ingest). "
        s += "Each kind is timed once per query, on a new connection (SQLite's own cache starts empty) with the database file read into the operating system's file cache first, as on a server that answers searches; "
        s += "\"from disk\" times the two-word queries with the file's pages dropped from that cache first, as after the index sat idle on a machine that reclaims idle cache (this benchmark's virtual machines page it out after about a minute; "
        s += "the host may still hold some of those pages, and later queries find those the first ones read, so a truly cold disk is slower).\n\n"
        s += "| index size | two-word p50 / p99 | two-word from disk p50 / p99 | phrase p50 / p99 | site + date filtered p50 / p99 | `newsq search --json` process p50 / p99 | idle merge before (s) |\n"
        s += "|---:|---:|---:|---:|---:|---:|---:|\n"
        for st in stages {
            let fromDisk = st.twoWordFromDisk.map { "\(f($0.p50, 2)) / \(f($0.p99, 2))" } ?? "–"
            s += "| \(st.articles) | \(f(st.twoWord.p50, 2)) / \(f(st.twoWord.p99, 2)) | \(fromDisk) | \(f(st.phrase.p50, 2)) / \(f(st.phrase.p99, 2)) | "
            s += "\(f(st.filtered.p50, 2)) / \(f(st.filtered.p99, 2)) | \(f(st.processSearch.p50, 1)) / \(f(st.processSearch.p99, 1)) | \(f(st.idleMergeSeconds, 1)) |\n"
        }
        if let idle = idleDrop, let backlog = backlogDrop {
            s += "\n## Drop-to-searchable latency (ms)\n\n"
            s += "From `rename()` into the inbox until a search finds the file, newsd scanning every \(f(interval)) s (inotify wakes it on the rename).\n\n"
            s += "| condition | drops | p50 | p99 |\n|---|---:|---:|---:|\n"
            s += "| idle | \(idle.count) | \(f(idle.p50)) | \(f(idle.p99)) |\n"
            s += "| every \(f(BenchRunner.backlogSpacing)) s while a \(grouped(backlogFiles))-file backlog drains | \(backlog.count) | \(f(backlog.p50)) | \(f(backlog.p99)) |\n"
        }
        if let html {
            s += "\n## HTML article extraction (in-process)\n\n"
            s += "| pages | MB | ms per page | pages/s | MB/s |\n|---:|---:|---:|---:|---:|\n"
            s += "| \(html.pages) | \(f(html.megabytes, 1)) | \(f(html.millisecondsPerPage, 2)) | \(f(html.pagesPerSecond, 0)) | \(f(html.megabytesPerSecond, 1)) |\n"
        }
        s += "\nTargets, what the profile shows and what was changed: [performance.md](performance.md).\n"
        return s
    }
}

/// The machine a run happened on.
struct MachineFacts: Codable {
    var date: String
    var cpu: String
    var cores: Int
    var memory: String
    var sqlite: String
    var swift: String

    static func collect() -> MachineFacts {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let gib = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        #if swift(>=6.3)
        let swift = "Swift 6.3+"
        #else
        let swift = "Swift < 6.3"
        #endif
        return MachineFacts(date: ISO8601DateFormatter().string(from: Date()), cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount,
                            memory: String(format: "%.0f GiB", gib), sqlite: SQLiteVersion.string, swift: swift)
    }
}

/// In-process HTML extraction speed over saved pages (bytes read first, so only extraction is timed).
enum HTMLBench {
    struct Result: Codable {
        var pages: Int
        var megabytes: Double
        var seconds: Double
        var millisecondsPerPage: Double { seconds / Double(pages) * 1000 }
        var pagesPerSecond: Double { Double(pages) / seconds }
        var megabytesPerSecond: Double { megabytes / seconds }
    }

    static func run(folder: URL) -> Result? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".html") }), !names.isEmpty else { return nil }
        let pages = names.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path).map { [UInt8]($0) } }
        _ = pages.prefix(5).map(HTMLExtractor.extract)  // warm-up
        let started = now()
        var total = 0
        for _ in 0..<3 { for page in pages { total += HTMLExtractor.extract(page).body.utf8.count } }
        let seconds = (now() - started) / 3
        precondition(total >= 0)
        return Result(pages: pages.count, megabytes: Double(pages.reduce(0) { $0 + $1.count }) / 1e6, seconds: seconds)
    }
}

/// `n` with thousands separated by commas (5,000), whatever the locale.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    let groups = stride(from: digits.count, to: 0, by: -3).reversed().map { end in
        String(digits.dropFirst(max(0, end - 3)).prefix(end - max(0, end - 3)))
    }
    return (n < 0 ? "-" : "") + groups.joined(separator: ",")
}
