import Foundation
import NewsCore
#if canImport(Glibc)
import Glibc
#endif

/// Moves inbox files to their destinations under the state directory, and writes
/// `failed/NAME.error` notes. Destinations never overwrite an existing file.
struct FileMover {
    let inbox: String
    let stateDir: String

    /// Destinations planned in one transaction, and the folders on the way already checked.
    struct Reservations {
        /// Destination paths taken (relative to the state dir).
        var names: Set<String>
        /// Folders checked not to be files (asked once per transaction, not once per file).
        var folders: Set<String> = []

        init(names: Set<String>, folders: Set<String> = []) {
            self.names = names
            self.folders = folders
        }

        /// The destinations of journalled moves (done or not), and the folders on their way,
        /// which those moves create: a name checked free before they ran is not free.
        init(pending destinations: [String]) {
            names = Set(destinations)
            // Runs for every batch over the moves not yet confirmed (about one batch's worth):
            // slashes found in the UTF-8, not with Foundation's substring search per level.
            for destination in destinations {
                var slashes = 0
                // Parents below the top folder (processed/, duplicates/, failed/): the prefix
                // before each slash but the first.
                for i in destination.utf8.indices where destination.utf8[i] == UInt8(ascii: "/") {
                    slashes += 1
                    if slashes > 1 { folders.insert(String(destination[..<i])) }
                }
            }
        }
    }

    /// A destination path (relative to the state dir) under `folder` for `relativeName`
    /// that exists neither on disk nor in `reserved`; `name~2`, `name~3`… on collision.
    /// `knownFree` is a path the caller found free (`firstChoiceIfFree`) after every move
    /// not in `reserved` had finished: it is not looked up again.
    func destination(folder: String, relativeName: String, reserved: inout Reservations, knownFree: String? = nil) -> String {
        var components = Self.safeComponents(of: relativeName)
        // A folder on the way that already exists as a file (`x`, then `x/y.txt`) gets a suffix.
        var prefix = folder
        for i in components.indices.dropLast() {
            var name = components[i], n = 2
            while !reserved.folders.contains(prefix + "/" + name),
                  isNonDirectory(stateDir + "/" + prefix + "/" + name) || reserved.names.contains(prefix + "/" + name) {
                name = components[i] + "~\(n)"
                n += 1
            }
            components[i] = name
            prefix += "/" + name
            reserved.folders.insert(prefix)
        }
        let base = prefix + "/" + (components.last ?? "_")
        var candidate = base
        var n = 2
        // `.error` notes only ever sit in failed/.
        let notes = folder == "failed"
        while reserved.names.contains(candidate) || reserved.folders.contains(candidate)
                || (candidate != knownFree && exists(stateDir + "/" + candidate))
                || (notes && exists(stateDir + "/" + candidate + ".error")) {
            candidate = base + "~\(n)"
            n += 1
        }
        reserved.names.insert(candidate)
        return candidate
    }

    /// The path `destination` tries first for `relativeName` under `folder` (when no folder on
    /// the way is renamed), if nothing has that name now; nil if something has. The analysis
    /// threads ask this ahead of the transaction, so the writer need not (a lookup in a folder
    /// of many thousand names was 4–6% of the writer's time).
    func firstChoiceIfFree(folder: String, relativeName: String) -> String? {
        let components = Self.safeComponents(of: relativeName)
        let path = ([folder] + components.dropLast() + [components.last ?? "_"]).joined(separator: "/")
        return exists(stateDir + "/" + path) ? nil : path
    }

    /// The name's path components with control characters replaced, `.`/`..` renamed, and
    /// each cut to `maximumComponentBytes`. Components without control characters (nearly all)
    /// are taken as they are.
    static func safeComponents(of relativeName: String) -> [String] {
        relativeName.split(separator: "/").map { component in
            if component == "." || component == ".." { return "_" }
            guard component.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return capped(String(component)) }
            return capped(String(component.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{7F}" ? "_" : Character($0) }))
        }
    }

    /// Longest destination component: what a file system allows (255 bytes) less what newsd
    /// may add (`~NN` for a taken name, `.error` for a note, `.` and `.partial` while written),
    /// so no derived name is too long to create (a 255-byte name stayed in the inbox for good).
    static let maximumComponentBytes = 255 - 24

    /// `name` cut to `maximumComponentBytes` at a character boundary, keeping a short extension.
    static func capped(_ name: String) -> String {
        guard name.utf8.count > maximumComponentBytes else { return name }
        var stem = Substring(name), ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name.utf8.distance(from: dot, to: name.endIndex) <= 16 {
            stem = name[..<dot]
            ext = String(name[dot...])
        }
        while stem.utf8.count + ext.utf8.count > maximumComponentBytes { stem = stem.dropLast() }
        // A cut can end on a suffix newsd gives meaning to (`x.error` is the note of `x`).
        let cut = String(stem) + ext
        return InboxNameRules.isIgnored(Array(cut.utf8)) ? cut + "_" : cut
    }

    /// True when something (even a dangling symlink) has this name. A plain `lstat`:
    /// this runs for every file of every batch.
    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private func isNonDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR
    }

    /// Renames the inbox file to `destination` (relative to the state dir). Returns an error
    /// message when the move failed (the file then stays in the inbox).
    func move(source: [CChar], to destination: String) -> String? {
        let target = stateDir + "/" + destination
        // link + unlink never replaces an existing file (rename would, silently). A crash
        // between the two leaves the file in both places; recovery sees the same inode and
        // only unlinks the inbox name. The folder is created only when the link finds it
        // missing: checking it for every file cost several system calls per file.
        var linked = link(source, target) == 0
        var code = errno
        if !linked, code == ENOENT {
            let parent = (target as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                return "cannot create \(parent): \(error.localizedDescription)"
            }
            linked = link(source, target) == 0
            code = errno
        }
        if linked {
            unlink(source)
            return nil
        }
        switch code {
        case EEXIST:
            return "cannot move to \(target): a file of that name already exists (left in the inbox)"
        case EXDEV:
            return copyThenUnlink(source: source, target: target)
        case EPERM, EMLINK, ENOTSUP:
            // link() refuses folders with EPERM too: rename would move a whole folder unread.
            var info = stat()
            if lstat(source, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return "\(String(cString: source)) is a folder now (left in the inbox)" }
            // File systems without hard links: rename, after checking the name is still free.
            if access(target, F_OK) == 0 { return "cannot move to \(target): a file of that name already exists (left in the inbox)" }
            if rename(source, target) == 0 { return nil }
            return "cannot move to \(target): \(String(cString: strerror(errno)))"
        default:
            return "cannot move to \(target): \(String(cString: strerror(code)))"
        }
    }

    /// True when the inbox file and the destination are the same file (a move interrupted
    /// between link and unlink).
    func isSameFile(source: [CChar], destination: String) -> Bool {
        var a = stat(), b = stat()
        guard lstat(source, &a) == 0, lstat(stateDir + "/" + destination, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Writes the reason next to a failed file (`NAME.error`), atomically: into
    /// `.NAME.error.partial` first, then renamed. A crash in between leaves only a dot-file
    /// that `removePartialNotes` deletes at the next start (Foundation's `.atomic` write left
    /// randomly named temp files in failed/ when killed).
    func writeErrorNote(for destination: String, sourceName: String, reason: String) {
        // One line each, whatever the name holds (a newline in it must not forge a "reason:" line).
        let note = Array("file: \(TerminalSafe.sanitize(sourceName))\nreason: \(TerminalSafe.sanitize(reason))\n".utf8)
        let target = stateDir + "/" + destination + ".error"
        let folder = (target as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let partial = folder + "/." + (target as NSString).lastPathComponent + ".partial"
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return }
        let written = note.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == note.count { rename(partial, target) } else { unlink(partial) }
    }

    /// Deletes the note `destination.error` if newsd wrote it about `sourceName` (its first
    /// line names the file): left by a move that failed because another file had the name.
    func removeNote(of destination: String, ifAbout sourceName: String) {
        let path = stateDir + "/" + destination + ".error"
        guard let note = FileManager.default.contents(atPath: path),
              note.starts(with: Array("file: \(TerminalSafe.sanitize(sourceName))\n".utf8)) else { return }
        unlink(path)
    }

    /// Deletes `.NAME.error.partial` files a crash left under failed/.
    func removePartialNotes() {
        let failed = stateDir + "/failed"
        guard let walker = FileManager.default.enumerator(atPath: failed) else { return }
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix("."), name.hasSuffix(".error.partial") { unlink(failed + "/" + relative) }
        }
    }

    /// Cross-device fallback: copy, fsync, then unlink the source.
    private func copyThenUnlink(source: [CChar], target: String) -> String? {
        // Copy to a dot-file beside the target, fsync it, then link it into place: the target
        // name appears only once it holds the whole file, and never replaces another.
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/." + (target as NSString).lastPathComponent + ".partial"
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard input >= 0 else { return "cannot copy \(String(cString: source)): \(String(cString: strerror(errno)))" }
        defer { close(input) }
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard output >= 0 else { return "cannot copy to \(target): \(String(cString: strerror(errno)))" }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: String?
        while failure == nil {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); break }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, n) }
            if written != n { failure = String(cString: strerror(errno)) }
        }
        if failure == nil, fsync(output) != 0 { failure = String(cString: strerror(errno)) }
        close(output)
        if failure == nil, link(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        unlink(temporary)
        if let failure { return "cannot copy to \(target): \(failure)" }
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
        unlink(source)
        return nil
    }
}
