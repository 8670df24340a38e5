import Foundation
import NewsCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Files arriving the hard way: slowly, renamed, replaced, deleted, unreadable, not files at
/// all, huge, with hostile names, by the thousand. Each asserts where the file went and why.
@Suite(.serialized)
struct FaultArrivalTests {
    static func article(_ tag: String) -> [UInt8] {
        Array("Headline \(tag)\n\nThe body of article \(tag) mentions the marker word \(tag)marker and little else.\n".utf8)
    }

    /// A writer that keeps the file open and adds a chunk every 1.5 s (interval 0.2 s):
    /// newsd waits for the close and indexes the whole file.
    @Test func slowWriterIsTakenOnlyWhenComplete() throws {
        let sandbox = try Sandbox("slow")
        let daemon = try Newsd(sandbox, interval: 0.2)
        usleep(300_000)
        let path = sandbox.inbox.appendingPathComponent("slow.txt").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let chunks = ["Slow headline\n\n", "first part of the body, ", "second part, ", "and the end slowchunkend.\n"]
        for (i, chunk) in chunks.enumerated() {
            _ = chunk.withCString { write(fd, $0, strlen($0)) }
            if i < chunks.count - 1 {
                usleep(1_500_000)
                #expect(sandbox.inboxFiles() == ["slow.txt"], "still in the inbox while open, after chunk \(i + 1)")
                #expect(try IndexSnapshot(sandbox).recorded.isEmpty, "nothing recorded while open")
            }
        }
        close(fd)
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed") == ["slow.txt"] }, "\(daemon.log)")
        let whole = chunks.joined()
        #expect(try String(contentsOf: sandbox.state.appendingPathComponent("processed/slow.txt"), encoding: .utf8) == whole)
        #expect(try IndexSnapshot(sandbox).recorded == [SHA256.hex(of: Array(whole.utf8)): 1])
        #expect(try newsq(["search", "slowchunkend"], in: sandbox).status == 0, "the last chunk is indexed")
    }

    /// A rename into the inbox is complete by definition: taken at once, even with a 30 s
    /// settle delay. A hard link made into it (no close or rename event: its writer, if any,
    /// writes through another name) waits for the settle delay, and no longer: it waited for
    /// the 10-minute abandoned-write timeout.
    @Test func renameIsTakenAtOnceAndALinkAfterTheSettleDelay() throws {
        let sandbox = try Sandbox("rename")
        let daemon = try Newsd(sandbox, interval: 0.2, config: ["settle_delay = 30"])
        usleep(300_000)
        try sandbox.drop(bytes: Self.article("renamed"), as: "renamed.txt")
        #expect(waitUntil(timeout: 3) { sandbox.files(in: "processed") == ["renamed.txt"] }, "\(daemon.log)")
        let copy = sandbox.root.appendingPathComponent("copy.txt")
        try Data(Self.article("linked")).write(to: copy)
        #expect(link(copy.path, sandbox.inbox.appendingPathComponent("linked.txt").path) == 0)
        usleep(1_500_000)
        #expect(sandbox.inboxFiles() == ["linked.txt"], "a hard link waits for the settle delay")
        daemon.stop()

        let quick = try Sandbox("link")
        let second = try Newsd(quick, interval: 0.2, config: ["settle_delay = 1"])
        usleep(300_000)
        let source = quick.root.appendingPathComponent("source.txt")
        try Data(Self.article("quick")).write(to: source)
        #expect(link(source.path, quick.inbox.appendingPathComponent("linked.txt").path) == 0)
        #expect(waitUntil(timeout: 6) { quick.files(in: "processed") == ["linked.txt"] }, "taken after the settle delay: \(second.log)")
        #expect(second.stop() == 0)
    }

    /// Same name again after the first was processed: a second file, `name~2`; both indexed.
    /// Replaced in the inbox before ingest: only the final content is taken.
    @Test func copiedOverAnExistingName() throws {
        let sandbox = try Sandbox("overwrite")
        let daemon = try Newsd(sandbox, interval: 0.2)
        try sandbox.drop(bytes: Self.article("first"), as: "same.txt")
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed") == ["same.txt"] })
        try sandbox.drop(bytes: Self.article("second"), as: "same.txt")
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed") == ["same.txt", "same.txt~2"] }, "\(sandbox.files(in: "processed"))")

        kill(daemon.pid, SIGSTOP)
        try sandbox.drop(bytes: Self.article("third"), as: "again.txt")
        let fd = open(sandbox.inbox.appendingPathComponent("again.txt").path, O_WRONLY | O_TRUNC)
        let fourth = Self.article("fourth")
        _ = fourth.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        kill(daemon.pid, SIGCONT)
        #expect(waitUntil(timeout: 5) { sandbox.inboxFiles().isEmpty })
        usleep(300_000)
        #expect(try IndexSnapshot(sandbox).recorded == [Self.article("first"), Self.article("second"), fourth].reduce(into: [:]) { $0[SHA256.hex(of: $1)] = 1 })
    }

    /// Replaced while newsd is inside its batch (after reading it, before moving it): the
    /// content read stays indexed and the new content is not moved away unread — it is
    /// ingested as a file of its own. Before the fix the new file went to processed/ unindexed.
    @Test func replacedAfterReadIsNotLost() throws {
        let sandbox = try Sandbox("replaced")
        let daemon = try Newsd(sandbox, interval: 0.1, arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1500"])
        try sandbox.drop(bytes: Self.article("before"), as: "news.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        try sandbox.drop(bytes: Self.article("after"), as: "news.txt")
        #expect(waitUntil(timeout: 10) { sandbox.inboxFiles().isEmpty && (try? IndexSnapshot(sandbox).articles) == 2 }, "\(daemon.log)")
        #expect(daemon.log.contains("changed or removed after it was read"))
        #expect(hashes(under: sandbox.state.appendingPathComponent("processed")) == [SHA256.hex(of: Self.article("after")): 1])
        #expect(try newsq(["search", "beforemarker"], in: sandbox).status == 0)
        #expect(try newsq(["search", "aftermarker"], in: sandbox).status == 0)
        daemon.stop()
    }

    /// Only touched while newsd is inside its batch (mtime moved, same bytes): still the file
    /// that was read, so it is moved to processed/ as usual. Before, it stayed in the inbox, came
    /// back as an exact duplicate of its own article and left the article without its file.
    @Test func touchedAfterReadIsMoved() throws {
        let sandbox = try Sandbox("touched")
        let daemon = try Newsd(sandbox, interval: 0.1, arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1500"])
        let file = try sandbox.drop(bytes: Self.article("touched"), as: "touched.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        #expect(waitUntil(timeout: 10) { sandbox.inboxFiles().isEmpty && !sandbox.files(in: "processed").isEmpty }, "\(daemon.log)")
        usleep(300_000)
        #expect(!daemon.log.contains("changed or removed after it was read"), "\(daemon.log)")
        #expect(try IndexSnapshot(sandbox).duplicates == 0)
        #expect(try newsq(["check"], in: sandbox).status == 0, "the article's file is where the index says")
        #expect(daemon.stop() == 0)
    }

    /// Renamed inside the inbox while newsd is inside its batch: the article read stays
    /// indexed, and the file under its new name takes the place recorded for it, instead of
    /// coming back as an exact duplicate of its own article (which then had no file).
    @Test func renamedAfterReadTakesItsPlace() throws {
        let sandbox = try Sandbox("renamed")
        let daemon = try Newsd(sandbox, interval: 0.1, arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1500"])
        let file = try sandbox.drop(bytes: Self.article("moved"), as: "first.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        #expect(rename(file.path, sandbox.inbox.appendingPathComponent("second.txt").path) == 0)
        #expect(waitUntil(timeout: 10) { daemon.log.contains("moved to its place") && sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        usleep(300_000)
        #expect(sandbox.files(in: "processed") == ["first.txt"])
        #expect(try IndexSnapshot(sandbox).duplicates == 0 && IndexSnapshot(sandbox).articles == 1)
        #expect(try newsq(["check"], in: sandbox).status == 0, "the article's file is where the index says")
        #expect(daemon.stop() == 0)
    }

    /// A symbolic link queued as a failure, replaced by a real article before the move: the
    /// article is not moved to failed/ under the link's reason; it stays and is ingested.
    @Test func linkReplacedByAFileIsIngested() throws {
        let sandbox = try Sandbox("relinked")
        let daemon = try Newsd(sandbox, interval: 0.1, arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1500"])
        let link = sandbox.inbox.appendingPathComponent("zzz.txt")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        let staged = sandbox.root.appendingPathComponent("zzz.staged")
        try Data(Self.article("relinked")).write(to: staged)
        #expect(rename(staged.path, link.path) == 0)
        #expect(waitUntil(timeout: 10) { (try? newsq(["search", "relinkedmarker"], in: sandbox).status) == 0 }, "\(daemon.log)")
        #expect(waitUntil(timeout: 5) { sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.state.appendingPathComponent("failed/zzz.txt").path),
                "the article is not in failed/ under the link's reason")
        #expect(daemon.stop() == 0)
    }

    /// A queued file replaced by a folder before newsd reads it: the folder is walked at the
    /// next scan and its files ingested, instead of the whole folder moved unread to failed/.
    @Test func folderInPlaceOfAQueuedFileIsWalked() throws {
        let sandbox = try Sandbox("folded")
        // Batches of one file: the third is still queued (not prefetched) while the first sleeps.
        let daemon = try Newsd(sandbox, interval: 0.1, config: ["batch_files = 1"], arguments: ["--log-level", "debug"],
                               environment: ["NEWSD_FAULT": "slow-batch:1500"])
        let staging = sandbox.root.appendingPathComponent("three")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        for (n, tag) in ["first", "second", "third"].enumerated() {
            let path = staging.appendingPathComponent("\(n).txt")
            try Data(Self.article(tag)).write(to: path)
            var times = [timespec(tv_sec: 1_000_000_000 + n, tv_nsec: 0), timespec(tv_sec: 1_000_000_000 + n, tv_nsec: 0)]
            _ = utimensat(AT_FDCWD, path.path, &times, 0)
        }
        #expect(rename(staging.path, sandbox.inbox.appendingPathComponent("three").path) == 0)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        let third = sandbox.inbox.appendingPathComponent("three/2.txt")
        try FileManager.default.removeItem(at: third)
        try FileManager.default.createDirectory(at: third, withIntermediateDirectories: false)
        try Data(Self.article("inside")).write(to: third.appendingPathComponent("inside.txt"))
        #expect(waitUntil(timeout: 15) { (try? newsq(["search", "insidemarker"], in: sandbox).status) == 0 }, "\(daemon.log)")
        #expect(!daemon.log.contains("a directory"), "\(daemon.log)")
        #expect(sandbox.files(in: "failed").isEmpty)
        #expect(daemon.stop() == 0)
    }

    /// A file over the cap that grows again while newsd is inside its batch is still a file
    /// over the cap: it is moved to failed/ once, not left in the inbox to be recorded again.
    @Test func oversizedFileGrowingAfterTheCheckIsMovedOnce() throws {
        let sandbox = try Sandbox("grows")
        let daemon = try Newsd(sandbox, interval: 0.1, config: ["max_file_bytes = 4000"], arguments: ["--log-level", "debug"],
                               environment: ["NEWSD_FAULT": "slow-batch:1500"])
        let file = try sandbox.drop(bytes: Array(repeating: UInt8(ascii: "x"), count: 5000), as: "big.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: UInt8(ascii: "y"), count: 100))
        try handle.close()
        #expect(waitUntil(timeout: 10) { sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        usleep(1_500_000)
        #expect(try IndexSnapshot(sandbox).failures == 1, "recorded once")
        #expect(sandbox.files(in: "failed") == ["big.txt", "big.txt.error"])
        #expect(daemon.stop() == 0)
    }

    /// The inbox folder deleted while newsd runs: newsd says so once (and `newsq status`
    /// says MISSING) instead of idling silently with "0 files waiting"; once the folder is back
    /// it says so and takes files again.
    @Test func missingInboxIsReported() throws {
        let sandbox = try Sandbox("noinbox")
        let daemon = try Newsd(sandbox, interval: 0.1)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("newsd started") })
        try FileManager.default.removeItem(at: sandbox.inbox)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("inbox missing") }, "\(daemon.log)")
        let status = try newsq(["status"], in: sandbox)
        #expect(status.stdout.contains("MISSING"), "\(status.stdout)")
        usleep(500_000)
        #expect(daemon.log.components(separatedBy: "inbox missing").count == 2, "said once: \(daemon.log)")
        try FileManager.default.createDirectory(at: sandbox.inbox, withIntermediateDirectories: true)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("inbox is back") }, "\(daemon.log)")
        try sandbox.drop(bytes: Self.article("back"), as: "back.txt")
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "processed").contains("back.txt") }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
    }

    /// Files 16 or more folders deep are not taken: newsd says so once per folder instead of
    /// leaving them silently (status counted them as nothing waiting).
    @Test func tooDeepFoldersAreWarnedAbout() throws {
        let sandbox = try Sandbox("deep")
        let deep = (1...16).map { "d\($0)" }.joined(separator: "/")
        try sandbox.drop(bytes: Self.article("deep"), as: deep + "/deep.txt")
        try sandbox.drop(bytes: Self.article("shallow"), as: "d1/shallow.txt")
        for _ in 0..<2 {
            let once = try run(Paths.newsd, ["--inbox", sandbox.inbox.path, "--state-dir", sandbox.state.path, "--once"])
            #expect(once.status == 0)
            let log = once.stdout + once.stderr
            #expect(log.components(separatedBy: "folder too deep").count == 2, "once per run: \(log)")
            #expect(log.contains("d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/d16\""), "\(log)")
        }
        #expect(sandbox.inboxFiles() == [deep + "/deep.txt"])
    }

    /// Deleted before newsd looks: nothing recorded, nothing logged as failed. Deleted while
    /// newsd is inside its batch: recorded once as read, no move attempted, nothing stuck.
    @Test func deletedBeforeIngest() throws {
        let sandbox = try Sandbox("deleted")
        let daemon = try Newsd(sandbox, interval: 0.1, arguments: ["--log-level", "debug"], environment: ["NEWSD_FAULT": "slow-batch:1000"])
        usleep(300_000)
        kill(daemon.pid, SIGSTOP)
        let gone = try sandbox.drop(bytes: Self.article("gone"), as: "gone.txt")
        try FileManager.default.removeItem(at: gone)
        kill(daemon.pid, SIGCONT)
        usleep(500_000)
        #expect(try IndexSnapshot(sandbox).recorded.isEmpty)

        let soon = try sandbox.drop(bytes: Self.article("soon"), as: "soon.txt")
        #expect(waitUntil(timeout: 5) { daemon.log.contains("batch read") })
        try FileManager.default.removeItem(at: soon)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("changed or removed after it was read") }, "\(daemon.log)")
        usleep(300_000)
        #expect(try IndexSnapshot(sandbox).recorded == [SHA256.hex(of: Self.article("soon")): 1])
        #expect(!daemon.log.contains("move failed"))
        #expect(!daemon.log.contains("\"gone.txt\""), "a file deleted before ingest leaves no trace")
        #expect(daemon.stop() == 0)
    }

    /// Permission denied (newsd unprivileged, file mode 000 owned by root): reported once,
    /// kept in the inbox, retried, ingested once readable.
    @Test func unreadableFileIsReportedRetriedNotLost() throws {
        let sandbox = try Sandbox("perm")
        try giveToNobody(sandbox)
        let daemon = try Newsd(sandbox, interval: 0.2, asNobody: true)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("newsd started") }, "\(daemon.log)")
        let file = sandbox.inbox.appendingPathComponent("locked.txt")
        let staging = sandbox.root.appendingPathComponent("locked.staging")
        try Data(Self.article("locked")).write(to: staging)
        chmod(staging.path, 0)
        rename(staging.path, file.path)
        #expect(waitUntil(timeout: 5) { daemon.log.contains("unreadable, will retry") }, "\(daemon.log)")
        #expect(daemon.log.contains("Permission denied"))
        #expect(daemon.log.contains("locked.txt"))
        usleep(600_000)
        #expect(sandbox.inboxFiles() == ["locked.txt"], "kept in the inbox")
        #expect(try IndexSnapshot(sandbox).recorded.isEmpty, "not recorded as failed")
        let statusFile = try Data(contentsOf: sandbox.state.appendingPathComponent("newsd.status"))
        #expect((try JSONSerialization.jsonObject(with: statusFile) as? [String: Any])?["unreadable"] as? Int == 1, "heartbeat counts it")
        #expect(daemon.log.components(separatedBy: "unreadable, will retry").count == 2, "reported once, not every scan")
        chmod(file.path, 0o644)
        #expect(waitUntil(timeout: 8) { sandbox.files(in: "processed") == ["locked.txt"] }, "retried and ingested\n\(daemon.log)")
        #expect(daemon.stop() == 0)
    }

    /// Things that are not regular files go to failed/ with a reason, unopened; a symlink is
    /// never followed (its target outside the inbox is neither read nor moved); files in
    /// subfolders are ingested with their folder kept.
    @Test func notRegularFilesAreRejectedWithReasons() throws {
        let sandbox = try Sandbox("kinds")
        let outside = sandbox.root.appendingPathComponent("secret.txt")
        try Data(Self.article("secret")).write(to: outside)
        let outsideDir = sandbox.root.appendingPathComponent("outside-dir")
        try FileManager.default.createDirectory(at: outsideDir, withIntermediateDirectories: true)
        try Data(Self.article("outsidedir")).write(to: outsideDir.appendingPathComponent("inner.txt"))
        try FileManager.default.createSymbolicLink(atPath: sandbox.inbox.appendingPathComponent("link.txt").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: sandbox.inbox.appendingPathComponent("linkdir").path, withDestinationPath: outsideDir.path)
        #expect(mkfifo(sandbox.inbox.appendingPathComponent("fifo").path, 0o644) == 0)
        let socketFD = try bindSocket(sandbox.inbox.appendingPathComponent("sock").path)
        defer { close(socketFD) }
        try FileManager.default.createDirectory(at: sandbox.inbox.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try sandbox.drop(bytes: Self.article("nested"), as: "sub/deeper/nested.txt")

        let daemon = try Newsd(sandbox, interval: 0.2, config: ["settle_delay = 0"])
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "failed").count == 8 }, "\(sandbox.files(in: "failed"))\n\(daemon.log)")
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed").contains("sub/deeper/nested.txt") })
        let reasons = [("link.txt", "symbolic link (not followed)"), ("linkdir", "symbolic link (not followed)"),
                       ("fifo", "a FIFO (named pipe), not a regular file"), ("sock", "a socket, not a regular file")]
        for (name, reason) in reasons {
            let note = (try? String(contentsOf: sandbox.state.appendingPathComponent("failed/\(name).error"), encoding: .utf8)) ?? ""
            #expect(note.contains("reason: \(reason)"), "\(name): \(note)")
        }
        #expect(FileManager.default.fileExists(atPath: outside.path), "the symlink's target is untouched")
        #expect(FileManager.default.fileExists(atPath: outsideDir.appendingPathComponent("inner.txt").path))
        #expect(try newsq(["search", "secretmarker"], in: sandbox).status == 1, "the target was not read")
        #expect(try newsq(["search", "outsidedirmarker"], in: sandbox).status == 1, "a linked folder was not walked")
        #expect(try newsq(["search", "nestedmarker"], in: sandbox).status == 0)
        #expect(daemon.isRunning, "a FIFO without a writer does not block newsd")
        #expect(daemon.stop() == 0)
    }

    /// Over the cap: rejected unread, with the reason; the default cap is 50 MB.
    @Test func largeFilesAreRejectedWithReason() throws {
        let sandbox = try Sandbox("large")
        let sparse = sandbox.root.appendingPathComponent("huge.staging")
        _ = FileManager.default.createFile(atPath: sparse.path, contents: Data("Huge\n\nbody\n".utf8))
        #expect(truncate(sparse.path, 50 * 1024 * 1024 + 1) == 0)
        #expect(rename(sparse.path, sandbox.inbox.appendingPathComponent("huge.txt").path) == 0)
        var atCap = Self.article("atcap")
        atCap += Array(repeating: UInt8(ascii: "x"), count: 4000 - atCap.count)
        try sandbox.drop(bytes: atCap, as: "atcap.txt")

        let daemon = try Newsd(sandbox, interval: 0.2, config: ["settle_delay = 0"])
        #expect(waitUntil(timeout: 10) { sandbox.files(in: "failed") == ["huge.txt", "huge.txt.error"] }, "\(daemon.log)")
        let note = try String(contentsOf: sandbox.state.appendingPathComponent("failed/huge.txt.error"), encoding: .utf8)
        #expect(note.contains("file too large: 52428801 bytes exceeds the limit of 52428800 bytes (max_file_bytes)"), "\(note)")
        #expect((daemon.peakMemoryKiB ?? 0) < 100_000, "rejected without reading: \(daemon.peakMemoryKiB ?? -1) KiB")
        #expect(daemon.stop() == 0)

        let capped = try Newsd(sandbox, interval: 0.2, config: ["max_file_bytes = 4000", "settle_delay = 0"])
        try sandbox.drop(bytes: atCap + [UInt8(ascii: "y")], as: "overcap.txt")
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "failed").contains("overcap.txt") })
        #expect(waitUntil(timeout: 5) { sandbox.files(in: "processed").contains("atcap.txt") }, "exactly at the cap is accepted")
        #expect(capped.stop() == 0)
    }

    /// Spaces, newlines, invalid UTF-8, leading dashes, SQL and shell metacharacters, 255-byte
    /// names: all ingested, stored under a printable name, nothing interpreted.
    @Test func hostileFileNamesAreIngested() throws {
        let sandbox = try Sandbox("names")
        let names: [[UInt8]] = [
            Array("with  spaces .txt".utf8), Array("new\nline.txt".utf8), Array("-rf".utf8), Array("--help".utf8),
            [0x6C, 0x61, 0x74, 0x31, 0xE9, 0x2E, 0x74, 0x78, 0x74], Array("'; DROP TABLE articles; --".utf8),
            Array("$(touch pwned) `id` |x".utf8), Array("tab\there\u{1B}[31mred".utf8), Array(String(repeating: "n", count: 255).utf8),
        ]
        for (i, name) in names.enumerated() { try dropRaw(sandbox, name: name, bytes: Self.article("name\(i)")) }
        let daemon = try Newsd(sandbox, interval: 0.2, config: ["settle_delay = 0"])
        #expect(waitUntil(timeout: 10) { inboxEntries(sandbox) == 0 && sandbox.files(in: "processed").count == names.count }, "\(sandbox.files(in: "processed"))\n\(daemon.log)")
        let processed = Set(sandbox.files(in: "processed"))
        #expect(processed.contains("new_line.txt"), "control characters replaced in the stored name")
        #expect(processed.contains("lat1\u{FFFD}.txt"), "invalid UTF-8 replaced in the stored name")
        #expect(processed.contains("'; DROP TABLE articles; --"))
        #expect(processed.contains("tab_here_[31mred"))
        #expect(!FileManager.default.fileExists(atPath: "pwned") && !FileManager.default.fileExists(atPath: sandbox.inbox.appendingPathComponent("pwned").path))
        #expect(try IndexSnapshot(sandbox).articles == names.count)
        #expect(!daemon.log.contains("\u{1B}"), "no raw escape in the log")
        #expect(daemon.stop() == 0)
    }

    /// Thousands of files at once: drained in bounded batches (≤ batch_files), memory bounded.
    @Test func thousandsOfFilesAtOnce() throws {
        let sandbox = try Sandbox("backlog")
        let files = try bbcFiles(slowTests ? 2225 : 1200)
        var dropped: HashCounts = [:]
        for file in files { try sandbox.drop(file, as: inboxName(file)); dropped[try sha256(of: file), default: 0] += 1 }
        let started = Date()
        let daemon = try Newsd(sandbox, interval: 0.2, config: ["batch_files = 100", "settle_delay = 0"], arguments: ["--log-level", "debug"])
        var peak = 0
        #expect(waitUntil(timeout: 90) { peak = max(peak, daemon.peakMemoryKiB ?? 0); return sandbox.inboxFiles().isEmpty }, "drained")
        let elapsed = Date().timeIntervalSince(started)
        peak = max(peak, daemon.peakMemoryKiB ?? 0)
        #expect(daemon.stop() == 0)
        let batchSizes = daemon.log.split(separator: "\n").filter { $0.contains("batch committed") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("taken=") }.flatMap { Int($0.dropFirst(6)) }
        }
        #expect(batchSizes.count >= files.count / 100, "\(batchSizes)")
        #expect(batchSizes.allSatisfy { $0 <= 100 }, "bounded batches: \(batchSizes)")
        #expect(peak < 200_000, "peak memory \(peak) KiB")
        try expectConsistent(sandbox, dropped: dropped, settled: true, context: "backlog")
        print("backlog: \(files.count) files in \(String(format: "%.1f", elapsed)) s, \(batchSizes.count) batches, peak \(peak / 1024) MiB")
    }
}

/// Binds a Unix socket at `path` (an inbox entry that is a socket); returns its descriptor.
func bindSocket(_ path: String) throws -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
    }
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard rc == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    return fd
}
