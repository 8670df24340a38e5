import Foundation
import NewsCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A file that crashes newsd (a bug in a parser, or on the writer) would be taken first again
/// after every restart. The crash guard notes it as the process dies, tries it once more
/// alone, and after its second crash sets it aside in failed/ unparsed, so the rest of the
/// inbox goes on. The crashes are real: a Swift trap or `abort()` injected by `…-on-marker`.
@Suite(.serialized)
struct FaultPoisonFileTests {
    /// The signal a Swift trap raises.
    #if arch(x86_64)
    static let trapSignal = SIGILL
    #else
    static let trapSignal = SIGTRAP
    #endif

    static let poison = Array("A headline\n\nA body with NEWSD-FAULT-TRAP inside it, long enough to be an article.\n".utf8)
    static let poisonName = "poison\nname.txt"  // any name: the notes store it in hex

    /// The notes' line for one crash of the poison file with `signal`.
    static func noteLine(_ signal: Int32) -> String {
        String(format: "%02d\t", signal) + Array(poisonName.utf8).map { String(format: "%02x", $0) }.joined() + "\t" + SHA256.hex(of: poison)
    }

    static func noteLines(_ sandbox: Sandbox) -> [String] {
        ((try? String(contentsOf: sandbox.state.appendingPathComponent("crash-notes"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// 1: the trap strikes on an analysis thread while parsing; 2: on the writer thread.
    @Test(arguments: [1, 2])
    func fileThatCrashesNewsdTwiceIsSetAside(stage: Int) throws {
        let sandbox = try Sandbox("poison\(stage)")
        var dropped: HashCounts = [:]
        for file in try bbcFiles(40) {
            let inInbox = try sandbox.drop(file, as: inboxName(file))
            // Older than the poison whatever the clock's grain: the poison is taken last (oldest first).
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: inInbox.path)
            dropped[try sha256(of: file), default: 0] += 1
        }
        try sandbox.drop(bytes: Self.poison, as: Self.poisonName)
        dropped[SHA256.hex(of: Self.poison), default: 0] += 1
        let fault = ["NEWSD_FAULT": "trap-on-marker:\(stage)"]

        // What systemd's Restart=on-failure does: start it again after each crash.
        for crash in 1...2 {
            let daemon = try Newsd(sandbox, config: ["batch_files = 16"], environment: fault)
            #expect(daemon.waitForExit(timeout: 30) == Self.trapSignal, "crash \(crash) by the injected trap: \(daemon.log)")
            #expect(daemon.process.terminationReason == .uncaughtSignal)
            #expect(daemon.log.contains("newsd: crashed while handling an inbox file"), "\(daemon.log)")
            #expect(Self.noteLines(sandbox) == Array(repeating: Self.noteLine(Self.trapSignal), count: crash))
            if crash == 2 {
                #expect(daemon.log.contains("tried once more, alone"), "\(daemon.log)")
                // Taken alone, the suspect took no other file down with it this time.
                let snapshot = try IndexSnapshot(sandbox)
                #expect(snapshot.articles + snapshot.duplicates == 40, "all other files recorded before the second crash")
            }
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
        #expect(note.contains("newsd crashed 2 times") && note.contains(Self.trapSignal == SIGILL ? "SIGILL" : "SIGTRAP"), "\(note)")
        #expect(Self.noteLines(sandbox).count == 3 && Self.noteLines(sandbox).last?.hasPrefix("00\t") == true, "forgotten once set aside")
        let counts = try stats(sandbox)
        #expect(counts["failed"] as? Int == 1, "\(counts)")
        #expect((counts["articles"] as? Int ?? 0) + (counts["duplicates"] as? Int ?? 0) == 40, "\(counts)")

        // Another file under the poison's name is no suspect: it is parsed and indexed.
        try sandbox.drop(bytes: Array("Another headline\n\nA healthy body under the same name, long enough to be indexed.\n".utf8), as: Self.poisonName)
        let next = try Newsd(sandbox, config: ["batch_files = 16"], environment: fault)
        #expect(waitUntil(timeout: 30) { sandbox.inboxFiles().isEmpty }, "\(next.log)")
        #expect(next.stop() == 0)
        #expect(try stats(sandbox)["failed"] as? Int == 1, "the new file is not set aside: \(next.log)")
    }

    /// `abort()` (SIGABRT raised by newsd itself, as glibc does on heap corruption) is noted
    /// too; the file is then tried again alone and, committed this time, forgotten.
    @Test func abortIsNotedAndTheFileIsForgottenOnceIndexed() throws {
        let sandbox = try Sandbox("poisonabort")
        for file in try bbcFiles(20) { try sandbox.drop(file, as: inboxName(file)) }
        try sandbox.drop(bytes: Self.poison, as: Self.poisonName)
        let crashing = try Newsd(sandbox, config: ["batch_files = 8"], environment: ["NEWSD_FAULT": "abort-on-marker:1"])
        #expect(crashing.waitForExit(timeout: 30) == SIGABRT, "\(crashing.log)")
        #expect(Self.noteLines(sandbox) == [Self.noteLine(SIGABRT)])

        let daemon = try Newsd(sandbox, config: ["batch_files = 8"])  // the bug "fixed": no fault
        #expect(waitUntil(timeout: 30) { sandbox.inboxFiles().isEmpty }, "\(daemon.log)")
        #expect(daemon.stop() == 0)
        #expect(daemon.log.contains("tried once more, alone"), "\(daemon.log)")
        #expect(Self.noteLines(sandbox) == [Self.noteLine(SIGABRT), "00" + Self.noteLine(SIGABRT).dropFirst(2)], "forgotten once committed")
        #expect(try stats(sandbox)["failed"] as? Int == 0)
        #expect(sandbox.files(in: "processed").contains { $0.hasPrefix("poison") }, "indexed: \(sandbox.files(in: "processed"))")
    }

    /// Deaths that are not the file's doing note nothing, even when the signal lands on the
    /// very thread that handles the file: SIGSEGV or SIGBUS sent by another process, and
    /// `kill -9` (an operator, the OOM killer). (SIGABRT, which systemd's watchdog sends, cannot
    /// land there: libdispatch blocks it on its worker threads, where files are handled.)
    @Test(arguments: [(1, SIGSEGV), (1, SIGBUS), (2, SIGSEGV), (2, SIGBUS), (1, SIGKILL)])
    func signalsFromOutsideNoteNothing(stage: Int, signal: Int32) throws {
        let sandbox = try Sandbox("outsidekill")
        for file in try bbcFiles(10) { try sandbox.drop(file, as: inboxName(file)) }
        try sandbox.drop(bytes: Self.poison, as: Self.poisonName)
        let daemon = try Newsd(sandbox, config: ["batch_files = 8"], environment: ["NEWSD_FAULT": "wedge-on-marker:\(stage)"])
        let announced = "fault injected: wedge-on-marker:\(stage) in thread "
        #expect(waitUntil(timeout: 20) { daemon.log.contains(announced) }, "\(daemon.log)")
        let thread = daemon.log.components(separatedBy: announced).last.flatMap { Int32($0.prefix(while: \.isNumber)) } ?? 0
        #expect(thread > 0)
        // Linux hands a kill() aimed at a thread's id to that thread when it does not block the
        // signal (checked by mutation: counting every signal as newsd's own fails these cases).
        kill(thread, signal)
        // The Swift runtime's backtracer answers a SIGSEGV or SIGBUS from outside with a
        // backtrace and newsd lives on, with or without the guard; systemd then sends SIGKILL.
        _ = daemon.waitForExit(timeout: 2)
        daemon.stop(signal: SIGKILL)
        #expect(Self.noteLines(sandbox).isEmpty, "\(Self.noteLines(sandbox))")
        #expect(!daemon.log.contains("newsd: crashed while handling"), "\(daemon.log)")
    }
}
