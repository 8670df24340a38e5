import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Moves inbox files to their destinations under the state directory, and writes
/// `failed/NAME.error` notes. Destinations never overwrite an existing file.
struct FileMover {
    let inbox: String
    let stateDir: String

    /// A destination path (relative to the state dir) under `folder` for `relativeName`
    /// that exists neither on disk nor in `reserved`; `name~2`, `name~3`… on collision.
    func destination(folder: String, relativeName: String, reserved: inout Set<String>) -> String {
        let safe = relativeName.split(separator: "/").map { component -> String in
            let cleaned = String(component.unicodeScalars.map { $0.value < 0x20 || $0 == "\u{7F}" ? "_" : Character($0) })
            return cleaned == ".." || cleaned == "." ? "_" : cleaned
        }.joined(separator: "/")
        var candidate = folder + "/" + safe
        var n = 2
        while reserved.contains(candidate) || FileManager.default.fileExists(atPath: stateDir + "/" + candidate)
            || FileManager.default.fileExists(atPath: stateDir + "/" + candidate + ".error") {
            candidate = folder + "/" + safe + "~\(n)"
            n += 1
        }
        reserved.insert(candidate)
        return candidate
    }

    /// Renames the inbox file to `destination` (relative to the state dir). Returns an error
    /// message when the move failed (the file then stays in the inbox).
    func move(source: [CChar], to destination: String) -> String? {
        let target = stateDir + "/" + destination
        let parent = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            return "cannot create \(parent): \(error.localizedDescription)"
        }
        if rename(source, target) == 0 { return nil }
        let code = errno
        if code == EXDEV { return copyThenUnlink(source: source, target: target) }
        return "cannot move to \(target): \(String(cString: strerror(code)))"
    }

    /// Writes the reason next to a failed file (`NAME.error`), atomically: into
    /// `.NAME.error.partial` first, then renamed. A crash in between leaves only a dot-file
    /// that `removePartialNotes` deletes at the next start (Foundation's `.atomic` write left
    /// randomly named temp files in failed/ when killed).
    func writeErrorNote(for destination: String, sourceName: String, reason: String) {
        let note = Array("file: \(sourceName)\nreason: \(reason)\n".utf8)
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
        let sourcePath = String(cString: source)
        do {
            try FileManager.default.copyItem(atPath: sourcePath, toPath: target)
            unlink(source)
            return nil
        } catch {
            return "cannot copy to \(target): \(error.localizedDescription)"
        }
    }
}
