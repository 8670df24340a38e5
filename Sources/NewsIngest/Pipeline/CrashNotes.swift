import CCrashNote
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Inbox files that crashed newsd, read from the state folder's `crash-notes`, so that a
/// file which crashes it again is set aside in failed/ instead of being taken first after
/// every restart, stalling the inbox behind it (systemd gives up after a few restarts).
///
/// The threads that parse and write files name the file they handle (`working(on:_:)`); a
/// crash raised by the process itself (a Swift trap, a segmentation fault, `abort()`)
/// appends that thread's file to the notes before the process dies (CCrashNote). A `kill -9`,
/// the OOM killer and signals from other processes note nothing, so healthy files cut short
/// by an operator are never set aside. A file noted `setAsideAfter` times is recorded as a
/// failure without being parsed; a file that is committed leaves the notes.
public struct CrashNotes {
    /// Crashes a file may cause before it is set aside: one retry forgives a crash that
    /// was not the file's doing.
    public static let setAsideAfter = 2

    /// The notes' file name in the state folder.
    public static let fileName = "crash-notes"

    /// One noted file: how many crashes it caused and the last signal.
    public struct Entry: Equatable, Sendable {
        public var crashes: Int
        public var signal: Int32
    }

    public let path: String
    /// Noted files by their path relative to the inbox (raw bytes).
    public private(set) var entries: [[UInt8]: Entry] = [:]

    /// The notes in `stateDir` (none when the file is missing or unreadable; bad lines are skipped).
    public init(stateDir: String) {
        path = stateDir + "/" + Self.fileName
        if let data = FileManager.default.contents(atPath: path) { entries = Self.parse([UInt8](data)) }
    }

    /// The files noted `setAsideAfter` times or more.
    public var filesToSetAside: Set<[UInt8]> { Set(entries.filter { $0.value.crashes >= Self.setAsideAfter }.keys) }

    /// Starts noting crashes into this file (signal handlers installed once per process).
    /// Returns a reason when it cannot: newsd then runs without the guard.
    public func install() -> String? {
        let rc = newsd_crash_note_install(path)
        return rc == 0 ? nil : "cannot open \(path): \(String(cString: strerror(rc)))"
    }

    /// Forgets `files` (committed, or recorded as set aside) and rewrites the notes.
    public mutating func forget(_ files: some Sequence<[UInt8]>) throws {
        var changed = false
        for file in files where entries.removeValue(forKey: file) != nil { changed = true }
        guard changed else { return }
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(Self.format(entries))),
              rename(temporary, path) == 0 else {
            throw CrashNotesError(path: path, reason: String(cString: strerror(errno)))
        }
        // The handler's descriptor still names the replaced file: point it at the new one.
        _ = install()
    }

    /// Runs `body` with the calling thread noted as handling `relativePath`.
    @inline(__always)
    public static func working<T>(on relativePath: [UInt8], _ body: () throws -> T) rethrows -> T {
        relativePath.withUnsafeBufferPointer { newsd_crash_note_working_on($0.baseAddress, $0.count) }
        defer { newsd_crash_note_done() }
        return try body()
    }

    /// The entries of a notes file's bytes: lines "<signal>\t<hex name>", one per crash.
    static func parse(_ bytes: [UInt8]) -> [[UInt8]: Entry] {
        var entries: [[UInt8]: Entry] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 1)
            guard fields.count == 2, let signal = Int32(String(decoding: fields[0], as: UTF8.self)),
                  let name = hexDecoded(fields[1]), !name.isEmpty else { continue }
            entries[name, default: Entry(crashes: 0, signal: signal)].crashes += 1
            entries[name]?.signal = signal
        }
        return entries
    }

    /// The lines that stand for `entries` (one per crash, as the handler writes them).
    static func format(_ entries: [[UInt8]: Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, entry) in entries.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let line = Array(String(format: "%02d\t", entry.signal).utf8) + hexEncoded(name) + [UInt8(ascii: "\n")]
            for _ in 0..<entry.crashes { out += line }
        }
        return out
    }

    static func hexEncoded(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
    }

    static func hexDecoded(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var i = text.startIndex
        while i < text.endIndex {
            guard let high = value(text[i]), let low = value(text[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    /// What newsd records for a file it sets aside (also its `.error` note).
    public static func setAsideReason(_ entry: Entry) -> String {
        "newsd crashed \(entry.crashes) times while parsing or indexing this file (last signal \(signalName(entry.signal))); "
            + "set aside so the rest of the inbox goes on. Please report it with the file; move it back into the inbox to try again"
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGFPE: "SIGFPE", SIGABRT: "SIGABRT"]
        return names[signal] ?? "\(signal)"
    }
}

/// The crash notes could not be rewritten.
public struct CrashNotesError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot rewrite \(path): \(reason)" }
}
