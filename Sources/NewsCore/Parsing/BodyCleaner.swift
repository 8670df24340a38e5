/// The last step for every body: boilerplate lines dropped, each line trimmed with its runs of white space
/// collapsed to one space, runs of blank lines reduced to one, blank lines at both ends removed.
enum BodyCleaner {
    static func clean(_ text: String) -> String {
        var lines = [String]()
        var pendingBlank = false
        text.forEachLFLine { line in
            if BoilerplateRules.isBoilerplate(line) { return }
            let cleaned = collapsed(line)
            if cleaned.isEmpty {
                pendingBlank = !lines.isEmpty
                return
            }
            if pendingBlank { lines.append("") }
            pendingBlank = false
            lines.append(cleaned)
        }
        return lines.joined(separator: "\n")
    }

    /// `line` trimmed, with each run of white space replaced by one space.
    private static func collapsed(_ line: Substring) -> String {
        UTF8Whitespace.collapse(line)
    }
}
