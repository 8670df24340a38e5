import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder with an inbox and a state folder, removed when released.
final class Sandbox {
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    var state: URL { root.appendingPathComponent("state") }
    var database: String { state.appendingPathComponent("news.db").path }

    init(_ name: String = "e2e") throws {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("newsd-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Copies a file into the inbox atomically (write beside, then rename in), under `name`.
    @discardableResult
    func drop(_ source: URL, as name: String? = nil) throws -> URL {
        let target = inbox.appendingPathComponent(name ?? source.lastPathComponent)
        let staging = root.appendingPathComponent(".staging-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: staging)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(staging.path, target.path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return target
    }

    /// Writes bytes into the inbox atomically under `name`.
    @discardableResult
    func drop(bytes: [UInt8], as name: String) throws -> URL {
        let staging = root.appendingPathComponent(".staging-\(UUID().uuidString)")
        try Data(bytes).write(to: staging)
        let target = inbox.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(staging.path, target.path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return target
    }

    /// Regular files left in the inbox (recursively, dotfiles included).
    func inboxFiles() -> [String] {
        let walker = FileManager.default.enumerator(atPath: inbox.path)
        var files: [String] = []
        while let name = walker?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: inbox.appendingPathComponent(name).path, isDirectory: &isDir), !isDir.boolValue {
                files.append(name)
            }
        }
        return files.sorted()
    }

    /// Files under a state subfolder (`processed`, `duplicates`, `failed`).
    func files(in folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: state.appendingPathComponent(folder).path)) ?? []).sorted()
    }
}
