import CCrashNote
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Inbox files that crashed newsd, read from the state folder's `crash-notes`, so that a
/// file which crashes it again is set aside in failed/ instead of being taken first after
/// every restart, stalling the inbox behind it (systemd gives up after a few restarts).
///
/// The threads that parse and write files name the file they handle (`working(on:hash:_:)`);
/// a crash the process raises itself (a Swift trap, a segmentation fault, `abort()`) appends
/// that thread's file to the notes before the process dies (CCrashNote). A `kill -9`, the OOM
/// killer and signals from other processes note nothing, so healthy files cut short by an
/// operator are never set aside. A noted file is tried again alone (nothing else parsed
/// beside it, so a crash cannot be blamed on a neighbour); noted `setAsideAfter` times, it is
/// recorded as a failure without being parsed. A file is known by its name and its SHA-256:
/// another file dropped under the same name is not a suspect.
///
/// While newsd runs the file is only appended to (the handler's lines, and `forget` lines
/// "00\t<name>\t<hash>"); it is compacted at start, before the handlers are installed.
public struct CrashNotes {
    /// Crashes a file may cause before it is set aside: one retry forgives a crash that
    /// was not the file's doing.
    public static let setAsideAfter = 2

    /// The notes' file name in the state folder.
    public static let fileName = "crash-notes"

    /// A noted file: its path relative to the inbox (raw bytes) and its SHA-256 (hex).
    public struct Suspect: Hashable, Sendable {
        public var name: [UInt8]
        public var hash: String
    }

    /// How many crashes a file caused, and the last signal.
    public struct Entry: Equatable, Sendable {
        public var crashes: Int
        public var signal: Int32

        /// Crashed newsd often enough to be set aside unparsed.
        public var isSetAside: Bool { crashes >= CrashNotes.setAsideAfter }
    }

    public let path: String
    public private(set) var entries: [Suspect: Entry] = [:]
    /// The suspects' names (a file is taken alone when its name is noted, before it is read).
    public private(set) var names: Set<[UInt8]> = []
    /// Where `forget` appends (opened on first use; closed with the notes).
    private var appender: FileHandle?
    /// True when the file holds exactly one line per crash of `entries` (nothing to compact).
    private var isCompact: Bool

    /// The notes in `stateDir` (none when the file is missing or unreadable; bad lines are skipped).
    public init(stateDir: String) {
        path = stateDir + "/" + Self.fileName
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        entries = Self.parse(bytes)
        names = Set(entries.keys.map(\.name))
        isCompact = bytes == Self.format(entries)
    }

    /// The entry of the file with this name and hash when it is to be set aside unparsed.
    public func setAside(name: [UInt8], hash: String) -> Entry? {
        entries[Suspect(name: name, hash: hash)].flatMap { $0.isSetAside ? $0 : nil }
    }

    /// Rewrites the file with one line per crash of the files still noted (at start, before
    /// `install`: nothing else writes it then). Does nothing when there is nothing to drop.
    public mutating func compact() throws {
        guard !isCompact else { return }
        appender = nil  // it would go on appending to the replaced file
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CrashNotesError(path: temporary, reason: String(cString: strerror(errno))) }
        _ = fchmod(fd, 0o600)  // a leftover temporary file keeps its mode otherwise
        let bytes = Self.format(entries)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CrashNotesError(path: path, reason: String(cString: strerror(errno)))
        }
        isCompact = true
    }

    /// Starts noting crashes into this file (signal handlers installed once per process).
    /// Returns a reason when it cannot: newsd then runs without the guard.
    public func install() -> String? {
        let rc = newsd_crash_note_install(path)
        return rc == 0 ? nil : "cannot open \(path): \(String(cString: strerror(rc)))"
    }

    /// Forgets every file noted under one of `names` (committed, set aside, or gone), with a
    /// line appended to the notes.
    public mutating func forget(names gone: some Sequence<[UInt8]>) throws {
        let gone = Set(gone).intersection(names)
        guard !gone.isEmpty else { return }
        let suspects = entries.keys.filter { gone.contains($0.name) }
        var lines: [UInt8] = []
        for suspect in suspects {
            entries[suspect] = nil
            lines += Self.line(signal: 0, suspect)
        }
        names.subtract(gone)
        isCompact = false
        if appender == nil {
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 { appender = FileHandle(fileDescriptor: fd, closeOnDealloc: true) }
        }
        // One write: O_APPEND keeps it whole beside the handler's lines.
        guard let fd = appender?.fileDescriptor, lines.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == lines.count else {
            throw CrashNotesError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Runs `body` with the calling thread noted as handling the file at `relativePath` with
    /// SHA-256 `hash` (a hash that is not 64 hex digits notes nothing). Not nested.
    @inline(__always)
    public static func working<T>(on relativePath: [UInt8], hash: String, _ body: () throws -> T) rethrows -> T {
        relativePath.withUnsafeBufferPointer { name in
            hash.withCString { newsd_crash_note_working_on(name.baseAddress, name.count, $0) }
        }
        defer { newsd_crash_note_done() }
        return try body()
    }

    /// The entries of a notes file's bytes: "<signal>\t<hex name>\t<hash>" per crash, and
    /// "00\t<hex name>\t<hash>" when the file was forgotten.
    static func parse(_ bytes: [UInt8]) -> [Suspect: Entry] {
        var entries: [Suspect: Entry] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0].count == 2, let signal = Int32(String(decoding: fields[0], as: UTF8.self)),
                  let name = hexDecoded(fields[1]), !name.isEmpty,
                  fields[2].count == 64, hexDecoded(fields[2]) != nil else { continue }
            let suspect = Suspect(name: name, hash: String(decoding: fields[2], as: UTF8.self))
            if signal == 0 {
                entries[suspect] = nil
            } else {
                entries[suspect, default: Entry(crashes: 0, signal: signal)].crashes += 1
                entries[suspect]?.signal = signal
            }
        }
        return entries
    }

    /// The lines that stand for `entries` (one per crash, as the handler writes them).
    static func format(_ entries: [Suspect: Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for (suspect, entry) in entries.sorted(by: { a, b in
            a.key.name != b.key.name ? a.key.name.lexicographicallyPrecedes(b.key.name) : a.key.hash < b.key.hash
        }) {
            let line = line(signal: entry.signal, suspect)
            for _ in 0..<entry.crashes { out += line }
        }
        return out
    }

    static func line(signal: Int32, _ suspect: Suspect) -> [UInt8] {
        Array(String(format: "%02d\t", signal).utf8) + hexEncoded(suspect.name) + [UInt8(ascii: "\t")] + Array(suspect.hash.utf8) + [UInt8(ascii: "\n")]
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

/// The crash notes could not be written.
public struct CrashNotesError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}
