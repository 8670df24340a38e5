import Foundation

/// The heartbeat newsd writes after every tick, for `newsq status`.
public struct DaemonStatus: Codable, Sendable, Equatable {
    public var pid: Int32
    public var startedAt: String
    public var heartbeatAt: String
    public var heartbeatEpoch: Int64
    public var inbox: String
    public var database: String
    public var indexed: Int
    public var updated: Int
    public var duplicates: Int
    public var failed: Int
    public var unreadable: Int
    public var backlog: Int
    public var waiting: Int
    public var lastError: String?
    /// True when newsd has nothing left to do: the inbox drained and the full-text index's
    /// segments merged (absent from status files older than the idle merge).
    public var settled: Bool?

    /// Reads the status file at `path`, if any.
    public static func load(path: String) -> DaemonStatus? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(DaemonStatus.self, from: data)
    }

    /// Writes the status atomically (temp file + rename) so readers never see half of it.
    func save(path: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
