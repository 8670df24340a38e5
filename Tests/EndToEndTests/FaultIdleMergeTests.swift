import Foundation
import NewsCore
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 while newsd merges its full-text index once idle (`idle_merge_after`): each merge
/// step is a transaction, so the index stays whole and every article stays searchable.
@Suite(.serialized)
struct FaultIdleMergeTests {
    @Test func killNineWhileMergingLosesNothing() throws {
        let sandbox = try Sandbox("idlemerge")
        // Batches of 4 leave many small segments to merge; merging starts 0.3 s after the last.
        let config = ["batch_files = 4", "settle_delay = 0.1", "idle_merge_after = 0.3"]
        var dropped: HashCounts = [:]
        for file in try bbcFiles(160) {
            let bytes = [UInt8](try Data(contentsOf: file))
            try sandbox.drop(bytes: bytes, as: inboxName(file))
            dropped[SHA256.hex(of: bytes), default: 0] += 1
        }
        var random = SplitMix(seed: 11)
        for kill in 0..<8 {
            let daemon = try Newsd(sandbox, interval: 0.1, config: config)
            if kill == 0 { #expect(waitUntil(timeout: 60) { sandbox.inboxFiles().isEmpty }, "the first run drains the inbox") }
            usleep(UInt32.random(in: 300_000...900_000, using: &random))  // around the idle merge, at a random moment
            daemon.stop(signal: SIGKILL)
            try expectConsistent(sandbox, dropped: dropped, settled: false, context: "after kill \(kill + 1)")
        }
        let daemon = try Newsd(sandbox, interval: 0.1, config: config)
        let status = sandbox.state.appendingPathComponent("newsd.status")
        func settled() -> Bool {
            // This daemon's word: a killed one's status file may already say settled.
            guard let data = try? Data(contentsOf: status), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
            return json["settled"] as? Bool == true && (json["pid"] as? NSNumber)?.int32Value == daemon.pid
        }
        #expect(waitUntil(timeout: 60) { settled() }, "the merge finishes after the kills")
        #expect(daemon.stop() == 0)
        try expectConsistent(sandbox, dropped: dropped, settled: true, context: "final")
        let index = try SQLiteIndex(path: sandbox.database)
        #expect(try index.check().isHealthy, "FTS5's integrity check: the index matches the articles")
        let segments = try Connection(path: sandbox.database, mode: .readOnly).scalar("SELECT count(DISTINCT segid) FROM articles_fts_idx")
        #expect(segments <= 3, "merged down to one segment per level: \(segments)")
        #expect(try index.search(SearchRequest(query: "said")).total > 100)
    }
}
