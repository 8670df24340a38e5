import ArgumentParser
import Foundation
import Logging
import NewsIngest

/// `newsd`: watches an inbox and keeps the full-text index up to date.
@main
struct NewsdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsd",
        abstract: "Ingest news files dropped into an inbox into an SQLite FTS5 index.",
        discussion: """
            Files in the inbox are parsed, deduplicated and indexed; then moved to processed/, \
            duplicates/ or failed/ (with a .error note) under the state directory. Search with newsq.
            Signals: SIGTERM/SIGINT finish the current batch and exit 0; SIGHUP reloads the config.

            Examples:
              newsd                                  # ./inbox into ./state/news.db
              newsd --inbox /srv/news/in --state-dir /var/lib/newsd
              newsd --once                           # ingest what is there, then exit
            """)

    @Option(help: "Config file (key = value). Default: $NEWSD_CONFIG, else /etc/newsd/newsd.conf if present.")
    var config: String?
    @Option(help: "Inbox folder to watch (default: ./inbox).")
    var inbox: String?
    @Option(help: "State folder: database, processed/, duplicates/, failed/ (default: ./state).")
    var stateDir: String?
    @Option(help: "Database file (default: <state-dir>/news.db).")
    var db: String?
    @Option(help: "Seconds between inbox scans (default: 1).")
    var interval: Double?
    @Flag(help: "Process the files in the inbox, then exit.")
    var once = false
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// Holds SIGHUP before anything else runs (no thread exists yet): a reload sent while newsd
    /// starts must not kill it. `Daemon.run()` lets it through once Dispatch handles it. SIGTERM
    /// and SIGINT are let through here, whatever mask the parent passed on.
    static func main() {
        Daemon.holdReloadsUntilRunning()
        main(nil)
    }

    func validate() throws {
        if let interval, interval <= 0 { throw ValidationError("--interval must be a positive number of seconds") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Config file, then command-line flags on top.
    func loadSettings() throws -> Settings {
        var settings = Settings()
        if let path = config ?? ConfigFile.defaultPath() { settings = try ConfigFile.load(path, over: settings) }
        if let inbox { settings.inbox = inbox }
        if let stateDir { settings.stateDir = stateDir }
        if let db { settings.database = db }
        if let interval { settings.interval = interval }
        if let logLevel { settings.logLevel = logLevel }
        return settings
    }

    func run() throws {
        setvbuf(stdout, nil, _IOLBF, 0)  // one line at a time into journald
        let settings: Settings
        do { settings = try loadSettings() } catch { fail("\(error)") }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            let handler = LineLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "newsd")
        let daemon: Daemon
        do {
            daemon = try Daemon(settings: settings, logger: logger, once: once, reload: { try loadSettings() })
        } catch let error as StartupError {
            fail("\(error)", status: StartupError.exitStatus)
        } catch {
            fail("\(error)")
        }
        daemon.run()
    }

    private func fail(_ message: String, status: Int32 = 1) -> Never {
        FileHandle.standardError.write(Data("newsd: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
