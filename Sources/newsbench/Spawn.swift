import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, so its peak RSS can be read from wait4's rusage.
final class Child {
    let pid: pid_t

    init(_ program: String, _ arguments: [String], quiet: Bool = true) throws {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var env = ProcessInfo.processInfo.environment
        env["NEWSD_CONFIG"] = ""
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let rc = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard rc == 0 else { throw BenchError("cannot start \(program): \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    /// Waits for the exit; returns the status and the peak resident set size in bytes.
    func wait() -> (status: Int32, peakRSS: Int) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xff, Int(usage.ru_maxrss) * 1024)
    }

    /// Current resident set size (VmRSS) in bytes.
    var currentRSS: Int { Child.status(pid: pid, field: "VmRSS:") }
    /// Peak resident set size so far (VmHWM) in bytes.
    var peakRSS: Int { Child.status(pid: pid, field: "VmHWM:") }

    func signal(_ sig: Int32) { kill(pid, sig) }

    static func status(pid: pid_t, field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field) {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }
}

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Percentile (nearest rank) of samples.
func percentile(_ samples: [Double], _ p: Double) -> Double {
    guard !samples.isEmpty else { return .nan }
    let sorted = samples.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

/// Size of the database file in bytes (measured after newsd's exit checkpoint).
func databaseBytes(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
