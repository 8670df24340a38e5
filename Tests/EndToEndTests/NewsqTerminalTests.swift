import Foundation
import Testing

/// newsq on a real pseudo-terminal (util-linux `script`): colour only on a terminal, never
/// with NO_COLOR or when piped, and article text never drives the terminal.
@Suite(.serialized)
struct NewsqTerminalTests {
    static let esc = "\u{1B}"

    /// Runs newsq inside `script`, whose pseudo-terminal is newsq's stdout; returns what it printed.
    func onTerminal(_ arguments: [String], in sandbox: Sandbox, environment: [String: String] = [:]) throws -> CommandResult {
        let command = ([Paths.newsq] + arguments + ["--state-dir", sandbox.state.path]).map(Self.shellQuote).joined(separator: " ")
        var env = ["TERM": "xterm-256color", "NO_COLOR": "", "COLUMNS": "120"]
        for (k, v) in environment { env[k] = v }
        return try run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], environment: env)
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    func escapes() throws -> Sandbox { try NewsqFixtures.escapes.get() }

    @Test func highlightsMatchesOnATerminal() throws {
        let out = try onTerminal(["search", "qalamoun"], in: try escapes())
        #expect(out.status == 0, "\(out.stdout)")
        #expect(out.stdout.lowercased().contains("\(Self.esc)[1;33mqalamoun\(Self.esc)[0m"), "highlighted: \(out.stdout.debugDescription)")
    }

    @Test func noColourWithNoColorOrWhenPipedOrWithColorNever() throws {
        let sandbox = try escapes()
        let noColor = try onTerminal(["search", "qalamoun"], in: sandbox, environment: ["NO_COLOR": "1"])
        #expect(noColor.status == 0)
        #expect(!noColor.stdout.contains(Self.esc), "\(noColor.stdout.debugDescription)")
        let never = try onTerminal(["search", "qalamoun", "--color", "never"], in: sandbox)
        #expect(!never.stdout.contains(Self.esc))
        let piped = try newsq(["search", "qalamoun"], in: sandbox, environment: ["TERM": "xterm"])
        #expect(piped.status == 0 && !piped.stdout.contains(Self.esc))
        let always = try newsq(["search", "qalamoun", "--color", "always"], in: sandbox)
        #expect(always.stdout.contains("\(Self.esc)[1;33m"), "--color always colours a pipe too")
    }

    @Test func articleEscapeSequencesArePrintedEscaped() throws {
        let sandbox = try escapes()
        let hit = try #require(try search(["qusair"], in: sandbox).results.first)
        let id = try #require(hit["id"] as? Int)
        for arguments in [["show", "\(id)"], ["search", "qusair"], ["search", "epicenter", "--color", "never"], ["recent"]] {
            let out = try onTerminal(arguments, in: sandbox)
            let text = out.stdout
            #expect(out.status == 0, "\(arguments)")
            // The article's own sequences are visible text, never sent raw.
            #expect(!text.contains("\(Self.esc)[31m") && !text.contains("\(Self.esc)[2J") && !text.contains("\(Self.esc)]"),
                    "\(arguments): \(text.debugDescription)")
            #expect(!text.contains("\u{07}"), "no BEL from the OSC title sequence")
            #expect(text.contains("\\e[31m") || arguments[0] == "search", "\(arguments): \(text.debugDescription)")
        }
        let show = try onTerminal(["show", "\(id)"], in: sandbox).stdout
        #expect(show.contains("\\e]8;;http://example.com/qusair"), "OSC 8 hyperlink shown as text: \(show.debugDescription)")
        #expect(show.contains("\\e[2J"))
        let raw = try newsq(["show", "\(id)", "--raw"], in: sandbox)
        #expect(raw.stdout.contains("\(Self.esc)[31m"), "--raw keeps the original bytes (for redirection)")
    }
}
