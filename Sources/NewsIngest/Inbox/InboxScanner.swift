#if canImport(Glibc)
import Glibc
#endif

/// Lists the inbox with `readdir` + `lstat`: no symlink is followed, no file is opened,
/// subfolders are walked (up to `maxDepth`), ignored names are skipped.
public struct InboxScanner {
    public let inbox: String
    public var maxDepth = 16

    public init(inbox: String) { self.inbox = inbox }

    /// Hands each entry below the inbox (ignored names skipped, directories descended, not
    /// passed on) to `body` as it is found: a caller that keeps only some of them does not pay
    /// memory for the whole inbox. Also reports each subfolder walked and each one too deep to
    /// walk (relative to the inbox).
    public func forEachEntry(visitingDirectories visit: ([UInt8]) -> Void = { _ in }, skippingTooDeep tooDeep: ([UInt8]) -> Void = { _ in },
                             _ body: (InboxEntry) -> Void) {
        var pending: [([UInt8], Int)] = [([], 0)]
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let (relative, depth) = pending.popLast() {
            let bytesPath = relative.isEmpty ? Array(inbox.utf8) : Array(inbox.utf8) + [UInt8(ascii: "/")] + relative
            guard let dir = opendir(cString(bytesPath)) else { continue }
            defer { closedir(dir) }
            let folder = dirfd(dir)
            while let item = readdir(dir) {
                // The name in place, and `fstatat` against the open folder: no path is built
                // for the files the scan skips, and none is resolved again from the root.
                let cName = UnsafeRawPointer(item).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
                let name = UnsafeRawBufferPointer(start: cName, count: strlen(cName)).bindMemory(to: UInt8.self)
                if InboxNameRules.isIgnored(name) { continue }  // also "." and "..", as dotfiles
                var info = stat()
                guard fstatat(folder, cName, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let childRelative = relative.isEmpty ? Array(name) : relative + [UInt8(ascii: "/")] + name
                let entry = InboxEntry(relativePath: childRelative, info: info)
                if entry.kind == .directory {
                    if depth + 1 < maxDepth {
                        pending.append((childRelative, depth + 1))
                        visit(childRelative)
                    } else {
                        tooDeep(childRelative)
                    }
                } else {
                    body(entry)
                }
            }
        }
    }

    /// The entry at `relativePath` as `forEachEntry` would pass it on; nil when the scan would not
    /// (gone, a directory, too deep, an ignored name or a link to a folder on the way).
    public func entry(at relativePath: [UInt8]) -> InboxEntry? {
        let components = relativePath.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard components.count <= maxDepth, !components.contains(where: InboxNameRules.isIgnored) else { return nil }
        var info = stat()
        var folder: [UInt8] = []
        for component in components.dropLast() {  // the scan descends real folders only
            folder += folder.isEmpty ? Array(component) : [UInt8(ascii: "/")] + component
            guard lstat(path(of: folder), &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
        }
        guard lstat(path(of: relativePath), &info) == 0 else { return nil }
        let entry = InboxEntry(relativePath: relativePath, info: info)
        return entry.kind == .directory ? nil : entry
    }

    /// The absolute (or inbox-relative) path of an entry as a C string's bytes.
    public func path(of entry: InboxEntry) -> [CChar] { path(of: entry.relativePath) }

    /// The path of the file at `relativePath` (raw bytes below the inbox) as a C string's bytes.
    public func path(of relativePath: [UInt8]) -> [CChar] {
        cString(Array(inbox.utf8) + [UInt8(ascii: "/")] + relativePath)
    }
}

/// NUL-terminated C string of raw bytes.
func cString(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
}
