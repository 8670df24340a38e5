/// The repair and normalisation every title and body goes through.
///
/// In order: double-encoded UTF-8 is repaired (`MojibakeRepair`); a stray `Â` left before a space or a
/// line end is dropped; CRLF and CR become LF; NBSP becomes a space; U+200B, U+200D, U+2060 and U+FEFF
/// are removed; the result is NFC. Control characters (ESC, BEL, …) are kept verbatim: the store keeps
/// the truth and printers neutralise them.
public enum TextNormalizer {
    /// The repaired, normalised text (not trimmed).
    public static func normalize(_ text: String) -> String {
        let repaired = MojibakeRepair.repair(text)
        var out = String.UnicodeScalarView()
        var needsNFC = false
        var changed = false
        let scalars = repaired.unicodeScalars
        var index = scalars.startIndex
        var previous: Unicode.Scalar = "\n"
        while index != scalars.endIndex {
            let scalar = scalars[index]
            scalars.formIndex(after: &index)
            switch scalar.value {
            case 0x0D:
                // CRLF and lone CR both become one LF.
                if index != scalars.endIndex && scalars[index] == "\n" { scalars.formIndex(after: &index) }
                out.append("\n")
                previous = "\n"
                changed = true
            case 0xA0:
                out.append(" ")
                previous = " "
                changed = true
            case 0x200B, 0x200D, 0x2060, 0xFEFF:
                changed = true
            case 0xC2 where isStrayA(after: previous, next: index == scalars.endIndex ? nil : scalars[index]):
                changed = true
            default:
                if scalar.value >= 0x300 { needsNFC = true }
                out.append(scalar)
                previous = scalar
            }
        }
        let result = changed ? String(out) : repaired
        // Text made only of scalars below U+0300 is already NFC: skip the pass on it.
        return needsNFC ? nfc(result) : result
    }

    /// Unicode NFC. The standard library's normaliser is used rather than Foundation's
    /// `precomposedStringWithCanonicalMapping`: importing Foundation next to libxml2 (whose headers pull in
    /// the system ICU) makes clean builds fail with clashing `UErrorCode` definitions.
    public static func nfc(_ text: String) -> String {
        String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// The trimmed title with every run of white space (line breaks included) collapsed to one space.
    public static func normalizeTitle(_ text: String) -> String {
        collapseWhitespace(normalize(text))
    }

    /// `text` with each run of white space replaced by one space, and trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A `Â` (U+00C2) glued to the end of a word and followed by a space or a line end is what is left of a
    /// UTF-8 NBSP (C2 A0) whose second byte became a plain space; `Â` never ends a real word like that.
    @inline(__always)
    private static func isStrayA(after previous: Unicode.Scalar, next: Unicode.Scalar?) -> Bool {
        guard !previous.properties.isWhitespace else { return false }
        guard let next else { return true }
        return next == " " || next == "\n" || next == "\r" || next == "\t" || next == "\u{A0}"
    }
}
