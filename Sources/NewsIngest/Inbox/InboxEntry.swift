#if canImport(Glibc)
import Glibc
#endif

/// One directory entry found in the inbox.
public struct InboxEntry: Hashable, Sendable {
    /// What kind of file system object the entry is (from `lstat`: links are never followed).
    public enum Kind: Hashable, Sendable { case regular, directory, symlink, fifo, socket, device, other }

    /// The path relative to the inbox, byte-exact (names need not be valid UTF-8).
    public let relativePath: [UInt8]
    public let kind: Kind
    public let size: Int
    /// Modification time in nanoseconds since 1970.
    public let modified: Int64
    public let inode: UInt64

    /// The name for logs, the database and destination folders (invalid UTF-8 replaced).
    public var displayName: String { String(decoding: relativePath, as: UTF8.self) }

    /// The entry's last path component, byte-exact.
    var baseName: ArraySlice<UInt8> {
        if let slash = relativePath.lastIndex(of: UInt8(ascii: "/")) { return relativePath[(slash + 1)...] }
        return relativePath[...]
    }

    /// `st_mode & S_IFMT` as the scan saw it.
    let type: UInt32

    /// A signature that changes when the file is written to or replaced.
    var signature: FileSignature { FileSignature(size: size, modified: modified, inode: inode, type: type) }

    init(relativePath: [UInt8], info: stat) {
        self.relativePath = relativePath
        type = UInt32(info.st_mode & S_IFMT)
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        case S_IFCHR, S_IFBLK: kind = .device
        default: kind = .other
        }
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
    }
}

/// Type, size, mtime and inode: equal across two looks means nobody wrote in between, nor
/// put something else (a folder, a link) under the name.
struct FileSignature: Hashable, Sendable {
    var size: Int
    var modified: Int64
    var inode: UInt64
    /// `st_mode & S_IFMT`: a folder made under a freed name can get the same inode number.
    var type: UInt32

    init(size: Int, modified: Int64, inode: UInt64, type: UInt32) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.type = type
    }

    init(_ info: stat) {
        self.init(size: Int(info.st_size), modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                  inode: UInt64(info.st_ino), type: UInt32(info.st_mode & S_IFMT))
    }

    /// The same file, written to since (only its mtime moved, as `touch` does): its content
    /// may be unchanged.
    func isTouched(from other: FileSignature) -> Bool {
        inode == other.inode && type == other.type && size == other.size && modified != other.modified
    }
}

/// Which names the daemon never picks up: dotfiles and unfinished downloads or saves.
public enum InboxNameRules {
    /// True for names to leave alone: `.name`, `*.part`, `*.tmp` (also `*.crdownload`, `*.swp`, `~` backups).
    public static func isIgnored(_ baseName: some BidirectionalCollection<UInt8>) -> Bool {
        guard let first = baseName.first else { return true }
        if first == UInt8(ascii: ".") || baseName.last == UInt8(ascii: "~") { return true }
        return ignoredSuffixes.contains { hasSuffixIgnoringASCIICase(baseName, $0) }
    }

    /// Endings of names that are still being written (lowercase).
    private static let ignoredSuffixes: [[UInt8]] = [".part", ".tmp", ".crdownload", ".download", ".swp", ".error"].map { Array($0.utf8) }

    /// Compares bytes, not a lowercased String: the scan asks this of every name in the inbox.
    private static func hasSuffixIgnoringASCIICase(_ name: some BidirectionalCollection<UInt8>, _ suffix: [UInt8]) -> Bool {
        guard name.count >= suffix.count else { return false }
        return zip(name.reversed(), suffix.reversed()).allSatisfy { byte, wanted in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == wanted : byte == wanted
        }
    }
}
