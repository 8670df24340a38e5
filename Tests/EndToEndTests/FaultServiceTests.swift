import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The service contract: sd_notify messages, watchdog pings only from a live ingest loop,
/// bounded SIGTERM, one newsd per database, and the hardened unit.
@Suite(.serialized)
struct FaultServiceTests {
    static let article = Array("Service headline\n\nA body for the service tests with the word servicemarker.\n".utf8)

    /// READY=1 (with MAINPID), STATUS= and WATCHDOG=1 arrive on NOTIFY_SOCKET; an interval
    /// longer than the watchdog is shortened so a healthy idle loop still pings in time.
    @Test func notifiesReadyStatusAndWatchdog() throws {
        let sandbox = try Sandbox("notify")
        let socket = try NotifySocket()
        let daemon = try Newsd(sandbox, interval: 30, environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000"])
        let messages = socket.receive(for: 2.5)
        #expect(messages.contains { $0.contains("READY=1") && $0.contains("MAINPID=\(daemon.pid)") }, "\(messages)")
        #expect(messages.contains { $0.contains("STATUS=") })
        let pings = messages.filter { $0.contains("WATCHDOG=1") }.count
        #expect(pings >= 4, "pings every ≤ 0.5 s with WATCHDOG_USEC=1s although interval is 30 s: \(pings)")
        #expect(daemon.stop() == 0)
        #expect(socket.receive(for: 0.3, full: false).contains { $0.contains("STOPPING=1") } || true)
    }

    /// A loop wedged inside a batch stops the pings (systemd then kills and restarts newsd);
    /// the wedged batch never committed, so its file is still in the inbox for the next run.
    @Test func wedgedLoopStopsWatchdogPings() throws {
        let sandbox = try Sandbox("wedge")
        let socket = try NotifySocket()
        let daemon = try Newsd(sandbox, interval: 0.2, environment: [
            "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "2000000", "NEWSD_FAULT": "wedge-in-batch:1",
        ])
        let before = socket.receive(for: 1.0)
        #expect(before.contains { $0.contains("WATCHDOG=1") }, "pings while healthy: \(before)")
        try sandbox.drop(bytes: Self.article, as: "wedge.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("fault injected: wedge-in-batch") }, "\(daemon.log)")
        _ = socket.receive(for: 0.3)  // a ping already in flight
        let after = socket.receive(for: 2.5)
        #expect(!after.contains { $0.contains("WATCHDOG=1") }, "no ping from a wedged loop: \(after)")
        daemon.stop(signal: SIGKILL)  // what systemd's watchdog does (SIGABRT, then SIGKILL)
        #expect(sandbox.inboxFiles() == ["wedge.txt"])
        let restarted = try Newsd(sandbox, interval: 0.2)
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed") == ["wedge.txt"] }, "\(restarted.log)")
        #expect(restarted.stop() == 0)
    }

    /// SIGTERM during a (slow) batch: the batch finishes, its files are moved, newsd exits 0
    /// well within the bound; the files not yet taken stay in the inbox.
    @Test func sigtermDuringBatchFinishesItAndExits() throws {
        let sandbox = try Sandbox("sigterm")
        var dropped: HashCounts = [:]
        for file in try bbcFiles(30) { try sandbox.drop(file, as: inboxName(file)); dropped[try sha256(of: file), default: 0] += 1 }
        let daemon = try Newsd(sandbox, interval: 0.1, config: ["batch_files = 10", "settle_delay = 0"],
                               arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1500"])
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        let start = Date()
        #expect(daemon.stop(signal: SIGTERM) == 0)
        let took = Date().timeIntervalSince(start)
        #expect(took < 3, "exits within the batch time, took \(took) s")
        #expect(daemon.log.contains("newsd stopping"))
        #expect(settledHashes(sandbox).values.reduce(0, +) == 10, "the open batch was finished and moved")
        #expect(sandbox.inboxFiles().count == 20, "the rest wait in the inbox")
        try expectConsistent(sandbox, dropped: dropped, settled: false, context: "after SIGTERM")
    }

    /// SIGTERM while the batch is wedged: newsd leaves after `stop_timeout`, the batch rolls
    /// back and its file stays in the inbox.
    @Test func sigtermWhileWedgedLeavesAfterStopTimeout() throws {
        let sandbox = try Sandbox("sigterm-wedge")
        try sandbox.drop(bytes: Self.article, as: "stuck.txt")
        let daemon = try Newsd(sandbox, interval: 0.1, config: ["stop_timeout = 1", "settle_delay = 0"],
                               environment: ["NEWSD_FAULT": "wedge-in-batch:1"])
        #expect(waitUntil(timeout: 5) { daemon.log.contains("fault injected: wedge-in-batch") })
        let start = Date()
        #expect(daemon.stop(signal: SIGTERM) == 0)
        let took = Date().timeIntervalSince(start)
        #expect(took >= 0.9 && took < 3, "left after stop_timeout: \(took) s")
        #expect(daemon.log.contains("shutdown took over 1.0 s"), "\(daemon.log)")
        #expect(sandbox.inboxFiles() == ["stuck.txt"])
        #expect(try IndexSnapshot(sandbox).recorded.isEmpty, "the wedged batch rolled back")
    }

    /// One newsd per database: a second refuses with the owner's pid, also while the first
    /// is busy; after the first is killed -9 the lock is free again (no stale lock).
    @Test func secondNewsdRefusesAndLockSurvivesKill() throws {
        let sandbox = try Sandbox("lock2")
        for file in try bbcFiles(200) { try sandbox.drop(file, as: inboxName(file)) }
        let first = try Newsd(sandbox, interval: 0.1, config: ["settle_delay = 0", "batch_files = 5"])
        #expect(waitUntil(timeout: 5) { first.log.contains("newsd started") })
        for _ in 0..<3 {
            let second = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path])
            #expect(second.status == 1)
            #expect(second.stderr.contains("another newsd (pid \(first.pid)) is already running on this database"), "\(second.stderr)")
            #expect(second.stdout.isEmpty)
        }
        // The same database through another path spelling is the same lock.
        let viaDB = try run(Paths.newsd, ["--inbox", sandbox.root.appendingPathComponent("other-inbox").path,
                                          "--state-dir", sandbox.root.appendingPathComponent("other-state").path,
                                          "--db", sandbox.state.path + "/./news.db"])
        #expect(viaDB.status == 1 && viaDB.stderr.contains("already running"), "\(viaDB.stderr)")
        first.stop(signal: SIGKILL)
        let third = try Newsd(sandbox, interval: 0.1, config: ["settle_delay = 0"])
        // Started first: if the first newsd had drained the inbox before its kill, the wait
        // below ended at once and the stop reached the third in its first milliseconds, before
        // it handles SIGTERM (exit by signal 15, seen once in CI).
        #expect(waitUntil(timeout: 10) { third.log.contains("newsd started") }, "\(third.log)")
        #expect(waitUntil(timeout: 30) { sandbox.inboxFiles().isEmpty }, "\(third.log)")
        #expect(third.stop() == 0)
    }

    /// The unit passes `systemd-analyze verify` and rates "OK" or better in
    /// `systemd-analyze security` (offline: no daemon-reload needed); it runs as User=newsd.
    @Test func unitIsValidAndHardened() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            print("skipped unitIsValidAndHardened: systemd-analyze not installed")
            return
        }
        let unit = try String(contentsOf: Paths.package.appendingPathComponent("systemd/newsd.service"), encoding: .utf8)
        #expect(unit.contains("\nUser=newsd\n") && !unit.contains("User=root"), "runs unprivileged")
        #expect(unit.contains("WatchdogSec="))
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("newsd-unit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let local = unit.replacingOccurrences(of: "/usr/local/bin/newsd", with: Paths.newsd)
        let path = dir.appendingPathComponent("newsd.service").path
        try local.write(toFile: path, atomically: true, encoding: .utf8)

        let verify = try run("/usr/bin/systemd-analyze", ["verify", "--man=no", path])
        let complaints = (verify.stdout + verify.stderr).split(separator: "\n").filter { line in
            // The user need not exist on a build machine; everything else is a real finding.
            !line.contains("Failed to resolve user") && !line.contains("newsd.sysusers") && !line.isEmpty
        }
        #expect(verify.status == 0 || complaints.isEmpty, "systemd-analyze verify: \(verify.stdout)\(verify.stderr)")
        #expect(complaints.filter { $0.contains(path) || $0.contains("newsd.service") }.isEmpty, "\(complaints)")

        let security = try run("/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", path])
        let verdict = security.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") } ?? ""
        print("systemd-analyze security: \(verdict)")
        let score = Double(verdict.split(separator: " ").compactMap { Double($0) }.first ?? 99)
        #expect(score < 5.0, "exposure \(verdict): OK or better needs < 5.0\n\(security.stdout)")
        #expect(verdict.contains("OK") || verdict.contains("SAFE"), "\(verdict)")
    }
}
