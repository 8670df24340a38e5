import ArgumentParser
import Foundation
import NewsIndex

/// `newsq`: search and inspect the index newsd keeps.
@main
struct Newsq: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsq",
        abstract: "Search and inspect the news index kept by newsd.",
        discussion: """
            Exit codes: 0 found / done, 1 no match (or: problem found, newsd not
            running), 2 bad query, usage or database error.
            Query syntax: newsq help search. Completion: newsq
            --generate-completion-script bash|zsh|fish.

            Examples:
              newsq search "Hezbollah Qalamoun"
              newsq search '"last battle" site:aljazeera.com date:2015-05' --json
              newsq show 12
              newsq stats --by month
              newsq check
            """,
        subcommands: [
            SearchCommand.self, ShowCommand.self, RecentCommand.self, StatsCommand.self, TagsCommand.self,
            SitesCommand.self, StatusCommand.self, FailuresCommand.self, CheckCommand.self, OptimizeCommand.self, ReindexCommand.self,
            ExportCommand.self, ImportCommand.self, ParseCommand.self, DupsCommand.self, SimilarCommand.self,
        ],
        defaultSubcommand: nil)

    static func main() {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe ends output quietly (see Output.write)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as QuerySyntaxError {
            FileHandle.standardError.write(Data("newsq: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch let error as IndexError {
            FileHandle.standardError.write(Data("newsq: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == 0 { exit(withError: error) }
            FileHandle.standardError.write(Data("newsq: \(fullMessage(for: error))\n".utf8))
            Foundation.exit(2)
        }
    }
}
