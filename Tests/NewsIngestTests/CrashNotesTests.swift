import Foundation
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// The crash notes' file format and bookkeeping (the signal handler itself is exercised by
/// the end-to-end `FaultPoisonFileTests`, which crash the real newsd). Nothing here installs
/// the handlers.
struct CrashNotesTests {
    /// Names no text format could carry: a newline, a tab, invalid UTF-8, a subfolder.
    static let oddNames: [[UInt8]] = [Array("plain.txt".utf8), Array("new\nline\tand tab".utf8), [0x62, 0xFF, 0xFE, 0x00, 0x41], Array("sub/dir/x.html".utf8)]
    static let hashA = String(repeating: "a1", count: 32), hashB = String(repeating: "0f", count: 32)

    static func suspect(_ i: Int, _ hash: String = hashA) -> CrashNotes.Suspect { CrashNotes.Suspect(name: oddNames[i], hash: hash) }

    /// A line as the handler writes it: "<signal>\t<hex name>\t<hash>".
    static func line(_ signal: Int32, _ suspect: CrashNotes.Suspect) -> String {
        String(decoding: CrashNotes.line(signal: signal, suspect), as: UTF8.self)
    }

    @Test func handlerLinesAreCountedPerNameAndHash() {
        #expect(Self.line(SIGILL, Self.suspect(1)) == "04\t" + String(decoding: CrashNotes.hexEncoded(Self.oddNames[1]), as: UTF8.self) + "\t" + Self.hashA + "\n")
        let text = Self.line(SIGILL, Self.suspect(1)) + Self.line(SIGSEGV, Self.suspect(2)) + Self.line(SIGILL, Self.suspect(1))
            + Self.line(SIGABRT, Self.suspect(1, Self.hashB))  // another file under the same name
        let entries = CrashNotes.parse(Array(text.utf8))
        #expect(entries[Self.suspect(1)] == CrashNotes.Entry(crashes: 2, signal: SIGILL))
        #expect(entries[Self.suspect(2)] == CrashNotes.Entry(crashes: 1, signal: SIGSEGV))
        #expect(entries[Self.suspect(1, Self.hashB)] == CrashNotes.Entry(crashes: 1, signal: SIGABRT))
        #expect(entries.count == 3)
    }

    @Test func forgetLinesEndAFilesCount() {
        let text = Self.line(SIGILL, Self.suspect(0)) + Self.line(0, Self.suspect(0)) + Self.line(SIGILL, Self.suspect(3))
        #expect(CrashNotes.parse(Array(text.utf8)) == [Self.suspect(3): CrashNotes.Entry(crashes: 1, signal: SIGILL)])
    }

    @Test func damagedLinesAreSkipped() {
        // Lines cut short or mangled: odd hex, bad digits, no tabs, a short or odd hash, one-digit signal.
        let name = String(decoding: CrashNotes.hexEncoded(Self.oddNames[0]), as: UTF8.self)
        let damaged = ["06\t706\t\(Self.hashA)", "06\t7g70\t\(Self.hashA)", "06 \(name) \(Self.hashA)", "\t\(name)\t\(Self.hashA)",
                       "xx\t\(name)\t\(Self.hashA)", "06\t\t\(Self.hashA)", "06\t\(name)\t\(Self.hashA.dropLast())", "06\t\(name)",
                       "06\t\(name)\t\(Self.hashA.dropLast(2))zz", "6\t\(name)\t\(Self.hashA)"]
        let text = damaged.joined(separator: "\n") + "\n" + Self.line(SIGABRT, Self.suspect(0))
        #expect(CrashNotes.parse(Array(text.utf8)) == [Self.suspect(0): CrashNotes.Entry(crashes: 1, signal: SIGABRT)])
    }

    @Test func formatRoundTripsAnyName() {
        var entries: [CrashNotes.Suspect: CrashNotes.Entry] = [:]
        for i in Self.oddNames.indices { entries[Self.suspect(i)] = CrashNotes.Entry(crashes: i + 1, signal: Int32(4 + i)) }
        #expect(CrashNotes.parse(CrashNotes.format(entries)) == entries)
    }

    @Test func setAsideTakesTwoCrashesOfTheSameFileAndForgettingAppends() throws {
        let dir = NSTemporaryDirectory() + "crashnotes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/" + CrashNotes.fileName
        let text = Self.line(SIGILL, Self.suspect(0)) + Self.line(SIGILL, Self.suspect(1)) + Self.line(SIGILL, Self.suspect(1))
            + Self.line(SIGSEGV, Self.suspect(2)) + Self.line(SIGSEGV, Self.suspect(2)) + Self.line(SIGSEGV, Self.suspect(2))
        #expect(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)))

        var notes = CrashNotes(stateDir: dir)
        #expect(notes.setAside(name: Self.oddNames[0], hash: Self.hashA) == nil, "one crash: tried again")
        #expect(notes.setAside(name: Self.oddNames[1], hash: Self.hashA) == CrashNotes.Entry(crashes: 2, signal: SIGILL))
        #expect(notes.setAside(name: Self.oddNames[1], hash: Self.hashB) == nil, "another file under that name")
        #expect(notes.names == Set(Self.oddNames.prefix(3)))
        let reason = CrashNotes.setAsideReason(notes.setAside(name: Self.oddNames[2], hash: Self.hashA)!)
        #expect(reason.contains("crashed 3 times") && reason.contains("SIGSEGV"))

        // Forgetting appends (the handler may be writing to the same file); compacting rewrites.
        try notes.forget(names: [Self.oddNames[1], Array("never noted".utf8)])
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix(text))
        #expect(CrashNotes(stateDir: dir).entries == notes.entries)
        #expect(notes.names == [Self.oddNames[0], Self.oddNames[2]])
        try notes.compact()
        #expect(try String(contentsOfFile: file, encoding: .utf8) == String(decoding: CrashNotes.format(notes.entries), as: UTF8.self))
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o600, "the notes stay private")
        try notes.forget(names: Self.oddNames)
        #expect(CrashNotes(stateDir: dir).entries.isEmpty)
    }

    @Test func missingNotesMeanNoSuspects() {
        #expect(CrashNotes(stateDir: "/nonexistent-\(UUID().uuidString)").entries.isEmpty)
    }
}
