import Foundation

/// The state of the operating system's file cache at the start of a timed phase, made
/// explicit. The machines this benchmark runs on are virtual and page out file cache that
/// has been idle for a minute or so (here: DAMON's `pageout` scheme, in
/// /sys/kernel/mm/damon), so without this a phase timed minutes after its files were last
/// read times the virtual disk, and the two sides of a comparison would start from
/// different states (docs/performance.md, "The file cache").
enum PageCache {
    /// Reads `paths` (files, or folders: every regular file in them, recursively) through
    /// once, so that the timed phase finds them in the cache, as a busy server or a file
    /// just dropped into the inbox does. Missing paths are skipped.
    static func warm(_ paths: [String]) {
        for path in paths { forEachFile(under: path) { read(wholeFile: $0) } }
    }

    /// An SQLite database's files: the database and its write-ahead log.
    static func files(ofDatabase path: String) -> [String] { [path, path + "-wal"] }

    /// Drops the cached pages of `path` (a file): the next reads come from the disk, as after
    /// the machine reclaimed them. Dirty pages are written first (they cannot be dropped).
    /// (On a virtual machine the host may still hold them: "from disk" can read faster than
    /// a truly cold disk would.)
    static func evict(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        fdatasync(fd)
        posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
    }

    private static func forEachFile(under path: String, _ body: (String) -> Void) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { return body(path) }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return }
        while let relative = walker.nextObject() as? String {
            let file = path + "/" + relative
            var info = stat()
            if lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG { body(file) }
        }
    }

    private static func read(wholeFile path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = Foundation.read(fd, buffer, size)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            return
        }
    }
}
