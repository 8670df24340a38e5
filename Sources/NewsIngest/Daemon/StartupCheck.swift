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
    /// A folder or file newsd writes lies inside the inbox (newsd would ingest its own database,
    /// lock and moved files), or the inbox lies inside a folder files are moved to (a loop).
    /// `path` lies inside `container` (or is it, when `same`); each names its resolved form
    /// too when a symbolic link or `..` made them differ.
    case nestedFolders(role: String, path: String, containerRole: String, container: String, same: Bool)

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
        case .nestedFolders(let role, let path, let containerRole, let container, let same):
            let whereItIs = same ? "is the \(containerRole) \(container) itself" : "is inside the \(containerRole) \(container)"
            if containerRole == "inbox" {
                return "the \(role) \(path) \(whereItIs): newsd would take its own database, lock and moved files for "
                    + "articles (and move them to failed/, losing the index). Keep them apart (for example --inbox "
                    + "/srv/news/inbox --state-dir /srv/news/state); the inbox may sit in the state folder, not the other way round"
            }
            return "the \(role) \(path) \(whereItIs): every file newsd moves there would be taken again, in a loop. "
                + "Keep them apart (for example --inbox /srv/news/inbox --state-dir /srv/news/state); the inbox may sit "
                + "in the state folder, but not in its processed/, duplicates/ or failed/ folders"
        }
    }
}

/// Checks run before newsd opens its database for writing.
enum StartupCheck {
    /// Throws `StartupError.nestedFolders` when the state folder, the database or one of the
    /// processed/duplicates/failed folders is the inbox or lies inside it, or when the inbox lies
    /// inside one of those three folders. Paths are compared resolved (symbolic links of what
    /// exists followed, `.` and `..` removed), so a link cannot hide a nesting. `settings` must
    /// hold absolute paths. Nothing is created or touched.
    static func layout(_ settings: Settings) throws {
        let inbox = Place(settings.inbox)
        let written: [(String, String)] = [
            ("state folder", settings.stateDir), ("database", settings.databasePath),
            ("processed folder", settings.processedDir), ("duplicates folder", settings.duplicatesDir),
            ("failed folder", settings.failedDir),
        ]
        for (role, path) in written {
            let place = Place(path)
            if place.isInside(inbox) {
                throw StartupError.nestedFolders(role: role, path: place.named, containerRole: "inbox",
                                                 container: inbox.named, same: place.resolved == inbox.resolved)
            }
        }
        for (role, path) in written.suffix(3) {
            let place = Place(path)
            if inbox.isInside(place) {
                throw StartupError.nestedFolders(role: "inbox", path: inbox.named, containerRole: role,
                                                 container: place.named, same: place.resolved == inbox.resolved)
            }
        }
    }

    /// A configured path and where it really is.
    struct Place {
        let path: String
        let resolved: String
        init(_ path: String) {
            self.path = path
            resolved = StartupCheck.resolve(path)
        }
        /// The path as configured, with its resolved form when that differs.
        var named: String { resolved == path ? path : "\(path) (resolved: \(resolved))" }
        /// True when this is `other` or lies below it.
        func isInside(_ other: Place) -> Bool {
            resolved == other.resolved || other.resolved == "/" || resolved.hasPrefix(other.resolved + "/")
        }
    }

    /// `path` (absolute) with symbolic links followed as far as it exists (a dangling link's
    /// target too), and `.`, `..` and repeated slashes removed from the part that does not exist.
    static func resolve(_ path: String, depth: Int = 0) -> String {
        var existing = path
        var rest: [String] = []
        var base = "/"
        while true {
            if let real = realpath(existing, nil) {
                base = String(cString: real)
                free(real)
                break
            }
            var info = stat()
            if depth < 40, lstat(existing, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
               let target = try? FileManager.default.destinationOfSymbolicLink(atPath: existing) {
                let parent = (existing as NSString).deletingLastPathComponent
                base = resolve(target.hasPrefix("/") ? target : parent + "/" + target, depth: depth + 1)
                break
            }
            let parent = (existing as NSString).deletingLastPathComponent
            if parent == existing || parent.isEmpty { break }
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = parent
        }
        var parts = base.split(separator: "/").map(String.init)
        for part in rest where !part.isEmpty && part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

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
