import Foundation
import Logging
import Synchronization

/// One log event per stdout line: `level message key=value …`. journald adds the time;
/// when stdout is a terminal a timestamp is printed too.
///
/// Every handler reads one process-wide level, so that setting `logLevel` on any logger
/// (a SIGHUP reload does) changes it for all the copies the daemon's parts hold.
struct LineLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]

    /// The level shared by every handler, as the index of `Logger.Level.allCases`.
    private static let sharedLevel = Atomic<Int>(Logger.Level.allCases.firstIndex(of: .info)!)

    var logLevel: Logger.Level {
        get { Logger.Level.allCases[Self.sharedLevel.load(ordering: .relaxed)] }
        nonmutating set { Self.sharedLevel.store(Logger.Level.allCases.firstIndex(of: newValue)!, ordering: .relaxed) }
    }
    private let withTime = isatty(STDOUT_FILENO) == 1

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = withTime ? Self.timestamp() + " " : ""
        text += "\(event.level) \(event.message)"
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in all.keys.sorted() { text += " \(key)=\(all[key]!)" }
        text += "\n"
        fputs(text, stdout)
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
