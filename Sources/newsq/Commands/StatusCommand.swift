import ArgumentParser
import Foundation
import NewsIndex
import NewsIngest

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Is newsd running? Its last heartbeat, the inbox backlog and failures.",
        discussion: """
            Exit code 0 when newsd is running, 1 when it is not.

            Examples:
              newsq status
              newsq status --json
            """)

    @Flag(help: "Print JSON.")
    var json = false
    @OptionGroup var database: DatabaseOptions

    struct StatusJSON: NullKeepingEncodable {
        var running: Bool
        var pid: Int?
        var heartbeat: String?
        var heartbeat_age_seconds: Int64?
        var inbox: String
        var inbox_files: Int
        var failed: Int?
        var articles: Int?
        /// Files newsd could not read (permission denied, I/O error) and retries.
        var unreadable: Int?
        var last_error: String?
    }

    func run() throws {
        let settings = try database.settings()
        let pid = DaemonLock.runningOwner(path: settings.lockPath)
        let status = DaemonStatus.load(path: settings.statusPath)
        let inbox = status?.inbox ?? settings.inbox
        var backlog = 0
        InboxScanner(inbox: inbox).forEachEntry { _ in backlog += 1 }
        let stats = try? database.openIndex().stats()
        let age = status.map { Int64(Date().timeIntervalSince1970) - $0.heartbeatEpoch }
        let report = StatusJSON(running: pid != nil, pid: pid.flatMap { Int($0) }, heartbeat: status?.heartbeatAt, heartbeat_age_seconds: age,
                                inbox: inbox, inbox_files: backlog, failed: stats?.failed, articles: stats?.articles,
                                unreadable: pid != nil ? status?.unreadable : nil, last_error: pid != nil ? status?.lastError : nil)
        if json {
            Output.json(report)
        } else {
            Output.line("newsd        " + (pid.map { "running (pid \($0))" } ?? "not running"))
            if let heartbeat = report.heartbeat, let age {
                // newsd beats at least every few seconds while it runs; a silent one may be stuck.
                let stale = pid != nil && age > 120 ? "; stale: newsd may be stuck, see its log" : ""
                Output.line("heartbeat    \(heartbeat) (\(age) s ago\(stale))")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: inbox, isDirectory: &isFolder), isFolder.boolValue {
                Output.line("inbox        \(inbox): \(backlog) file\(backlog == 1 ? "" : "s") waiting")
            } else {
                Output.line("inbox        \(inbox): MISSING (newsd takes nothing until it is back)")
            }
            if let stats { Output.line("index        \(stats.articles) articles, \(stats.failed) failed") }
            if let unreadable = report.unreadable, unreadable > 0 {
                Output.line("unreadable   \(unreadable) file\(unreadable == 1 ? "" : "s") in the inbox cannot be read (see newsd's log); retried")
            }
            if let error = report.last_error { Output.line("last error   \(error)") }
        }
        if pid == nil { throw ExitCode(1) }
    }
}
