/// Makes article text safe to write to a terminal or a log line.
///
/// Articles are stored verbatim, escape sequences included; anything printed passes through
/// here first. ESC, other C0/C1 controls and DEL become visible `\e`, `\x1b`-style escapes;
/// bidi overrides and isolates (which can reorder what a reader sees) become `<U+202E>`.
public enum TerminalSafe {
    /// `text` with every control and bidi control made visible. Newlines and tabs are kept
    /// when `keepLayout` is true (for whole-article output), else shown as spaces.
    public static func sanitize(_ text: String, keepLayout: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A || v == 0x09 {
                if keepLayout { out.append(scalar) } else { out.append(" ") }
            } else if v == 0x1B {
                out.append(contentsOf: "\\e".unicodeScalars)
            } else if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                out.append(contentsOf: "\\x\(hex(v))".unicodeScalars)
            } else if isBidiControl(v) {
                out.append(contentsOf: "<U+\(hex(v, width: 4))>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Explicit bidi embeddings, overrides, isolates and marks that can disguise text.
    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    private static func hex(_ v: UInt32, width: Int = 2) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
