/// The last step for every body: boilerplate lines dropped, each line trimmed with its runs of white space
/// collapsed to one space, runs of blank lines reduced to one, blank lines at both ends removed.
enum BodyCleaner {
    static func clean(_ text: String) -> String {
        // Written straight into the result: no string per line, no array of lines to join.
        // Never longer than the text: each line shrinks or stays, and each separator written
        // (one LF, or two across blank lines) stands for at least as many LFs of the text.
        let cleaned = String(unsafeUninitializedCapacity: text.utf8.count) { out in
            var n = 0
            var wroteLine = false, pendingBlank = false
            text.forEachLFLine { line in
                if BoilerplateRules.isBoilerplate(line) { return }
                let lineStart = wroteLine ? n + (pendingBlank ? 2 : 1) : n
                let end = line.utf8.withContiguousStorageIfAvailable { UTF8Whitespace.collapse($0, into: out, at: lineStart) }
                    ?? { var copy = String(line); return copy.withUTF8 { UTF8Whitespace.collapse($0, into: out, at: lineStart) } }()
                if end == lineStart {
                    pendingBlank = wroteLine
                    return
                }
                for i in n..<lineStart { out[i] = 0x0A }
                n = end
                wroteLine = true
                pendingBlank = false
            }
            return n
        }
        // The string keeps the capacity it was made with: a body that shrank a lot (mostly
        // boilerplate or white space) is copied, not held at its input's size until written.
        guard cleaned.utf8.count * 2 < text.utf8.count else { return cleaned }
        var copy = cleaned
        return copy.withUTF8 { String(decoding: $0, as: UTF8.self) }
    }
}
