import Foundation
import NewsIndex

/// A config file problem, named by file and line.
public struct ConfigError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let message: String
    public var description: String { "\(path):\(line): \(message)" }
}

/// Reads `key = value` config files (`#` comments, blank lines ignored) into `Settings`.
public enum ConfigFile {
    /// Where newsd and newsq look when no `--config` is given: `$NEWSD_CONFIG`, then
    /// `/etc/newsd/newsd.conf` if it exists; otherwise built-in defaults apply.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["NEWSD_CONFIG"], !path.isEmpty { return path }
        let system = "/etc/newsd/newsd.conf"
        return FileManager.default.fileExists(atPath: system) ? system : nil
    }

    /// Loads `path` over `settings`. Relative paths in the file are taken relative to the file's folder.
    public static func load(_ path: String, over settings: Settings = Settings()) throws -> Settings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: 0, message: "cannot read the config file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path, over: settings)
    }

    /// Applies the text of a config file to `settings`.
    public static func parse(_ text: String, path: String, over settings: Settings = Settings()) throws -> Settings {
        var s = settings
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ value: String) -> String {
            value.hasPrefix("/") || base.isEmpty ? value : base + "/" + value
        }
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fail = { (message: String) in ConfigError(path: path, line: offset + 1, message: message) }
            guard let eq = trimmed.firstIndex(of: "=") else { throw fail("expected `key = value`") }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            func number() throws -> Double {
                guard let n = Double(value), n.isFinite, n >= 0 else { throw fail("\(key) must be a non-negative number, not '\(value)'") }
                return n
            }
            func integer() throws -> Int {
                guard let n = Int(value), n > 0 else { throw fail("\(key) must be a positive integer, not '\(value)'") }
                return n
            }
            switch key {
            case "inbox": s.inbox = resolve(value)
            case "state_dir": s.stateDir = resolve(value)
            case "db", "database": s.database = resolve(value)
            case "interval": s.interval = max(0.05, try number())
            case "settle_delay": s.settleDelay = try number()
            case "max_file_bytes": s.maxFileBytes = try integer()
            case "batch_files": s.batchFiles = try integer()
            case "batch_bytes": s.batchBytes = try integer()
            case "queue_files": s.queueFiles = try integer()
            case "durability":
                guard let d = SQLiteIndex.Durability(rawValue: value.lowercased()) else { throw fail("durability must be full or normal") }
                s.durability = d
            case "near_duplicate_threshold":
                let t = try number()
                // Above 1 no pair qualifies: near-duplicate detection is off (the documented 1.01).
                guard t > 0 else { throw fail("near_duplicate_threshold must be above 0 (at most 1; above 1 turns detection off)") }
                s.nearDuplicateThreshold = t
            case "stop_timeout": s.stopTimeout = max(0.1, try number())
            case "idle_merge_after": s.idleMergeAfter = max(0, try number())
            case "log_level":
                let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
                guard levels.contains(value.lowercased()) else { throw fail("log_level must be one of " + levels.joined(separator: ", ")) }
                s.logLevel = value.lowercased()
            case "weight_title": s.weights.title = try number()
            case "weight_tags": s.weights.tags = try number()
            case "weight_author": s.weights.author = try number()
            case "weight_body": s.weights.body = try number()
            case "bm25_k1":
                let k1 = try number()
                guard k1 > 0 else { throw fail("bm25_k1 must be above 0 (0.8 by default; 1.2-2 saturate repeats more slowly)") }
                s.weights.k1 = k1
            case "bm25_b":
                let b = try number()
                guard (0...1).contains(b) else { throw fail("bm25_b must be between 0 and 1 (0.75 by default)") }
                s.weights.b = b
            case "proximity_weight":
                let weight = try number()
                guard weight >= 0 else { throw fail("proximity_weight must be 0 (off) or more (0.3 by default)") }
                s.weights.proximity = weight
            case "recency_boost": s.recencyBoost = try number()
            default: throw fail("unknown key '\(key)'")
            }
        }
        return s
    }
}
