import Foundation
import NewsCore
import NewsIndex
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Storage faults: a full disk, a database made read-only (immutable) under a running newsd,
/// a destination folder that refuses the move, a damaged or unwritable database at start.
@Suite(.serialized)
struct FaultStorageTests {
    /// Drops `count` BBC files; returns their hashes.
    func dropCorpus(_ sandbox: Sandbox, count: Int, offset: Int = 0) throws -> HashCounts {
        var dropped: HashCounts = [:]
        for file in try bbcFiles(offset + count).dropFirst(offset) {
            try sandbox.drop(file, as: inboxName(file))
            dropped[try sha256(of: file), default: 0] += 1
        }
        return dropped
    }

    /// The database on a 1 MB tmpfs filled up: batches roll back with the reason logged, the
    /// files stay in the inbox, newsd backs off; once space returns it resumes, losing nothing.
    @Test func diskFullKeepsFilesInInboxAndResumes() throws {
        let sandbox = try Sandbox("diskfull")
        let fs = sandbox.root.appendingPathComponent("dbfs")
        try FileManager.default.createDirectory(at: fs, withIntermediateDirectories: true)
        let mount = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", fs.path])
        guard mount.status == 0 else {
            print("skipped diskFullKeepsFilesInInboxAndResumes: cannot mount a tmpfs here (\(mount.stderr))")
            return
        }
        defer { _ = try? run("/bin/umount", ["-l", fs.path]) }
        let database = fs.appendingPathComponent("news.db").path
        let daemon = try Newsd(sandbox, interval: 0.2, arguments: ["--db", database])
        #expect(waitUntil(timeout: 5) { daemon.log.contains("newsd started") })
        let ballast = fs.appendingPathComponent("ballast")
        _ = FileManager.default.createFile(atPath: ballast.path, contents: nil)
        let handle = try FileHandle(forWritingTo: ballast)
        let block = Data(repeating: 0x55, count: 64 * 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()

        let dropped = try dropCorpus(sandbox, count: 80)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch not committed; files stay in the inbox") }, "\(daemon.log)")
        #expect(daemon.log.contains("database or disk is full"), "\(daemon.log)")
        usleep(500_000)
        #expect(sandbox.inboxFiles().count == 80, "every file still in the inbox")
        #expect(settledHashes(sandbox).isEmpty)
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: sandbox.state.appendingPathComponent("newsd.status"))) as? [String: Any]
        let lastError = status?["lastError"] as? String ?? ""
        #expect(lastError.contains("full"), "status file carries the error: \(status ?? [:])")

        try FileManager.default.removeItem(at: ballast)
        #expect(waitUntil(timeout: 20) { sandbox.inboxFiles().isEmpty }, "resumes when space returns\n\(daemon.log)")
        // Said once the batch loop ends, which can be a moment after the last file has moved.
        #expect(waitUntil(timeout: 5) { daemon.log.contains("database writable again; resuming") }, "\(daemon.log)")
        usleep(300_000)
        #expect(daemon.stop() == 0)
        let snapshot = try IndexSnapshot(sandbox, database: database)
        #expect(snapshot.recorded == dropped, "nothing lost, nothing doubled")
        #expect(snapshot.integrity == "ok")
        #expect(settledHashes(sandbox) == dropped)
    }

    /// The database and its WAL made immutable (`chattr +i`) under a running newsd: writes fail,
    /// files stay in the inbox; made writable again, newsd resumes on its own.
    @Test func readOnlyDatabaseDuringIngestKeepsFilesAndResumes() throws {
        let sandbox = try Sandbox("readonly")
        let daemon = try Newsd(sandbox, interval: 0.2)
        var dropped = try dropCorpus(sandbox, count: 10)
        #expect(waitUntil(timeout: 10) { sandbox.inboxFiles().isEmpty })
        let files = [sandbox.database, sandbox.database + "-wal"]
        let lock = try run("/usr/bin/chattr", ["+i"] + files)
        guard lock.status == 0 else {
            print("skipped readOnlyDatabaseDuringIngestKeepsFilesAndResumes: chattr +i not supported here (\(lock.stderr))")
            return
        }
        defer { _ = try? run("/usr/bin/chattr", ["-i"] + files) }
        dropped = dropped + (try dropCorpus(sandbox, count: 10, offset: 10))
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch not committed; files stay in the inbox") }, "\(daemon.log)")
        usleep(500_000)
        #expect(sandbox.inboxFiles().count == 10)
        #expect(try IndexSnapshot(sandbox).recorded.values.reduce(0, +) == 10)
        _ = try run("/usr/bin/chattr", ["-i"] + files)
        #expect(waitUntil(timeout: 20) { sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        usleep(300_000)
        #expect(daemon.stop() == 0)
        try expectConsistent(sandbox, dropped: dropped, settled: true, context: "after read-only spell")
    }

    /// processed/ refuses the move after the commit (immutable folder): the file stays in the
    /// inbox, recorded once, is not re-ingested, and is moved once the folder accepts it.
    @Test func refusedMoveIsRetriedNotReingested() throws {
        let sandbox = try Sandbox("stuck")
        let daemon = try Newsd(sandbox, interval: 0.2)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("newsd started") })
        let processed = sandbox.state.appendingPathComponent("processed").path
        guard try run("/usr/bin/chattr", ["+i", processed]).status == 0 else {
            print("skipped refusedMoveIsRetriedNotReingested: chattr +i not supported here")
            return
        }
        defer { _ = try? run("/usr/bin/chattr", ["-i", processed]) }
        let dropped = try dropCorpus(sandbox, count: 1)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("move failed; file kept in the inbox") }, "\(daemon.log)")
        usleep(1_000_000)
        #expect(sandbox.inboxFiles().count == 1)
        #expect(try IndexSnapshot(sandbox).recorded == dropped, "recorded once, not again at every scan")
        #expect(daemon.log.components(separatedBy: "move failed").count == 2, "logged once")
        _ = try run("/usr/bin/chattr", ["-i", processed])
        // The notice is logged just after the move: wait for both (under load it came late).
        #expect(waitUntil(timeout: 5) { sandbox.inboxFiles().isEmpty && daemon.log.contains("recovered move") }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        try expectConsistent(sandbox, dropped: dropped, settled: true, context: "after refused move")
    }

    /// A database that is not one, or has damaged pages: newsd refuses to start (exit 78, no
    /// restart loop under systemd) with what to do; the inbox is left alone.
    @Test(arguments: ["garbage", "damaged pages"])
    func damagedDatabaseIsRefusedAtStart(kind: String) throws {
        let sandbox = try Sandbox("corrupt")
        try FileManager.default.createDirectory(at: sandbox.state, withIntermediateDirectories: true)
        if kind == "garbage" {
            try Data(repeating: 0x47, count: 8192).write(to: URL(fileURLWithPath: sandbox.database))
        } else {
            _ = try dropCorpus(sandbox, count: 40)
            let once = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
            #expect(once.status == 0)
            do {
                let db = try Connection(path: sandbox.database, mode: .readWrite)
                try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: sandbox.database))
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size / 3)
            try handle.write(contentsOf: Data(repeating: 0xFF, count: 3 * 4096))
            try handle.close()
        }
        try sandbox.drop(bytes: Array("Waiting\n\nfor a good database.\n".utf8), as: "waiting.txt")
        let result = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        #expect(result.status == 78, "\(kind): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("is damaged"), "\(result.stderr)")
        #expect(result.stderr.contains("newsq check"))
        #expect(result.stderr.contains("newsq export"))
        #expect(sandbox.inboxFiles().contains("waiting.txt"), "the inbox is left alone")
    }

    /// An empty file where the index should be (or another program's database): newsq's
    /// commands, admin ones included, refuse it and say what to point at; none writes a schema
    /// into it (`check` once created one and called it healthy).
    @Test func fileWithoutAnIndexIsRefusedByNewsq() throws {
        let sandbox = try Sandbox("noindex")
        try FileManager.default.createDirectory(at: sandbox.state, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: sandbox.database, contents: Data()))
        for command in [["check"], ["optimize"], ["reindex"], ["search", "oil"], ["stats"]] {
            let result = try newsq(command, in: sandbox)
            #expect(result.status == 2, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("holds no newsd index"), "\(command): \(result.stderr)")
        }
        let size = try FileManager.default.attributesOfItem(atPath: sandbox.database)[.size] as? Int
        #expect(size == 0, "left as it was")
    }

    /// newsd unprivileged on a database it cannot write: refuses at start with the path and
    /// the reason, instead of running read-only and failing every batch.
    @Test func unwritableDatabaseIsRefusedAtStart() throws {
        let sandbox = try Sandbox("nowrite")
        let once = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
        #expect(once.status == 0)
        try giveToNobody(sandbox)
        #expect(chown(sandbox.database, 0, 0) == 0)
        let daemon = try Newsd(sandbox, asNobody: true)
        #expect(daemon.waitForExit(timeout: 10) == 78, "\(daemon.log)")
        #expect(daemon.log.contains("cannot write \(sandbox.database): Permission denied"), "\(daemon.log)")
    }
}
