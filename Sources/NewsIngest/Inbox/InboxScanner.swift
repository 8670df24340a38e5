#if canImport(Glibc)
import Glibc
#endif

/// Lists the inbox with `readdir` + `lstat`: no symlink is followed, no file is opened,
/// subfolders are walked (up to `maxDepth`), ignored names are skipped.
public struct InboxScanner {
    public let inbox: String
    public var maxDepth = 16

    public init(inbox: String) { self.inbox = inbox }

    /// Every entry below the inbox except ignored names; directories are descended, not returned.
    public func scan() -> [InboxEntry] { scan(visitingDirectories: { _ in }) }

    /// Like `scan()`, also reporting each subfolder walked and each one too deep to walk
    /// (relative to the inbox).
    public func scan(visitingDirectories visit: ([UInt8]) -> Void, skippingTooDeep tooDeep: ([UInt8]) -> Void = { _ in }) -> [InboxEntry] {
        var entries: [InboxEntry] = []
        var pending: [([UInt8], Int)] = [([], 0)]
        while let (relative, depth) = pending.popLast() {
            let dirPath = relative.isEmpty ? inbox : inbox + "/" + String(decoding: relative, as: UTF8.self)
            let bytesPath = relative.isEmpty ? Array(inbox.utf8) : Array(inbox.utf8) + [UInt8(ascii: "/")] + relative
            guard let dir = opendir(cString(bytesPath)) else { _ = dirPath; continue }
            defer { closedir(dir) }
            while let item = readdir(dir) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw -> [UInt8] in
                    Array(raw.prefix(while: { $0 != 0 }))
                }
                if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
                if InboxNameRules.isIgnored(name) { continue }
                let childRelative = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                var info = stat()
                guard lstat(cString(Array(inbox.utf8) + [UInt8(ascii: "/")] + childRelative), &info) == 0 else { continue }
                let entry = InboxEntry(relativePath: childRelative, info: info)
                if entry.kind == .directory {
                    if depth + 1 < maxDepth {
                        pending.append((childRelative, depth + 1))
                        visit(childRelative)
                    } else {
                        tooDeep(childRelative)
                    }
                } else {
                    entries.append(entry)
                }
            }
        }
        return entries
    }

    /// The entry at `relativePath` as `scan()` would list it; nil when the scan would not
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
