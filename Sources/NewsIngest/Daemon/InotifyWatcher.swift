import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Wakes the daemon as soon as a file is closed after writing or renamed into the inbox,
/// and tells the readiness tracker which files are still being written. Polling stays the
/// ground truth; this only lowers latency and protects slow writers.
final class InotifyWatcher {
    /// A file event: the path relative to the inbox, and whether the file is complete.
    typealias Handler = (_ relativePath: [UInt8], _ complete: Bool) -> Void

    private let fd: Int32
    private let inbox: String
    private var directories: [Int32: [UInt8]] = [:]
    private var watched: Set<[UInt8]> = []
    /// Kept in a stored property: a released Dispatch source stops delivering.
    private var source: DispatchSourceRead?
    /// Where events go (set by `start`).
    private var handler: Handler?

    init?(inbox: String) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.inbox = inbox
        watch(relativeDirectory: [])
    }

    deinit {
        source?.cancel()
        close(fd)
    }

    /// Watches a directory below the inbox (idempotent).
    func watch(relativeDirectory: [UInt8]) {
        guard !watched.contains(relativeDirectory) else { return }
        let path = relativeDirectory.isEmpty ? Array(inbox.utf8) : Array(inbox.utf8) + [UInt8(ascii: "/")] + relativeDirectory
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_MODIFY | IN_CREATE) | 0x0200_0000 | 0x0100_0000  // IN_DONTFOLLOW | IN_ONLYDIR (macros Swift does not import)
        let wd = inotify_add_watch(fd, cString(path), mask)
        guard wd >= 0 else { return }
        directories[wd] = relativeDirectory
        watched.insert(relativeDirectory)
    }

    /// Stops watching a folder that left its place in the inbox, and the folders below it: a
    /// watch follows the folder, so its events would come under the old path (a folder moved
    /// within the inbox is watched again under its new path when it arrives there, and its
    /// subfolders when a scan visits them).
    private func unwatch(relativeDirectory: [UInt8]) {
        let prefix = relativeDirectory + [UInt8(ascii: "/")]
        for (wd, path) in directories where path == relativeDirectory || path.starts(with: prefix) {
            inotify_rm_watch(fd, wd)
            directories[wd] = nil
            watched.remove(path)
        }
    }

    /// Starts delivering events on `queue` (the ingest queue, so no locking is needed).
    func start(on queue: DispatchQueue, handler: @escaping Handler, wake: @escaping () -> Void) {
        self.handler = handler
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { @Sendable [weak self] in
            guard let self else { return }
            if self.drain(handler) { wake() }
        }
        source.resume()
        self.source = source
    }

    /// Delivers the pending events now, on the caller's thread (which must be the queue given
    /// to `start`): between the batches of a backlog, whose loop keeps that queue busy.
    /// Returns true when some file became complete.
    func poll() -> Bool {
        guard let handler else { return false }
        return drain(handler)
    }

    /// Reads all pending events; true when some file became complete.
    private func drain(_ handler: Handler) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var sawComplete = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let name = Array(buffer[nameStart..<min(nameStart + length, n)].prefix(while: { $0 != 0 }))
                offset = nameStart + length
                if mask & UInt32(IN_IGNORED) != 0, let gone = directories.removeValue(forKey: wd) {
                    watched.remove(gone)  // folder removed: watch it again if it comes back
                    continue
                }
                guard let directory = directories[wd], !name.isEmpty else { continue }
                let relative = directory.isEmpty ? name : directory + [UInt8(ascii: "/")] + name
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & UInt32(IN_MOVED_FROM) != 0 { unwatch(relativeDirectory: relative) }
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watch(relativeDirectory: relative) }
                    sawComplete = sawComplete || mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0
                    continue
                }
                if mask & UInt32(IN_MOVED_FROM) != 0 { continue }  // a file leaving: nothing to take
                // A link made into the inbox gets no write or close event here (its writer, if
                // any, writes through another name): the scan's settle rule judges it, instead
                // of the 10-minute wait for a write that never closes.
                if mask & UInt32(IN_CREATE) != 0, isHardLink(relative) { continue }
                let complete = mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0
                handler(relative, complete)
                sawComplete = sawComplete || complete
            }
        }
        return sawComplete
    }

    /// True for a regular file with more than one name: made by `link()` from a file that
    /// exists elsewhere, where a file a writer creates here has one name.
    private func isHardLink(_ relative: [UInt8]) -> Bool {
        var info = stat()
        return lstat(cString(Array(inbox.utf8) + [UInt8(ascii: "/")] + relative), &info) == 0
            && info.st_mode & S_IFMT == S_IFREG && info.st_nlink > 1
    }
}
