import Foundation
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Layouts newsd must refuse before it touches anything (its state inside its own inbox), and
/// signals that arrive while it is still starting.
@Suite(.serialized)
struct StartupSafetyTests {
    /// One bad layout: what to pass newsd, and the two paths its message must name.
    struct Layout: CustomTestStringConvertible, Sendable {
        let name: String
        /// Makes the folders and links under the sandbox root; returns newsd's path arguments
        /// and the two paths the refusal must name.
        let make: @Sendable (URL) throws -> (arguments: [String], named: [String])
        var testDescription: String { name }
    }

    static let badLayouts: [Layout] = [
        Layout(name: "state folder inside the inbox") { root in
            (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/inbox/state"],
             [root.path + "/inbox/state", root.path + "/inbox"])
        },
        Layout(name: "state folder is the inbox") { root in
            (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/inbox"], [root.path + "/inbox"])
        },
        Layout(name: "state folder is the inbox, spelt with ..") { root in
            (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/state/../inbox/"], [root.path + "/inbox"])
        },
        Layout(name: "database inside the inbox") { root in
            (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/state", "--db", root.path + "/inbox/db/news.db"],
             [root.path + "/inbox/db/news.db", root.path + "/inbox"])
        },
        Layout(name: "state folder through a symlink into the inbox") { root in
            try FileManager.default.createDirectory(atPath: root.path + "/inbox/state", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root.path + "/state-link", withDestinationPath: "inbox/state")
            return (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/state-link"],
                    [root.path + "/state-link", root.path + "/inbox"])
        },
        Layout(name: "inbox through a symlink around the state folder") { root in
            try FileManager.default.createSymbolicLink(atPath: root.path + "/inbox-link", withDestinationPath: root.path + "/inbox")
            return (["--inbox", root.path + "/inbox-link", "--state-dir", root.path + "/inbox/state"],
                    [root.path + "/inbox/state", root.path + "/inbox-link"])
        },
        Layout(name: "processed/ a symlink into the inbox") { root in
            try FileManager.default.createDirectory(atPath: root.path + "/state", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root.path + "/state/processed", withDestinationPath: root.path + "/inbox/done")
            return (["--inbox", root.path + "/inbox", "--state-dir", root.path + "/state"],
                    [root.path + "/state/processed", root.path + "/inbox"])
        },
        Layout(name: "inbox inside processed/") { root in
            (["--inbox", root.path + "/state/processed/in", "--state-dir", root.path + "/state"],
             [root.path + "/state/processed/in", root.path + "/state/processed"])
        },
        Layout(name: "inbox is failed/") { root in
            (["--inbox", root.path + "/state/failed", "--state-dir", root.path + "/state"],
             [root.path + "/state/failed"])
        },
    ]

    /// A state folder, database or destination folder inside the inbox (however spelt: `..`,
    /// symlinks), or an inbox inside a destination folder: newsd exits 78 before touching
    /// anything, naming both paths. Before the fix, `--state-dir inbox/state --once` moved
    /// news.db, its -shm, the lock and crash-notes to failed/ as "binary file": the index was gone.
    @Test(arguments: badLayouts)
    func nestedLayoutIsRefusedAtStart(layout: Layout) throws {
        let sandbox = try Sandbox("nested")
        let (arguments, named) = try layout.make(sandbox.root)
        // An index that already exists where the bad layout puts the state folder, and an article
        // waiting in the inbox.
        let stateDir = arguments[arguments.firstIndex(of: "--state-dir")! + 1]
        let database = arguments.firstIndex(of: "--db").map { arguments[$0 + 1] } ?? stateDir + "/news.db"
        let seeded = try run(Paths.newsd, ["--inbox", sandbox.root.path + "/seed-inbox", "--state-dir", sandbox.root.path + "/seed-state",
                                           "--db", database, "--once"])
        let seededDatabase = seeded.status == 0
        if !seededDatabase { print("\(layout.name): no database seeded (\(seeded.stderr.prefix(200)))") }
        try sandbox.drop(bytes: Array("Waiting\n\nfor a sane layout.\n".utf8), as: "waiting.txt")
        let before = tree(sandbox.root)

        let result = try run(Paths.newsd, arguments + ["--once"])
        #expect(result.status == 78, "\(layout.name): \(result.stdout)\(result.stderr)")
        let message = result.stderr
        for path in named { #expect(message.contains(path), "\(layout.name): names \(path): \(message)") }
        #expect(message.contains("is inside the") || message.contains("itself"), "\(message)")
        #expect(!result.stdout.contains("newsd started"))
        #expect(tree(sandbox.root) == before, "\(layout.name): nothing created, moved or removed")
        if seededDatabase {
            let stats = try run(Paths.newsq, ["stats", "--json", "--db", database])
            #expect(stats.status == 0, "\(layout.name): the index still opens: \(stats.stderr)")
        }
    }

    /// Layouts close to the refused ones that are fine: the inbox inside the state folder (the
    /// systemd unit's layout), and names that only share a prefix (`inbox` and `inbox2`).
    @Test func neighbouringLayoutsStillStart() throws {
        let sandbox = try Sandbox("neighbours")
        for (inbox, state) in [("var/inbox", "var"), ("inbox", "inbox2"), ("state/processed-in", "state")] {
            let inboxPath = sandbox.root.path + "/" + inbox
            try FileManager.default.createDirectory(atPath: inboxPath, withIntermediateDirectories: true)
            try Data("Kept apart\n\nThe inbox and the state folder do not overlap.\n".utf8)
                .write(to: URL(fileURLWithPath: inboxPath + "/a.txt"))
            let result = try run(Paths.newsd, ["--inbox", inboxPath, "--state-dir", sandbox.root.path + "/" + state, "--once"])
            #expect(result.status == 0, "\(inbox) with \(state): \(result.stdout)\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: inboxPath + "/a.txt"), "\(inbox): ingested")
        }
    }

    /// SIGHUP that changes the state folder to one inside the inbox: the running newsd keeps its
    /// paths (path changes need a restart, as before) and says now that the next start would be
    /// refused; it goes on ingesting into its own state folder.
    @Test func reloadIntoTheInboxIsReportedNotApplied() throws {
        let sandbox = try Sandbox("reload-nested")
        let config = sandbox.root.appendingPathComponent("newsd.conf").path
        // Paths in the config file only: flags would override what the reload reads.
        try "interval = 0.1\ninbox = \(sandbox.inbox.path)\nstate_dir = \(sandbox.state.path)\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try LaunchedNewsd(["--config", config], in: sandbox)
        #expect(waitUntil(timeout: 10) { daemon.log.contains("newsd started") }, "\(daemon.log)")
        try "interval = 0.1\ninbox = \(sandbox.inbox.path)\nstate_dir = \(sandbox.inbox.path)/state\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        kill(daemon.pid, SIGHUP)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("would be refused at the next start") }, "\(daemon.log)")
        #expect(daemon.log.contains("is inside the inbox \(sandbox.inbox.path)"), "\(daemon.log)")
        try sandbox.drop(bytes: Array("Still here\n\nnewsd kept its state folder.\n".utf8), as: "after.txt")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("after.txt") }, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.inbox.path + "/state"))
        #expect(daemon.isRunning)
        #expect(daemon.stop() == 0)
        // And the layout the config now describes is refused at the next start.
        let next = try run(Paths.newsd, ["--config", config, "--once"])
        #expect(next.status == 78, "\(next.stdout)\(next.stderr)")
    }

    /// SIGHUP applies a changed `log_level` at once, in every part of newsd (each holds its own
    /// copy of the logger): debug lines appear for the next file. It was read but not applied.
    @Test func reloadChangesTheLogLevel() throws {
        let sandbox = try Sandbox("reload-level")
        let config = sandbox.root.appendingPathComponent("newsd.conf").path
        let paths = "interval = 0.1\ninbox = \(sandbox.inbox.path)\nstate_dir = \(sandbox.state.path)\n"
        try (paths + "log_level = info\n").write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try LaunchedNewsd(["--config", config], in: sandbox)
        #expect(waitUntil(timeout: 10) { daemon.log.contains("newsd started") }, "\(daemon.log)")
        try sandbox.drop(bytes: Array("Before\n\nIngested at the info level.\n".utf8), as: "before.txt")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("before.txt") }, "\(daemon.log)")
        #expect(!daemon.log.contains("debug "), "no debug line at info: \(daemon.log)")
        try (paths + "log_level = debug\n").write(toFile: config, atomically: true, encoding: .utf8)
        kill(daemon.pid, SIGHUP)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("log_level=debug") }, "\(daemon.log)")
        try sandbox.drop(bytes: Array("After\n\nIngested at the debug level.\n".utf8), as: "after.txt")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("after.txt") }, "\(daemon.log)")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("debug batch committed") }, "the pipeline's own logger too: \(daemon.log)")
        #expect(daemon.stop() == 0)
    }

    // MARK: Signals during start-up

    /// Makes an index in `sandbox`, then holds it exclusively locked from this process, so that a
    /// newsd starting on it waits inside its start-up (its database check retries for up to 5 s),
    /// the way a large archive keeps it there for seconds. The lock goes when the result is released.
    func lockedIndex(_ sandbox: Sandbox) throws -> Connection {
        let seed = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        #expect(seed.status == 0, "\(seed.stderr)")
        let holder = try Connection(path: sandbox.database, mode: .readWrite)
        try holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        try holder.execute("BEGIN EXCLUSIVE")
        return holder
    }

    /// newsd's arguments for `sandbox`.
    func paths(_ sandbox: Sandbox) -> [String] {
        ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--interval", "0.1"]
    }

    /// True once newsd (`pid`) has written its pid into the lock file: it is past its argument
    /// and config parsing and inside `Daemon.init`, before any Dispatch signal source exists.
    func isStarting(_ sandbox: Sandbox, pid: Int32) -> Bool {
        let text = (try? String(contentsOfFile: sandbox.database + ".lock", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines) == "\(pid)"
    }

    /// SIGHUP while newsd is still starting (as `systemctl reload` right after a start, on an
    /// archive that takes seconds to check): newsd lives on and reloads once it is running.
    /// Before the fix the default action killed it (exit by SIGHUP, which `Restart=on-failure`
    /// counts as clean: newsd stayed down).
    @Test func reloadDuringStartUpIsHeldAndApplied() throws {
        let sandbox = try Sandbox("hup-startup")
        var holder: Connection? = try lockedIndex(sandbox)
        let daemon = try LaunchedNewsd(paths(sandbox), in: sandbox)
        #expect(waitUntil(timeout: 5) { isStarting(sandbox, pid: daemon.pid) }, "\(daemon.log)")
        for _ in 0..<3 { kill(daemon.pid, SIGHUP); usleep(20_000) }
        usleep(300_000)
        #expect(daemon.isRunning, "survives SIGHUP during start-up: \(daemon.log)")
        #expect(!daemon.log.contains("newsd started"), "still starting when the signals came")
        holder = nil  // the start-up goes on
        _ = holder
        #expect(waitUntil(timeout: 10) { daemon.log.contains("configuration reloaded") }, "\(daemon.log)")
        let log = daemon.log
        let started = log.range(of: "newsd started"), reloaded = log.range(of: "configuration reloaded")
        #expect(started != nil && reloaded != nil && started!.lowerBound < reloaded!.lowerBound, "reloads once running: \(log)")
        usleep(300_000)
        #expect(daemon.log.components(separatedBy: "configuration reloaded").count == 2, "signals held together count once")
        try sandbox.drop(bytes: Array("After the reload\n\nnewsd is running and ingesting.\n".utf8), as: "after.txt")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("after.txt") }, "\(daemon.log)")
        kill(daemon.pid, SIGHUP)
        #expect(waitUntil(timeout: 5) { daemon.log.components(separatedBy: "configuration reloaded").count == 3 }, "later SIGHUPs reload too")
        #expect(daemon.stop() == 0)
    }

    /// SIGTERM during start-up, after a SIGHUP was held: newsd still stops at once (the default
    /// action, as before: every write is a transaction); SIGHUP's hold does not delay a stop.
    /// Also when the parent passed SIGTERM and SIGINT on blocked (as `Process` does from a
    /// thread that blocks them): before newsd let them through, the stop waited until newsd
    /// was running.
    @Test(arguments: [false, true]) func stopDuringStartUpStillEndsNewsd(parentBlocksStops: Bool) throws {
        let sandbox = try Sandbox("term-startup")
        var holder: Connection? = try lockedIndex(sandbox)
        let daemon = try LaunchedNewsd(paths(sandbox), in: sandbox, blocking: parentBlocksStops ? [SIGTERM, SIGINT] : [])
        #expect(waitUntil(timeout: 5) { isStarting(sandbox, pid: daemon.pid) }, "\(daemon.log)")
        kill(daemon.pid, SIGHUP)
        usleep(50_000)
        kill(daemon.pid, SIGTERM)
        let status = daemon.waitForExit(timeout: 3)
        #expect(status == 128 + SIGTERM, "ended by SIGTERM while still starting, not by SIGHUP: \(String(describing: status)) \(daemon.log)")
        #expect(!daemon.log.contains("newsd started"))
        holder = nil
        _ = holder
        let check = try newsq(["check"], in: sandbox)
        #expect(check.status == 0, "the index is intact: \(check.stdout)\(check.stderr)")
    }

    /// A storm of SIGHUPs from the moment newsd holds them (its first instructions in `main`)
    /// until after it has started: it survives and reloads. (A SIGHUP before `main`, while the
    /// dynamic loader runs, still kills it: nothing in the process can catch that one.)
    @Test func reloadStormFromTheFirstMomentIsSurvived() throws {
        let sandbox = try Sandbox("hup-storm")
        try sandbox.drop(bytes: Array("Storm\n\nSIGHUP after SIGHUP while newsd starts.\n".utf8), as: "storm.txt")
        let daemon = try LaunchedNewsd(paths(sandbox), in: sandbox)
        let pid = daemon.pid
        func holdsHangUps() -> Bool {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
                  let mask = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
            return mask & (1 << (UInt64(SIGHUP) - 1)) != 0
        }
        // Without the hold the lock file says when newsd is past main; either starts the storm.
        let deadline = Date().addingTimeInterval(5)
        while !holdsHangUps(), !isStarting(sandbox, pid: pid), daemon.isRunning, Date() < deadline { usleep(200) }
        var sent = 0
        let stormEnd = Date().addingTimeInterval(10)
        var startedAt: Date?
        while daemon.isRunning, Date() < stormEnd {
            kill(pid, SIGHUP)
            sent += 1
            usleep(1_000)
            if startedAt == nil, daemon.log.contains("newsd started") { startedAt = Date() }
            if let startedAt, Date().timeIntervalSince(startedAt) > 0.2 { break }
        }
        #expect(daemon.isRunning, "alive after \(sent) SIGHUPs: \(daemon.log)")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("configuration reloaded") }, "\(daemon.log)")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("storm.txt") }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
    }

    /// Every path below `root` with its kind and size (files) and link target (symlinks).
    func tree(_ root: URL) -> [String: String] {
        var entries: [String: String] = [:]
        let fm = FileManager.default
        for path in (try? fm.subpathsOfDirectory(atPath: root.path)) ?? [] {
            let full = root.path + "/" + path
            guard let attributes = try? fm.attributesOfItem(atPath: full) else { continue }
            let type = attributes[.type] as? FileAttributeType
            if type == .typeSymbolicLink {
                entries[path] = "link " + ((try? fm.destinationOfSymbolicLink(atPath: full)) ?? "?")
            } else if type == .typeDirectory {
                entries[path] = "dir"
            } else {
                entries[path] = "file \(attributes[.size] as? Int ?? -1)"
            }
        }
        return entries
    }
}

/// newsd started with exactly the given arguments (the `Newsd` harness adds path flags) the way
/// systemd starts a service: no signal blocked (or only `blocking`). `Process` passes on the
/// signal mask of the thread that runs it, and test threads block most signals: there a signal
/// newsd leaves to its default action during start-up would be merely held, and the start-up
/// bugs hide. stdout and stderr go to a log file under the sandbox.
final class LaunchedNewsd {
    let process = Process()
    let logURL: URL

    init(_ arguments: [String], in sandbox: Sandbox, blocking: [Int32] = []) throws {
        logURL = sandbox.root.appendingPathComponent("newsd-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: Paths.newsd)
        process.arguments = arguments
        process.environment = newsdEnvironment()
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        // This thread's mask, cleared for the spawn only (no suspension point in between).
        var spawnMask = sigset_t(), saved = sigset_t()
        sigemptyset(&spawnMask)
        for sig in blocking { sigaddset(&spawnMask, sig) }
        pthread_sigmask(SIG_SETMASK, &spawnMask, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try process.run()
    }

    deinit { if process.isRunning { kill(pid, SIGKILL); process.waitUntilExit() } }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var log: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    /// The exit status, or 128 + the signal that ended newsd (as a shell reports it); nil while running.
    var exitStatus: Int32? {
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Waits up to `timeout` seconds for newsd to end; returns `exitStatus`.
    func waitForExit(timeout: Double = 20) -> Int32? {
        waitUntil(timeout: timeout) { !process.isRunning }
        return exitStatus
    }

    /// Sends SIGTERM and waits (at most 30 s); returns `exitStatus`.
    func stop() -> Int32? {
        if process.isRunning { kill(pid, SIGTERM) }
        return waitForExit(timeout: 30)
    }
}
