#if canImport(Glibc)
import Glibc
#endif

/// Reads an inbox file safely: never follows a symlink, never blocks on a FIFO, never reads
/// more than the size cap.
enum FileReader {
    enum Outcome {
        /// The content, and the file's identity when it was read (to spot a replacement later).
        case bytes([UInt8], FileSignature)
        /// Larger than the cap: reject without reading.
        case tooLarge(Int)
        /// Not a regular file after all (replaced since the scan): a symlink, FIFO, …
        case notRegular(String)
        /// Gone since the scan (deleted or renamed away, or a folder now): nothing to do.
        case vanished
        /// Exists but cannot be read now (permission denied, I/O error): keep and retry.
        case unreadable(String)
    }

    static func read(_ path: [CChar], maxBytes: Int) -> Outcome {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: return .vanished
            case ELOOP: return .notRegular("symbolic link (not followed)")
            case ENXIO: return .notRegular("socket or FIFO without a writer")
            default: return .unreadable(String(cString: strerror(code)))
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        // A folder now holds the name: the next scan walks it (recording it as a failed file
        // would move the whole folder, unread, into failed/).
        if info.st_mode & S_IFMT == S_IFDIR { return .vanished }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notRegular(describe(mode: info.st_mode)) }
        let size = Int(info.st_size)
        if size > maxBytes { return .tooLarge(size) }
        // Read to EOF (the size may have changed since fstat), but never past the cap.
        var bytes = [UInt8](repeating: 0, count: max(size, 1))
        var total = 0
        while true {
            if total == bytes.count {
                guard bytes.count <= maxBytes else { return .tooLarge(bytes.count) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2)))
            }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, $0.count - total) }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            total += n
        }
        if total > maxBytes { return .tooLarge(total) }
        bytes.removeSubrange(total...)
        guard fstat(fd, &info) == 0 else { return .unreadable(String(cString: strerror(errno))) }
        return .bytes(bytes, FileSignature(info))
    }

    /// The identity of the file at `path` now (`lstat`: a symlink is its own identity), or nil when gone.
    static func signature(_ path: [CChar]) -> FileSignature? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileSignature(info)
    }

    static func describe(mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "symbolic link (not followed)"
        case S_IFIFO: return "a FIFO (named pipe), not a regular file"
        case S_IFSOCK: return "a socket, not a regular file"
        case S_IFCHR, S_IFBLK: return "a device node, not a regular file"
        default: return "not a regular file"
        }
    }
}
