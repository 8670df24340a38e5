import Dispatch
import Foundation
import Testing
@testable import NewsIngest

/// The inotify watcher reports files under their current paths after folders move.
@Suite struct InotifyWatcherTests {
    final class Events: @unchecked Sendable {
        var complete: [String] = []
    }

    /// `sub` renamed to `sub2`, then a new `sub`: files written in either are reported under
    /// their real paths (the watch follows the folder, so its old path had to be dropped).
    @Test func filesInMovedAndRecreatedFoldersKeepTheirPaths() throws {
        let inbox = NSTemporaryDirectory() + "inotify-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let watcher = try #require(InotifyWatcher(inbox: inbox))
        let events = Events()
        let queue = DispatchQueue(label: "test.inotify")
        queue.sync {
            watcher.start(on: queue, handler: { path, complete in
                if complete { events.complete.append(String(decoding: path, as: UTF8.self)) }
            }, wake: {})
        }
        func settle() { usleep(50_000); queue.sync { _ = watcher.poll() } }
        try FileManager.default.createDirectory(atPath: inbox + "/sub", withIntermediateDirectories: false)
        settle()
        #expect(rename(inbox + "/sub", inbox + "/sub2") == 0)
        settle()
        try FileManager.default.createDirectory(atPath: inbox + "/sub", withIntermediateDirectories: false)
        settle()
        try Data("a".utf8).write(to: URL(fileURLWithPath: inbox + "/sub/x.txt"))
        try Data("b".utf8).write(to: URL(fileURLWithPath: inbox + "/sub2/y.txt"))
        settle()
        #expect(Set(queue.sync { events.complete }) == ["sub/x.txt", "sub2/y.txt"])
    }
}
