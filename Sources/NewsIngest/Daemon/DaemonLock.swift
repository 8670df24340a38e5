import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One newsd per database: an exclusive `flock` on `<db>.lock`, released by the kernel when
/// the process dies (so a crash never leaves a stale lock). The file holds the owner's pid.
public final class DaemonLock {
    private let fd: Int32
    public let path: String

    public enum LockError: Error, CustomStringConvertible {
        case held(path: String, pid: String?)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .held(let path, let pid):
                return "another newsd\(pid.map { " (pid \($0))" } ?? "") is already running on this database (lock \(path)); stop it first or use another --state-dir/--db"
            case .cannotOpen(let path, let reason):
                return "cannot open lock file \(path): \(reason)"
            }
        }
    }

    /// Takes the lock or throws `LockError.held` naming the running owner.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LockError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw LockError.held(path: path, pid: DaemonLock.owner(path: path))
        }
        self.fd = fd
        let pid = "\(getpid())\n"
        ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// The pid of the running newsd holding the lock at `path`, or nil when none holds it.
    public static func runningOwner(path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // A shared lock succeeds only when no newsd holds the exclusive one.
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return owner(path: path) ?? "?"
    }

    private static func owner(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
