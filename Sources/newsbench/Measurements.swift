import Foundation
import NewsIndex

/// Figures for one ingest stage (the index grown to `articles`).
struct StageResult: Codable {
    var articles: Int
    var newFiles: Int
    var megabytes: Double
    /// The faster of newsd's runs (`newsdRuns`) and of the baseline's (`baselineRuns`); the
    /// runs are in pairs, each baseline run just before the newsd run of the same index
    /// in the same position.
    var newsdSeconds: Double
    var baselineSeconds: Double
    var newsdRuns: [Double]
    var baselineRuns: [Double]
    var newsdPeakRSS: Int
    var newsdRSSAfter: Int
    var databaseBytes: Int
    /// Seconds newsd spent merging its full-text index once idle, after the drain (queries
    /// are measured on the settled index; not part of the ingest time).
    var idleMergeSeconds: Double
    var twoWord: Latency
    /// Two-word queries right after the database's pages were dropped from the file cache:
    /// a search after the index sat idle on a machine that reclaims idle cache.
    var twoWordFromDisk: Latency?
    var phrase: Latency
    var filtered: Latency
    var processSearch: Latency

    var newsdFilesPerSecond: Double { Double(newFiles) / newsdSeconds }
    var baselineFilesPerSecond: Double { Double(newFiles) / baselineSeconds }
    /// newsd's speed against the baseline's: the median of the pairs' ratios. Each pair runs
    /// within a minute or two, so the machine's drift between pairs cancels; the faster runs
    /// of each side can come from different phases of the machine (`fasterRunsRatio`).
    var ratio: Double { percentile(zip(baselineRuns, newsdRuns).map { $0 / $1 }, 50) }
    /// The baseline's faster run against newsd's (the ratio this report gave before 2026-12-02).
    var fasterRunsRatio: Double { baselineSeconds / newsdSeconds }
    var microsecondsPerDocument: Double { newsdSeconds / Double(newFiles) * 1e6 }
}

/// p50/p99 in milliseconds over `count` samples.
struct Latency: Codable {
    var p50: Double
    var p99: Double
    var count: Int

    init(_ samples: [Double]) {
        p50 = percentile(samples, 50) * 1000
        p99 = percentile(samples, 99) * 1000
        count = samples.count
    }
}

/// The queries of a run: two-word, phrase and site + date filtered, drawn from the corpus
/// with a fixed seed, so every run asks the same.
struct BenchQueries {
    let twoWord: [String], phrases: [String], filtered: [String]

    init(corpus: BenchCorpus, perKind: Int) {
        var rng = SplitMix(seed: 42)
        let (words, phraseList) = corpus.queryWords(limit: perKind)
        twoWord = (0..<perKind).map { _ in words[rng.next(words.count)] + " " + words[rng.next(words.count)] }
        phrases = (0..<perKind).map { "\"" + phraseList[$0 % phraseList.count] + "\"" }
        filtered = (0..<perKind).map { i in
            let month = 1 + i % 12
            return "\(words[rng.next(words.count)]) site:site\(i % 40).example.com date:2004-\(String(format: "%02d", month))..2005-\(String(format: "%02d", month))"
        }
    }

    /// Latencies of each kind in-process, and of the whole `newsq search --json` process, each
    /// kind timed with the database in the file cache; and the two-word queries once more with
    /// it dropped from the cache first.
    func measure(database: String, newsq: String) throws -> QueryLatencies {
        let files = PageCache.files(ofDatabase: database)
        files.forEach(PageCache.evict)
        let fromDisk = try QueryBench.measure(database: database, queries: twoWord)
        func warm<T>(_ body: () throws -> T) rethrows -> T {
            PageCache.warm(files)
            return try body()
        }
        return QueryLatencies(
            twoWord: try warm { try QueryBench.measure(database: database, queries: twoWord) },
            twoWordFromDisk: fromDisk,
            phrase: try warm { try QueryBench.measure(database: database, queries: phrases) },
            filtered: try warm { try QueryBench.measure(database: database, queries: filtered) },
            process: try warm { try QueryBench.process(newsq: newsq, database: database, queries: Array(twoWord.prefix(30))) })
    }
}

/// One index's query latencies (see `BenchQueries.measure`).
struct QueryLatencies {
    var twoWord: Latency, twoWordFromDisk: Latency, phrase: Latency, filtered: Latency, process: Latency
}

/// In-process query timings on an index.
enum QueryBench {
    static func measure(database: String, queries: [String], repeats: Int = 1) throws -> Latency {
        Latency(try timed(database: database, queries: queries, repeats: repeats).map(\.seconds))
    }

    /// Each query's time, in order (`repeats` passes over the list).
    static func timed(database: String, queries: [String], repeats: Int = 1) throws -> [(query: String, seconds: Double)] {
        let index = try SQLiteIndex(path: database, readOnly: true)
        var samples: [(String, Double)] = []
        for _ in 0..<repeats {
            for query in queries {
                var request = SearchRequest(query: query)
                request.limit = 10
                let started = now()
                _ = try index.search(request)
                samples.append((query, now() - started))
            }
        }
        return samples
    }

    /// Whole-process `newsq search --json` (start-up, open, query, snippets, JSON out).
    static func process(newsq: String, database: String, queries: [String]) throws -> Latency {
        var samples: [Double] = []
        for query in queries {
            let started = now()
            _ = try Child(newsq, ["search", query, "--json", "--db", database]).wait()
            samples.append(now() - started)
        }
        return Latency(samples)
    }
}
