/// The repair and normalisation every title and body goes through.
///
/// In order: double-encoded UTF-8 is repaired (`MojibakeRepair`); a stray `Â` left before a space or a
/// line end is dropped; CRLF and CR become LF; NBSP becomes a space; U+200B, U+200D, U+2060 and U+FEFF
/// are removed; the result is NFC. Control characters (ESC, BEL, …) are kept verbatim: the store keeps
/// the truth and printers neutralise them.
public enum TextNormalizer {
    /// The repaired, normalised text (not trimmed).
    public static func normalize(_ text: String) -> String {
        var result = MojibakeRepair.repair(text)
        let scan = quickScan(result)
        if scan.needsCleanup { result = cleanup(result) }
        // Text made only of scalars below U+0300 is already NFC: skip the pass on it.
        return scan.needsNFC ? nfc(result) : result
    }

    /// One pass over the UTF-8 bytes: is there anything to clean up (CR, NBSP, `Â`, the removed
    /// invisible characters), and any scalar from U+0300 up (lead byte 0xCC or more) that NFC may change?
    static func quickScan(_ text: String) -> (needsCleanup: Bool, needsNFC: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            var cleanup = false, nfc = false
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if b == 0x0D { cleanup = true }
                } else if b >= 0xCC {
                    nfc = true
                    if i + 2 < bytes.count && isRemovedInvisible(b, bytes[i + 1], bytes[i + 2]) { cleanup = true }
                } else if b == 0xC2 || b == 0xC3 {
                    if i + 1 < bytes.count && (bytes[i + 1] == 0xA0 || (b == 0xC3 && bytes[i + 1] == 0x82)) { cleanup = true }
                }
                if cleanup && nfc { break }
                i += 1
            }
            return (cleanup, nfc)
        }
    }

    /// U+200B, U+200D (E2 80 8B/8D), U+2060 (E2 81 A0), U+FEFF (EF BB BF).
    @inline(__always)
    private static func isRemovedInvisible(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Bool {
        (b0 == 0xE2 && ((b1 == 0x80 && (b2 == 0x8B || b2 == 0x8D)) || (b1 == 0x81 && b2 == 0xA0)))
            || (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF)
    }

    /// CR/CRLF → LF, NBSP → space, invisible characters removed, stray `Â` dropped.
    static func cleanup(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = text.unicodeScalars
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
            case 0xA0:
                out.append(" ")
                previous = " "
            case 0x200B, 0x200D, 0x2060, 0xFEFF:
                break
            case 0xC2 where isStrayA(after: previous, next: index == scalars.endIndex ? nil : scalars[index]):
                break
            default:
                out.append(scalar)
                previous = scalar
            }
        }
        return String(out)
    }

    /// Unicode NFC. The standard library's normaliser is used rather than Foundation's
    /// `precomposedStringWithCanonicalMapping`: importing Foundation next to libxml2 (whose headers pull in
    /// the system ICU) makes clean builds fail with clashing `UErrorCode` definitions.
    public static func nfc(_ text: String) -> String {
        String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// `text` with each run of white space replaced by one space, and trimmed.
    public static func collapseWhitespace(_ text: String) -> String {
        UTF8Whitespace.collapse(text[...])
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
