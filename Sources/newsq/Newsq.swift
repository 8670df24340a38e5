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
            Exit codes: 0 found / done, 1 no match or no such article (or: problem
            found, newsd not running), 2 bad query, usage or database error.
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
        // Mistakes in the command line get ArgumentParser's message and usage; failures while
        // running get the message alone (a usage line under "cannot read FILE" misleads).
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { usageError(error) }
        do {
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as QuerySyntaxError {
            fail(error.description, status: 2)
        } catch let error as IndexError {
            if case .notFound = error { fail(error.description, status: 1) }  // no such article: no match
            fail(error.description, status: 2)
        } catch let error as ValidationError {
            fail(error.message, status: 2)
        } catch {
            usageError(error)
        }
    }

    /// Help and version requests exit 0 as ArgumentParser prints them; other errors exit 2.
    private static func usageError(_ error: Error) -> Never {
        let code = exitCode(for: error)
        if code == .success || code.rawValue == 0 { exit(withError: error) }
        fail(fullMessage(for: error), status: 2)
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("newsq: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
