import Foundation
import Logging

/// One log event per stdout line: `level message key=value …`. journald adds the time;
/// when stdout is a terminal a timestamp is printed too.
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private let withTime = isatty(STDOUT_FILENO) == 1

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        var text = withTime ? Self.timestamp() + " " : ""
        text += "\(level) \(message)"
        let all = metadata.merging(extra ?? [:]) { $1 }
        for key in all.keys.sorted() { text += " \(key)=\(all[key]!)" }
        text += "\n"
        fputs(text, stdout)
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
