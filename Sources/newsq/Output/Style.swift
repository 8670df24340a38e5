import ArgumentParser
import Foundation
import NewsCore
import NewsIndex

/// When to colour: `auto` means stdout is a terminal and `NO_COLOR` is not set.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Text styling for terminal output; plain when colour is off.
struct Style {
    let color: Bool

    init(_ choice: ColorChoice, environment: [String: String] = ProcessInfo.processInfo.environment) {
        switch choice {
        case .always: color = true
        case .never: color = false
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            color = isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb"
        }
    }

    func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    func accent(_ s: String) -> String { color ? "\u{1B}[36m\(s)\u{1B}[0m" : s }

    /// A snippet made safe for the terminal, with matches highlighted (colour) or unmarked.
    func snippet(_ raw: String) -> String {
        let safe = TerminalSafe.sanitize(raw)
        if color {
            return safe.replacingOccurrences(of: Highlight.start, with: "\u{1B}[1;33m").replacingOccurrences(of: Highlight.end, with: "\u{1B}[0m")
        }
        return Style.plain(safe)
    }

    /// Text without highlight markers.
    static func plain(_ s: String) -> String {
        s.replacingOccurrences(of: Highlight.start, with: "").replacingOccurrences(of: Highlight.end, with: "")
    }

    /// Article text made safe for a terminal (one line).
    func safe(_ s: String?) -> String { TerminalSafe.sanitize(s ?? "") }
}
