import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Layouts newsd must refuse before it touches anything (its state inside its own inbox).
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
/// systemd starts a service: no signal blocked. `Process` passes on the signal mask of the
/// thread that runs it, and test threads block most signals: there a signal newsd leaves to its
/// default action during start-up is merely held, and the start-up bugs hide. stdout and stderr
/// go to a log file under the sandbox.
final class LaunchedNewsd {
    let process = Process()
    let logURL: URL

    init(_ arguments: [String], in sandbox: Sandbox) throws {
        logURL = sandbox.root.appendingPathComponent("newsd-\(UUID().uuidString.prefix(6)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: Paths.newsd)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NEWSD_CONFIG"] = ""
        env["NEWSD_FAULT"] = nil
        env["NOTIFY_SOCKET"] = nil
        process.environment = env
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        // This thread's mask, cleared for the spawn only (no suspension point in between).
        var none = sigset_t(), saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
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
