import Foundation
import Testing

/// The shell completions shipped in docs/completions are what `newsq` generates: a changed
/// command or help text must be regenerated there too
/// (`newsq --generate-completion-script SHELL > docs/completions/newsq.SHELL`).
struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func shippedCompletionsAreCurrent(shell: String) throws {
        let generated = try run(Paths.newsq, ["--generate-completion-script", shell])
        #expect(generated.status == 0, "\(generated.stderr)")
        let shipped = try String(contentsOf: Paths.package.appendingPathComponent("docs/completions/newsq.\(shell)"), encoding: .utf8)
        #expect(generated.stdout == shipped, "docs/completions/newsq.\(shell) is out of date: regenerate it")
    }
}
