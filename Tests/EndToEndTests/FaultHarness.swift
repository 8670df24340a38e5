import Foundation
import NewsCore
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Helpers shared by the end-to-end suites (Fault*.swift, Hostile*.swift, DaemonEndToEndTests):
// a newsd launcher with any flags, environment and user; hash bookkeeping over the inbox,
// the state folders and the database; a datagram socket standing in for systemd.

/// True when the long fault campaign is asked for (`NEWSD_SLOW_TESTS=1`).
let slowTests = ProcessInfo.processInfo.environment["NEWSD_SLOW_TESTS"] == "1"

/// A running newsd with full control over arguments, environment and user.
final class Newsd {
    let process = Process()
    let logURL: URL

    /// Starts newsd on `sandbox`. `config` lines go into a config file; `asNobody` runs it
    /// through `setpriv` as uid/gid 65534 (the sandbox must be accessible to it).
    init(_ sandbox: Sandbox, interval: Double = 0.1, config: [String] = [], arguments: [String] = [],
         environment: [String: String] = [:], asNobody: Bool = false) throws {
        logURL = sandbox.root.appendingPathComponent("newsd-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        var args = ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--interval", "\(interval)"]
        if !config.isEmpty {
            let path = sandbox.root.appendingPathComponent("newsd-\(UUID().uuidString.prefix(6)).conf").path
            try (config.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            args += ["--config", path]
        }
        args += arguments
        if asNobody {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", Paths.newsd] + args
        } else {
            process.executableURL = URL(fileURLWithPath: Paths.newsd)
            process.arguments = args
        }
        process.environment = newsdEnvironment(environment)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Sends a signal and waits for the exit; returns the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits for newsd to exit by itself (`--once`, injected crash) within `timeout` seconds.
    func waitForExit(timeout: Double = 20) -> Int32? {
        guard waitUntil(timeout: timeout, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// What newsd logged so far (invalid UTF-8 replaced).
    var log: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    /// Peak resident memory (VmHWM) in KiB while running.
    var peakMemoryKiB: Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
    }
}

/// A multiset of content hashes.
typealias HashCounts = [String: Int]

/// sha256 hex of a file's bytes.
func sha256(of url: URL) throws -> String { SHA256.hex(of: [UInt8](try Data(contentsOf: url))) }

/// Hashes of the regular files below `folder` (recursively, byte-exact names), `.error` notes left out.
func hashes(under folder: URL, skippingHardLinked: Bool = false) -> HashCounts {
    var counts: HashCounts = [:]
    // Error notes are not dropped files; a `.NAME.error.partial` is a note a kill interrupted
    // (removed at the next start).
    for path in rawFiles(under: Array(folder.path.utf8))
    where !path.ends(with: Array(".error".utf8)) && !path.ends(with: Array(".error.partial".utf8)) {
        let fd = open(path.map { CChar(bitPattern: $0) } + [0], O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { continue }
        defer { close(fd) }
        var info = stat()
        if skippingHardLinked, fstat(fd, &info) == 0, info.st_nlink > 1 { continue }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        counts[SHA256.hex(of: bytes), default: 0] += 1
    }
    return counts
}

/// Regular files below `folder` (readdir + lstat: any name, links not followed), as raw paths.
func rawFiles(under folder: [UInt8]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    guard let dir = opendir(folder.map { CChar(bitPattern: $0) } + [0]) else { return out }
    defer { closedir(dir) }
    while let item = readdir(dir) {
        let name = withUnsafeBytes(of: item.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
        if name == [46] || name == [46, 46] { continue }
        let path = folder + [47] + name
        var info = stat()
        guard lstat(path.map { CChar(bitPattern: $0) } + [0], &info) == 0 else { continue }
        if info.st_mode & S_IFMT == S_IFDIR { out += rawFiles(under: path) } else if info.st_mode & S_IFMT == S_IFREG { out.append(path) }
    }
    return out
}

/// Entries (any kind but folders) left in the inbox, names with invalid UTF-8 included.
func inboxEntries(_ sandbox: Sandbox) -> Int {
    func count(_ folder: [UInt8]) -> Int {
        guard let dir = opendir(folder.map { CChar(bitPattern: $0) } + [0]) else { return 0 }
        defer { closedir(dir) }
        var n = 0
        while let item = readdir(dir) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name == [46] || name == [46, 46] { continue }
            if item.pointee.d_type == UInt8(DT_DIR) { n += count(folder + [47] + name) } else { n += 1 }
        }
        return n
    }
    return count(Array(sandbox.inbox.path.utf8))
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

/// The hashes whose counts differ, as "hash…: a vs b" (short, for messages).
func difference(_ lhs: HashCounts, _ rhs: HashCounts) -> [String] {
    Set(lhs.keys).union(rhs.keys).filter { lhs[$0, default: 0] != rhs[$0, default: 0] }.sorted()
        .map { "\($0.prefix(12)): \(lhs[$0, default: 0]) vs \(rhs[$0, default: 0])" }
}

func + (lhs: HashCounts, rhs: HashCounts) -> HashCounts { lhs.merging(rhs, uniquingKeysWith: +) }

/// Hashes of the files that left the inbox: processed + duplicates + failed.
func settledHashes(_ sandbox: Sandbox) -> HashCounts {
    ["processed", "duplicates", "failed"].map { hashes(under: sandbox.state.appendingPathComponent($0)) }.reduce([:], +)
}

/// What the database records, read in one snapshot through the NewsIndex `Connection` API.
struct IndexSnapshot {
    /// file_hash of every article, duplicate record and failure record (one per file).
    var recorded: HashCounts = [:]
    var articles = 0, duplicates = 0, failures = 0
    /// Articles whose cleaned text is stored more than once.
    var doubledContent = 0
    /// Rows in the FTS index vs. the rows it indexes: articles and near copies (external content must match).
    var ftsRows = 0, nearCopies = 0
    /// Journalled moves not confirmed: (hash, destination).
    var pending: [(hash: String, destination: String)] = []
    var integrity = ""
    /// Where the filter entries and dedup keys disagree with the articles (`newsq check`).
    var lookupProblems: [String] = []

    init(_ sandbox: Sandbox, database: String? = nil) throws {
        let path = database ?? sandbox.database
        // Killed before it created its database (a kill 20 ms after the start can come first
        // on a loaded machine), newsd has recorded nothing yet, and nothing can be damaged.
        guard FileManager.default.fileExists(atPath: path) else {
            integrity = "ok"
            return
        }
        let db = try Connection(path: path, mode: .readOnly)
        try db.readTransaction {
            integrity = try db.prepare("PRAGMA integrity_check").map { $0.string(0) ?? "" }.joined(separator: "; ")
            // Killed before it created its schema, newsd has recorded nothing yet.
            guard try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'articles'") > 0 else { return }
            for table in ["articles", "duplicates", "failures"] {
                let column = try db.prepare("SELECT file_hash FROM \(table)").map { $0.string(0) ?? "?" }
                for hash in column { recorded[hash, default: 0] += 1 }
                switch table {
                case "articles": articles = column.count
                case "duplicates": duplicates = column.count
                default: failures = column.count
                }
            }
            doubledContent = Int(try db.scalar("SELECT count(*) - count(DISTINCT content_key) FROM articles"))
            ftsRows = Int(try db.scalar("SELECT count(*) FROM articles_fts_docsize"))
            nearCopies = Int(try db.scalar("SELECT count(*) FROM near_copies"))
            pending = try db.prepare("SELECT file_hash, destination FROM file_moves WHERE done = 0").map { ($0.string(0) ?? "", $0.string(1) ?? "") }
            lookupProblems = try DerivedTables.problems(db)
        }
    }
}

/// Checks the crash-safety invariants between what was dropped, what is on disk and what
/// the database holds. `settled` demands the final state (inbox empty, no pending move).
func expectConsistent(_ sandbox: Sandbox, dropped: HashCounts, settled: Bool, context: String,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    let snapshot = try IndexSnapshot(sandbox)
    // A move is link() then unlink(): killed between the two, the file has both names (one
    // inode) until the restart drops the inbox name. Counted once, at its destination.
    let inbox = hashes(under: sandbox.inbox, skippingHardLinked: !settled)
    let out = settledHashes(sandbox)
    #expect(snapshot.integrity == "ok", "integrity_check \(context)", sourceLocation: sourceLocation)
    #expect(snapshot.doubledContent == 0, "no article stored twice \(context)", sourceLocation: sourceLocation)
    #expect(snapshot.lookupProblems.isEmpty, "filter entries and dedup keys match the articles \(context): \(snapshot.lookupProblems)",
            sourceLocation: sourceLocation)
    #expect(snapshot.ftsRows == snapshot.articles + snapshot.nearCopies, "FTS rows match articles and near copies \(context)",
            sourceLocation: sourceLocation)
    #expect(snapshot.nearCopies <= snapshot.duplicates, "each near copy has its duplicate record \(context)", sourceLocation: sourceLocation)
    // On disk: every dropped file is in exactly one place, nothing extra appeared.
    let misplaced = difference(inbox + out, dropped)
    #expect(misplaced.isEmpty, "inbox + processed/duplicates/failed == dropped \(context): \(misplaced.prefix(8))", sourceLocation: sourceLocation)
    // In the index: every file that left the inbox is recorded exactly once; a file still in
    // the inbox is recorded only when its move is journalled and pending (crash after commit).
    var pendingUnmoved: HashCounts = [:]
    for move in snapshot.pending where !FileManager.default.fileExists(atPath: sandbox.state.appendingPathComponent(move.destination).path) {
        pendingUnmoved[move.hash, default: 0] += 1
    }
    let mismatched = difference(snapshot.recorded, out + pendingUnmoved)
    #expect(mismatched.isEmpty, "recorded == moved out + pending moves \(context): \(mismatched.prefix(8)) (inbox has \(inbox.count) distinct)", sourceLocation: sourceLocation)
    if settled {
        #expect(inbox.isEmpty, "inbox empty \(context)", sourceLocation: sourceLocation)
        let unaccounted = difference(snapshot.recorded, dropped)
        #expect(unaccounted.isEmpty, "accepted == indexed + duplicates + failed, by hash \(context): \(unaccounted.prefix(8))", sourceLocation: sourceLocation)
        #expect(snapshot.articles + snapshot.duplicates + snapshot.failures == dropped.values.reduce(0, +), "record count \(context)", sourceLocation: sourceLocation)
    }
}

/// `count` BBC files in a stable order, spread over the five categories (so the 98
/// duplicate pairs, all within a category, show up).
func bbcFiles(_ count: Int) throws -> [URL] {
    let categories = ["business", "entertainment", "politics", "sport", "tech"]
    var lists = try categories.map { category in
        try FileManager.default.contentsOfDirectory(at: Paths.bbc.appendingPathComponent(category), includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }[...]
    }
    var out: [URL] = []
    while out.count < count, lists.contains(where: { !$0.isEmpty }) {
        for i in lists.indices where out.count < count {
            if let next = lists[i].popFirst() { out.append(next) }
        }
    }
    return out
}

/// A unique inbox name for a corpus file (`sport-199.txt`).
func inboxName(_ file: URL) -> String { "\(file.deletingLastPathComponent().lastPathComponent)-\(file.lastPathComponent)" }

/// Article/duplicate/failure counts via `newsq stats --json`.
func stats(_ sandbox: Sandbox) throws -> [String: Any] {
    (try newsq(["stats", "--json"], in: sandbox).json() as? [String: Any]) ?? [:]
}

/// Makes the sandbox usable by uid 65534 (newsd run unprivileged through `setpriv`).
func giveToNobody(_ sandbox: Sandbox) throws {
    try FileManager.default.createDirectory(at: sandbox.state, withIntermediateDirectories: true)
    let result = try run("/bin/chown", ["-R", "65534:65534", sandbox.root.path])
    #expect(result.status == 0, "\(result.stderr)")
}

/// Datagram socket standing in for systemd's `NOTIFY_SOCKET`.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init() throws {
        path = NSTemporaryDirectory() + "newsd-notify-\(UUID().uuidString.prefix(8)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, rc == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Datagrams received within `timeout` seconds (returns early after a quiet 100 ms once
    /// something arrived, unless `full` asks to wait the whole time).
    func receive(for timeout: Double, full: Bool = true) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(1, min(100, deadline.timeIntervalSinceNow * 1000)))
            if poll(&poller, 1, wait) > 0 {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { messages.append(String(decoding: buffer[0..<n], as: UTF8.self)) }
            } else if !full, !messages.isEmpty {
                break
            }
        }
        return messages
    }
}

/// The environment the tests start newsd with: this process's, without a config file, fault
/// plan or systemd socket of its own, plus `extra`.
func newsdEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["NEWSD_CONFIG"] = ""
    env["NEWSD_FAULT"] = nil
    env["NOTIFY_SOCKET"] = nil
    for (k, v) in extra { env[k] = v }
    return env
}
