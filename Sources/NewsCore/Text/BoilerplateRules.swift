/// Lines that are page furniture, not article text, dropped from every body whatever the format.
///
/// A line is compared trimmed and case-insensitively, with a trailing `.`, `:` or `…` ignored for the
/// exact rules. The table stays small on purpose: each entry must be a line no real sentence consists of.
public enum BoilerplateRules {
    /// How a rule matches a trimmed, lowercased line.
    public enum Match: Sendable, Equatable {
        /// The whole line equals the text.
        case exact(String)
        /// The line starts with the text and is followed by more (`RELATED: …`).
        case prefix(String)
        /// A short call to action: the line starts with the text and is at most `maxLength` characters.
        case shortPrefix(String, maxLength: Int)
    }

    /// The rules, all lowercase.
    public static let rules: [Match] = [
        .prefix("related:"),
        .exact("view larger map"),
        .exact("advertisement"),
        .exact("skip advertisement"),
        .exact("share this article"),
        .exact("share this story"),
        .exact("share this"),
        .exact("share on facebook"),
        .exact("share on twitter"),
        .exact("subscribe to our newsletter"),
        .exact("sign up for our newsletter"),
        .shortPrefix("click here to ", maxLength: 80),
    ]

    /// The lowercase ASCII initials of the rules, as a bit mask over `a`…`z`.
    static let initials: UInt32 = rules.reduce(0) { mask, rule in
        switch rule {
        case .exact(let text), .prefix(let text), .shortPrefix(let text, _):
            guard let first = text.utf8.first, first >= 0x61, first <= 0x7A else { return mask }
            return mask | 1 << UInt32(first - 0x61)
        }
    }

    @inline(__always)
    private static func isInitial(_ byte: UInt8) -> Bool {
        byte >= 0x61 && byte <= 0x7A && initials & (1 << UInt32(byte - 0x61)) != 0
    }

    /// Lines longer than this (in scalars; twice that in bytes) are never boilerplate.
    static let maxLineLength = 120

    /// Whether `line` is boilerplate.
    public static func isBoilerplate(_ line: Substring) -> Bool {
        guard line.utf8.count <= maxLineLength * 2 else { return false }
        // Cheap pre-filter: every rule starts with one of these letters.
        guard let first = line.utf8.first(where: { $0 != 0x20 && $0 != 0x09 }),
              isInitial(first | 0x20) else { return false }
        var text = String(line).trimmingWhitespace()
        guard !text.isEmpty, text.unicodeScalars.count <= maxLineLength else { return false }
        text = text.lowercased()
        let bare = text.hasSuffix(".") || text.hasSuffix(":") || text.hasSuffix("…") ? String(text.dropLast()) : text
        for rule in rules {
            switch rule {
            case .exact(let value): if bare == value { return true }
            case .prefix(let value): if text.hasPrefix(value) && text.utf8.count > value.utf8.count { return true }
            case .shortPrefix(let value, let maxLength): if text.hasPrefix(value) && text.unicodeScalars.count <= maxLength { return true }
            }
        }
        return false
    }

    /// Whether `line` is boilerplate.
    public static func isBoilerplate(_ line: String) -> Bool { isBoilerplate(line[...]) }
}
