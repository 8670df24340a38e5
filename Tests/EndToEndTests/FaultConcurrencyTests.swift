import Foundation
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Readers during heavy ingest: never blocked into an error (WAL, busy_timeout), never shown
/// half a batch.
@Suite(.serialized)
struct FaultConcurrencyTests {
    /// 600 distinct-named files ready at start and batch_files = 10, so every commit adds
    /// exactly 10 file records: any count a reader sees must be a multiple of 10. Readers are
    /// the real `newsq stats --json` and an in-process reader polling in a tight loop.
    @Test func readersSeeOnlyWholeBatchesAndNeverFail() throws {
        let sandbox = try Sandbox("readers")
        let files = try bbcFiles(slowTests ? 2000 : 600)
        for file in files { try sandbox.drop(file, as: inboxName(file)) }
        let daemon = try Newsd(sandbox, interval: 0.1, config: ["batch_files = 10", "settle_delay = 0"])
        #expect(try waitUntil(timeout: 10) { try newsq(["stats", "--json"], in: sandbox).status == 0 }, "the database is created")

        let observed = Observations()
        let reader = Thread {
            var opened: SQLiteIndex?
            for _ in 0..<100 where opened == nil {
                opened = try? SQLiteIndex(path: sandbox.database, readOnly: true)
                if opened == nil { usleep(50_000) }
            }
            guard let index = opened else { observed.fail("cannot open the database"); return }
            while !observed.done {
                usleep(2000)
                do {
                    let s = try index.stats()
                    observed.add(s.articles + s.duplicates + s.failed)
                } catch {
                    observed.fail("\(error)")
                }
            }
        }
        reader.start()
        var cliCounts: [Int] = []
        var cliFailures: [String] = []
        let deadline = Date().addingTimeInterval(slowTests ? 180 : 60)
        while Date() < deadline {
            let result = try newsq(["stats", "--json"], in: sandbox)
            if result.status != 0 { cliFailures.append(result.stderr) }
            if let json = try? result.json() as? [String: Any], let a = json["articles"] as? Int, let d = json["duplicates"] as? Int,
               let f = json["failed"] as? Int {
                cliCounts.append(a + d + f)
                if a + d + f == files.count { break }
            }
        }
        observed.done = true
        usleep(100_000)
        #expect(daemon.stop() == 0)
        #expect(cliFailures.isEmpty, "newsq stats never fails during ingest: \(cliFailures.prefix(3))")
        #expect(observed.errors.isEmpty, "in-process reader never fails: \(observed.errors.prefix(3))")
        #expect(cliCounts.last == files.count, "ingest completed: \(cliCounts.suffix(3))")
        let partial = (cliCounts + observed.counts).filter { $0 % 10 != 0 }
        #expect(partial.isEmpty, "a reader saw half a batch: \(partial.prefix(5))")
        let distinct = Set(cliCounts + observed.counts)
        #expect(distinct.count >= 5, "readers saw the ingest progress: \(distinct.sorted())")
        #expect(cliCounts == cliCounts.sorted() , "counts never go backwards")
        print("readers: \(cliCounts.count) newsq calls, \(observed.counts.count) in-process reads, \(distinct.count) distinct batch boundaries")
    }
}

/// Counts a reader thread saw, shared with the test.
final class Observations: @unchecked Sendable {
    private let lock = NSLock()
    private var _counts: [Int] = []
    private var _errors: [String] = []
    private var _done = false
    var done: Bool {
        get { lock.lock(); defer { lock.unlock() }; return _done }
        set { lock.lock(); _done = newValue; lock.unlock() }
    }
    var counts: [Int] { lock.lock(); defer { lock.unlock() }; return _counts }
    var errors: [String] { lock.lock(); defer { lock.unlock() }; return _errors }
    func add(_ count: Int) { lock.lock(); _counts.append(count); lock.unlock() }
    func fail(_ error: String) { lock.lock(); _errors.append(error); lock.unlock(); usleep(1000) }
}
