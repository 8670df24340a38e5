import Foundation
import NewsIndex
#if canImport(Glibc)
import Glibc
#endif

/// Why newsd will not start on a database, with what to do about it.
public enum StartupError: Error, CustomStringConvertible, Equatable {
    /// The file is not a database, or a check found damage.
    case damagedDatabase(path: String, detail: String)
    /// newsd could not write the database (or its folder): it would only fail every batch.
    case notWritable(path: String, reason: String)

    /// The exit status for this error: 78 (`EX_CONFIG`), which the unit's
    /// `RestartPreventExitStatus=78` keeps systemd from restarting in a loop.
    public static let exitStatus: Int32 = 78

    public var description: String {
        switch self {
        case .damagedDatabase(let path, let detail):
            return "the database at \(path) is damaged (\(detail)); newsd will not write to it. "
                + "See the damage with `newsq check --db \(path)`, then move the file aside and restore from your last "
                + "`newsq export` (or move the files from processed/ back into the inbox to rebuild the index)"
        case .notWritable(let path, let reason):
            return "cannot write \(path): \(reason); newsd needs write access to the database, its -wal/-shm files "
                + "and its folder (check the owner, the mode, `lsattr` and whether the file system is mounted read-only)"
        }
    }
}

/// Checks run before newsd opens its database for writing.
enum StartupCheck {
    /// Throws when the existing database at `path` cannot be written or is damaged.
    /// `PRAGMA quick_check` reads every page once: about a second per GB.
    static func database(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }  // a new database
        let folder = (path as NSString).deletingLastPathComponent
        for file in [path, path + "-wal", path + "-shm", folder.isEmpty ? "." : folder]
        where FileManager.default.fileExists(atPath: file) {
            if access(file, W_OK) != 0 { throw StartupError.notWritable(path: file, reason: String(cString: strerror(errno))) }
        }
        do {
            let connection = try Connection(path: path, mode: .readOnly)
            let problems = try connection.prepare("PRAGMA quick_check(5)").map { $0.string(0) ?? "" }
            if problems != ["ok"] {
                throw StartupError.damagedDatabase(path: path, detail: problems.joined(separator: "; "))
            }
        } catch let error as DatabaseError where error.isCorruption {
            throw StartupError.damagedDatabase(path: path, detail: error.message)
        }
    }
}
