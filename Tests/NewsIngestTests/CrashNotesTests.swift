import Foundation
import Testing
@testable import NewsIngest
#if canImport(Glibc)
import Glibc
#endif

/// The crash notes' file format and bookkeeping (the signal handler itself is exercised by
/// the end-to-end `FaultPoisonFileTests`, which crash the real newsd).
struct CrashNotesTests {
    /// Names no text format could carry: a newline, a tab, invalid UTF-8, a subfolder.
    static let oddNames: [[UInt8]] = [Array("plain.txt".utf8), Array("new\nline\tand tab".utf8), [0x62, 0xFF, 0xFE, 0x00, 0x41], Array("sub/dir/x.html".utf8)]

    @Test func linesAsTheHandlerWritesThemAreCountedPerFile() {
        // The handler writes "<signal>\t<hex name>\n" per crash (two digits for the signal).
        let lines = ["04\t" + String(decoding: CrashNotes.hexEncoded(Self.oddNames[1]), as: UTF8.self),
                     "11\t" + String(decoding: CrashNotes.hexEncoded(Self.oddNames[2]), as: UTF8.self),
                     "04\t" + String(decoding: CrashNotes.hexEncoded(Self.oddNames[1]), as: UTF8.self)]
        let entries = CrashNotes.parse(Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(entries[Self.oddNames[1]] == CrashNotes.Entry(crashes: 2, signal: SIGILL))
        #expect(entries[Self.oddNames[2]] == CrashNotes.Entry(crashes: 1, signal: SIGSEGV))
        #expect(entries.count == 2)
    }

    @Test func damagedLinesAreSkipped() {
        // A line cut short by a crash of the crash (or by hand): odd hex, bad digits, no tab, no signal.
        let good = "06\t" + String(decoding: CrashNotes.hexEncoded(Self.oddNames[0]), as: UTF8.self)
        let text = ["06\t706", "06\t7g70", "06 7070", "\t7070", "xx\t7070", "06\t", good].joined(separator: "\n")
        #expect(CrashNotes.parse(Array(text.utf8)) == [Self.oddNames[0]: CrashNotes.Entry(crashes: 1, signal: SIGABRT)])
    }

    @Test func formatRoundTripsAnyName() {
        var entries: [[UInt8]: CrashNotes.Entry] = [:]
        for (i, name) in Self.oddNames.enumerated() { entries[name] = CrashNotes.Entry(crashes: i + 1, signal: Int32(4 + i)) }
        #expect(CrashNotes.parse(CrashNotes.format(entries)) == entries)
    }

    @Test func filesNotedTwiceAreSetAsideAndForgettingRewritesTheFile() throws {
        let dir = NSTemporaryDirectory() + "crashnotes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var entries: [[UInt8]: CrashNotes.Entry] = [:]
        entries[Self.oddNames[0]] = CrashNotes.Entry(crashes: 1, signal: SIGILL)
        entries[Self.oddNames[1]] = CrashNotes.Entry(crashes: 2, signal: SIGILL)
        entries[Self.oddNames[2]] = CrashNotes.Entry(crashes: 3, signal: SIGSEGV)
        #expect(FileManager.default.createFile(atPath: dir + "/" + CrashNotes.fileName, contents: Data(CrashNotes.format(entries))))

        var notes = CrashNotes(stateDir: dir)
        #expect(notes.entries == entries)
        #expect(notes.filesToSetAside == [Self.oddNames[1], Self.oddNames[2]])
        #expect(CrashNotes.setAsideReason(entries[Self.oddNames[2]]!).contains("crashed 3 times"))
        #expect(CrashNotes.setAsideReason(entries[Self.oddNames[2]]!).contains("SIGSEGV"))

        try notes.forget([Self.oddNames[1], Array("never noted".utf8)])
        #expect(CrashNotes(stateDir: dir).entries == entries.filter { $0.key != Self.oddNames[1] })
        try notes.forget(Self.oddNames)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + CrashNotes.fileName)).isEmpty)
    }

    @Test func missingNotesMeanNoSuspects() {
        #expect(CrashNotes(stateDir: "/nonexistent-\(UUID().uuidString)").entries.isEmpty)
    }
}
