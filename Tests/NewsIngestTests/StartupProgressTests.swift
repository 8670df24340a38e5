import Foundation
import NewsIndex
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// What newsd tells systemd while a long start-up runs (`StartupProgress`), around real
/// SQLite work on the starting thread.
@Suite struct StartupProgressTests {
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func add(_ message: String) { lock.withLock { messages.append(message) } }
        var all: [String] { lock.withLock { messages } }
    }

    /// SQLite work on this thread for `seconds`.
    static func work(_ connection: Connection, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            _ = try connection.scalar("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT count(*) FROM c")
        }
    }

    /// Waits up to a second for a message containing `text` among those after the first `skip`.
    static func waitFor(_ text: String, in received: Received, after skip: Int) -> Bool {
        for _ in 0..<20 where !received.all.dropFirst(skip).contains(where: { $0.contains(text) }) { usleep(50_000) }
        return received.all.dropFirst(skip).contains { $0.contains(text) }
    }

    @Test func extendsTheStartTimeoutWhileTheStartingThreadWorks() throws {
        let connection = try Connection(path: ":memory:", mode: .readWrite)
        let received = Received()
        let progress = StartupProgress(interval: 0.1, stallLimit: 0.25, send: { received.add($0) })
        progress.start("checking the database")
        defer { progress.stop() }

        try Self.work(connection, seconds: 0.8)
        let working = received.all
        #expect(working.count >= 2, "one extension per interval while working")
        #expect(working.allSatisfy { $0.hasPrefix("EXTEND_TIMEOUT_USEC=300000\nSTATUS=checking the database (") }, "\(working)")

        // Blocked without using CPU (as on a hung disk) for longer than `stallLimit`: the
        // extensions stop, so systemd's timeout still ends a start-up that is stuck. Another
        // thread of the process is busy meanwhile: only the starting thread's CPU counts.
        let busy = Thread { let end = Date().addingTimeInterval(1.3); while Date() < end {} }
        busy.start()
        usleep(600_000)
        let settled = received.all.count
        usleep(500_000)
        #expect(received.all.count == settled)

        progress.enter("loading the duplicate checks")
        try Self.work(connection, seconds: 0.5)
        #expect(Self.waitFor("STATUS=loading the duplicate checks (", in: received, after: settled))

        progress.stop()
        let stopped = received.all.count
        try Self.work(connection, seconds: 0.3)
        #expect(received.all.count == stopped, "nothing is sent once READY is near")
    }

    /// A start-up that keeps using CPU for ever (a loop) is extended only up to `maximum`.
    @Test func stopsExtendingAfterTheMaximum() throws {
        let connection = try Connection(path: ":memory:", mode: .readWrite)
        let received = Received()
        let progress = StartupProgress(interval: 0.1, maximum: 0.35, send: { received.add($0) })
        progress.start("opening the database (and migrating its schema)")
        defer { progress.stop() }
        try Self.work(connection, seconds: 0.6)
        let early = received.all.count
        try Self.work(connection, seconds: 0.5)
        #expect(early >= 1 && received.all.count == early)
    }
}
