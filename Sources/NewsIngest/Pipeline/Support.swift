import Foundation
import NewsCore

/// Wall-clock time.
enum Clock {
    static func nowNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func nowSeconds() -> Int64 { nowNanos() / 1_000_000_000 }
}

/// ISO 8601 timestamps for metadata and status files.
public enum ISO8601 {
    public static func format(epochSeconds: Int64) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}

/// Values quoted for log lines: control characters and escapes made visible, one line.
enum LogText {
    static func quote(_ text: String) -> String {
        "\"" + TerminalSafe.sanitize(text).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
