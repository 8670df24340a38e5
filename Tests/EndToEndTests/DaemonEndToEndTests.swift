import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The product as a user meets it: the real newsd on an inbox, the real newsq on its index.
@Suite(.serialized)
struct DaemonEndToEndTests {
    static let seeds: [URL] = ((try? FileManager.default.contentsOfDirectory(at: Paths.samples.appendingPathComponent("seeds"), includingPropertiesForKeys: nil)) ?? [])
        .filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }

    func articleCount(_ sandbox: Sandbox) throws -> Int {
        let result = try newsq(["stats", "--json"], in: sandbox)
        return (try? result.json() as? [String: Any])?["articles"] as? Int ?? -1
    }

    func duplicateCount(_ sandbox: Sandbox) throws -> Int {
        let result = try newsq(["stats", "--json"], in: sandbox)
        return (try? result.json() as? [String: Any])?["duplicates"] as? Int ?? -1
    }

    @Test func seedsBecomeSearchableAndCopiesAreDuplicates() throws {
        let sandbox = try Sandbox("seeds")
        let daemon = try Newsd(sandbox, interval: 0.2)
        #expect(Self.seeds.count == 4)
        for seed in Self.seeds { try sandbox.drop(seed) }
        #expect(try waitUntil(timeout: 3) { try articleCount(sandbox) == 4 }, "4 seeds searchable within 3 s\n\(daemon.log)")

        let search = try newsq(["search", "Hezbollah Qalamoun", "--json"], in: sandbox)
        #expect(search.status == 0)
        let results = (try search.json() as? [String: Any])?["results"] as? [[String: Any]] ?? []
        #expect(results.first?["title"] as? String == "Assad's last battle")
        let marked = results.first?["snippet_marked"] as? String ?? ""
        #expect(marked.contains("«"))
        for key in ["id", "title", "date", "author", "url", "tags", "snippet", "score", "path"] {
            #expect(results.first?.keys.contains(key) == true, "JSON result has \(key)")
        }

        // The same four again under new names: no new article, four duplicates.
        for seed in Self.seeds { try sandbox.drop(seed, as: "copy-" + seed.lastPathComponent) }
        #expect(try waitUntil(timeout: 5) { try duplicateCount(sandbox) == 4 }, "\(daemon.log)")
        #expect(try articleCount(sandbox) == 4)
        #expect(waitUntil { sandbox.inboxFiles().isEmpty })
        #expect(sandbox.files(in: "processed").count == 4)
        #expect(sandbox.files(in: "duplicates").count == 4)
        #expect(daemon.stop() == 0, "SIGTERM exits 0")
    }

    @Test func secondInstanceRefusesWithClearMessage() throws {
        let sandbox = try Sandbox("lock")
        let daemon = try Newsd(sandbox, interval: 0.2)
        #expect(waitUntil { FileManager.default.fileExists(atPath: sandbox.database) })
        usleep(300_000)
        let second = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path])
        #expect(second.status != 0)
        #expect(second.stderr.contains("already running"), "\(second.stderr)")
        #expect(second.stderr.contains("\(daemon.pid)"))
        let status = try newsq(["status", "--json"], in: sandbox)
        #expect(status.status == 0)
        let report = try status.json() as? [String: Any]
        #expect(report?["running"] as? Bool == true)
        #expect(report?["pid"] as? Int == Int(daemon.pid), "the pid as a number: \(status.stdout)")
    }

    @Test func searchExitCodes() throws {
        let sandbox = try Sandbox("exit")
        try sandbox.drop(try #require(Self.seeds.first, "the gold-set seeds are in ../shared/samples/seeds"))
        let once = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(try newsq(["search", "qalamoun"], in: sandbox).status == 0)
        #expect(try newsq(["search", "zzzyxxqnotaword"], in: sandbox).status == 1)
        let bad = try newsq(["search", "\"unterminated"], in: sandbox)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unterminated quote"))
        #expect(!bad.stderr.lowercased().contains("fts5"), "no raw SQLite error: \(bad.stderr)")
        let missing = try run(Paths.newsq, ["search", "x", "--db", sandbox.root.appendingPathComponent("none.db").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no database"))
    }

    /// A syndicated copy with an added paragraph is recorded as a near duplicate, and still
    /// found by the paragraph's words: one result, the article's id, the copy's file.
    @Test func nearCopyIsOneResultFoundByItsOwnWords() throws {
        let sandbox = try Sandbox("near")
        let original = Paths.bbc.appendingPathComponent("business/001.txt")
        let text = try String(contentsOf: original, encoding: .utf8)
        try sandbox.drop(original, as: "timewarner.txt")
        func once() throws {
            let result = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
        try once()
        _ = try sandbox.drop(bytes: Array((text + "\nCorrection: an earlier version misnamed the Zeebrugge harbour master.\n").utf8),
                             as: "wire-copy.txt")
        try once()
        #expect(try duplicateCount(sandbox) == 1 && articleCount(sandbox) == 1)

        let article = try search(["Time Warner profit"], in: sandbox)
        #expect(article.total == 1, "the article and its copy are one result")
        let id = try #require(article.results.first?["id"] as? Int)
        let copy = try search(["zeebrugge harbour"], in: sandbox)
        #expect(copy.total == 1)
        let hit = try #require(copy.results.first)
        #expect(hit["id"] as? Int == id && hit["near_copy"] as? Bool == true)
        #expect((hit["path"] as? String ?? "").hasSuffix("/duplicates/wire-copy.txt"), "\(hit)")
        #expect((hit["snippet_marked"] as? String ?? "").contains("«Zeebrugge»"))
        let printed = try newsq(["search", "zeebrugge harbour", "--color", "never"], in: sandbox).stdout
        #expect(printed.contains("best match: a near duplicate of [\(id)]"), "\(printed)")
    }

    /// Kill -9 between and during batches: after each restart nothing is lost or doubled.
    @Test func killAndRestartLosesNothing() throws {
        let sandbox = try Sandbox("restart")
        let files = try bbcSample(count: 300)
        var daemon: Newsd? = try Newsd(sandbox, interval: 0.1)
        for (i, file) in files.enumerated() {
            try sandbox.drop(file, as: "\(file.deletingLastPathComponent().lastPathComponent)-\(file.lastPathComponent)")
            if i % 75 == 74 {
                usleep(UInt32.random(in: 20_000...200_000))
                daemon?.stop(signal: SIGKILL)
                daemon = try Newsd(sandbox, interval: 0.1)
            }
        }
        #expect(waitUntil(timeout: 30) { sandbox.inboxFiles().isEmpty }, "inbox drains: \(sandbox.inboxFiles().prefix(5))")
        daemon?.stop()
        let distinct = Set(try files.map { try Data(contentsOf: $0) }).count
        let stats = try newsq(["stats", "--json"], in: sandbox).json() as? [String: Any] ?? [:]
        let articles = stats["articles"] as? Int ?? -1
        let duplicates = stats["duplicates"] as? Int ?? -1
        let failed = stats["failed"] as? Int ?? -1
        #expect(articles + duplicates + failed == files.count, "accepted = indexed + duplicates + failed")
        #expect(articles <= distinct, "no article twice")
        #expect(sandbox.files(in: "processed").count + sandbox.files(in: "duplicates").count + sandbox.files(in: "failed").count == files.count)
    }

    /// A file dropped while newsd drains a backlog (a folder of 1,000 files renamed in) is
    /// committed long before the backlog is done: it joins the next batches (the fresh lane).
    /// Article ids count the commits before it, whatever the timing of the checks. Also with a
    /// queue of 200 files, when the backlog is taken in five parts, each found by a rescan.
    @Test(arguments: [nil, 200]) func aFileDroppedBehindABacklogOvertakesIt(queueFiles: Int?) throws {
        let sandbox = try Sandbox("fresh")
        // Batches of 32 kept at 30 ms or more, so the backlog lasts over a second on any machine.
        let config = ["batch_files = 32"] + (queueFiles.map { ["queue_files = \($0)"] } ?? [])
        let daemon = try Newsd(sandbox, interval: 0.2, config: config, environment: ["NEWSD_FAULT": "slow-batch:30"])
        let backlog = sandbox.root.appendingPathComponent("backlog")
        try FileManager.default.createDirectory(at: backlog, withIntermediateDirectories: true)
        let files = try bbcSample(count: 1_000)
        for (n, file) in files.enumerated() {
            try FileManager.default.copyItem(at: file, to: backlog.appendingPathComponent("\(n).txt"))
        }
        #expect(rename(backlog.path, sandbox.inbox.appendingPathComponent("backlog").path) == 0)
        usleep(300_000)  // newsd has scanned the backlog and is taking it
        try sandbox.drop(bytes: Array("Zqfreshprobe arrives\n\nA fresh story dropped while a bulk import runs.\n".utf8), as: "fresh.txt")
        #expect(waitUntil(timeout: 60) { sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        let found = try newsq(["search", "zqfreshprobe", "--json"], in: sandbox).json() as? [String: Any]
        let id = ((found?["results"] as? [[String: Any]])?.first?["id"] as? Int) ?? -1
        #expect(id > 0 && id <= 700, "the fresh file was committed as article \(id) of \(files.count + 1)")
        #expect(try articleCount(sandbox) + duplicateCount(sandbox) == files.count + 1)
        #expect(daemon.stop() == 0)
    }

    /// The first `count` BBC files in a stable order, across the categories.
    func bbcSample(count: Int) throws -> [URL] {
        var all: [URL] = []
        for category in ["business", "entertainment", "politics", "sport", "tech"] {
            let dir = Paths.bbc.appendingPathComponent(category)
            all += try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).sorted { $0.path < $1.path }.prefix(count / 5 + 1)
        }
        return Array(all.prefix(count))
    }
}
