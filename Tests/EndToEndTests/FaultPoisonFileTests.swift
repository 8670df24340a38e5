import Foundation
import NewsCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A file that crashes newsd (a bug in a parser, or on the writer) is taken again after every
/// restart; after its second crash it is set aside in failed/ unparsed, so the rest of the
/// inbox goes on. Crashes are real: a Swift trap (SIGILL) injected by `trap-on-marker`.
@Suite(.serialized)
struct FaultPoisonFileTests {
    /// 1: the trap strikes on the analysis thread while parsing; 2: on the writer thread.
    @Test(arguments: [1, 2])
    func fileThatCrashesNewsdTwiceIsSetAside(stage: Int) throws {
        let sandbox = try Sandbox("poison\(stage)")
        var dropped: HashCounts = [:]
        for file in try bbcFiles(40) { try sandbox.drop(file, as: inboxName(file)); dropped[try sha256(of: file), default: 0] += 1 }
        let poison = Array("A headline\n\nA body with NEWSD-FAULT-TRAP inside it, long enough to be an article.\n".utf8)
        try sandbox.drop(bytes: poison, as: "poison\nname.txt")  // any name: the notes store it in hex
        dropped[SHA256.hex(of: poison), default: 0] += 1
        let fault = ["NEWSD_FAULT": "trap-on-marker:\(stage)"]
        let notes = sandbox.state.appendingPathComponent("crash-notes")

        // What systemd's Restart=on-failure does: start it again after each crash.
        for crash in 1...2 {
            let daemon = try Newsd(sandbox, config: ["batch_files = 16"], environment: fault)
            #expect(daemon.waitForExit(timeout: 30) == SIGILL, "crash \(crash) by the injected trap: \(daemon.log)")
            #expect(daemon.process.terminationReason == .uncaughtSignal)
            #expect(daemon.log.contains("newsd: crashed while handling an inbox file"), "\(daemon.log)")
            let lines = (try? String(contentsOf: notes, encoding: .utf8))?.split(separator: "\n") ?? []
            #expect(lines == Array(repeating: "04\t" + String(decoding: CrashNotesHex.encode(Array("poison\nname.txt".utf8)), as: UTF8.self)[...], count: crash))
            if crash == 2 { #expect(daemon.log.contains("tried once more"), "\(daemon.log)") }
            try expectConsistent(sandbox, dropped: dropped, settled: false, context: "after crash \(crash)")
        }

        let daemon = try Newsd(sandbox, config: ["batch_files = 16"], environment: fault)
        #expect(waitUntil(timeout: 30) { sandbox.inboxFiles().isEmpty }, "inbox drains: \(daemon.log)")
        usleep(200_000)
        #expect(daemon.stop() == 0, "still running: \(daemon.log)")
        #expect(daemon.log.contains("set aside in failed/ unparsed"), "\(daemon.log)")
        try expectConsistent(sandbox, dropped: dropped, settled: true, context: "after the poison was set aside")
        let notesInFailed = sandbox.files(in: "failed").filter { $0.hasSuffix(".error") }
        #expect(notesInFailed.count == 1, "\(notesInFailed)")
        let note = try String(contentsOf: sandbox.state.appendingPathComponent("failed/" + (notesInFailed.first ?? "?")), encoding: .utf8)
        #expect(note.contains("newsd crashed 2 times") && note.contains("SIGILL"), "\(note)")
        #expect(try Data(contentsOf: notes).isEmpty, "a set-aside file leaves the notes")
        let counts = try stats(sandbox)
        #expect(counts["failed"] as? Int == 1, "\(counts)")
        #expect((counts["articles"] as? Int ?? 0) + (counts["duplicates"] as? Int ?? 0) == 40, "\(counts)")
    }

    /// Deaths that are not the file's doing note nothing: `kill -9` (an operator, the OOM
    /// killer) and SIGABRT sent by another process (systemd's watchdog) in the middle of a batch.
    @Test(arguments: [SIGKILL, SIGABRT])
    func killsFromOutsideNoteNoFile(signal: Int32) throws {
        let sandbox = try Sandbox("outsidekill")
        for file in try bbcFiles(30) { try sandbox.drop(file, as: inboxName(file)) }
        let daemon = try Newsd(sandbox, config: ["batch_files = 8"], environment: ["NEWSD_FAULT": "slow-batch:400"])
        let status = sandbox.state.appendingPathComponent("newsd.status")
        #expect(waitUntil(timeout: 20) { FileManager.default.fileExists(atPath: status.path) })
        usleep(600_000)  // inside a slow batch
        kill(daemon.pid, signal)
        // The Swift runtime's backtracer answers a SIGABRT from outside with a backtrace and
        // newsd lives on, as without the guard; systemd then sends SIGKILL.
        _ = daemon.waitForExit(timeout: 2)
        daemon.stop(signal: SIGKILL)
        let notes = (try? Data(contentsOf: sandbox.state.appendingPathComponent("crash-notes"))) ?? Data()
        #expect(notes.isEmpty, "\(String(decoding: notes, as: UTF8.self))")
        #expect(!daemon.log.contains("newsd: crashed while handling"), "\(daemon.log)")
    }
}

/// The notes' hex form of a name (as CCrashNote writes it).
enum CrashNotesHex {
    static func encode(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.map { String(format: "%02x", $0) }.joined().utf8) }
}
