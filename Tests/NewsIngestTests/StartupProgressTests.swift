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

    @Test func extendsTheStartTimeoutOnlyWhileTheStartingThreadWorks() throws {
        let connection = try Connection(path: ":memory:", mode: .readWrite)
        let received = Received()
        let progress = StartupProgress(interval: 0.1, send: { received.add($0) })
        progress.start("checking the database")
        defer { progress.stop() }

        try Self.work(connection, seconds: 0.8)
        let working = received.all
        #expect(working.count >= 2, "one extension per interval while working")
        #expect(working.allSatisfy { $0.hasPrefix("EXTEND_TIMEOUT_USEC=300000\nSTATUS=checking the database (") }, "\(working)")

        // Blocked without using CPU (as on a hung disk): the extensions stop, so systemd's
        // timeout can still end a start-up that is stuck.
        usleep(300_000)
        let settled = received.all.count
        usleep(500_000)
        #expect(received.all.count == settled)

        progress.enter("loading the duplicate checks")
        try Self.work(connection, seconds: 0.5)
        // The look after the work may come late on a busy machine: it still reports the work.
        var waited = 0
        while !received.all.dropFirst(settled).contains(where: { $0.contains("STATUS=loading the duplicate checks (") }), waited < 20 {
            usleep(50_000)
            waited += 1
        }
        #expect(received.all.dropFirst(settled).contains { $0.contains("STATUS=loading the duplicate checks (") })

        progress.stop()
        let stopped = received.all.count
        try Self.work(connection, seconds: 0.3)
        #expect(received.all.count == stopped, "nothing is sent once READY is near")
    }
}
